"""Outcome data: groups of rows whose sub-fields the type fixes, so that every
form's outcome data has the same shape and can be analysed.

A row is one outcome at one time point in one arm (for a study's own effect
estimate, in one comparison, "Drug vs Placebo"). Rows pair between reviewers by
outcome, time point and arm, whatever order they were entered in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from extractor.core.field_types.base import FieldKind, Value, normalise_text
from extractor.core.field_types.group import Group

if TYPE_CHECKING:
    from extractor.core.forms import Field

OUTCOME, TIMEPOINT, ARM, DERIVATION = "outcome", "timepoint", "arm", "derivation"
# The measures a study may report as its own estimate.
REPORTED_MEASURES = ("OR", "RR", "RD", "HR", "MD", "SMD")
COMPARISON_SEPARATOR = " vs "

_WHERE = [
    {"key": OUTCOME, "label": "Outcome", "type": "text"},
    {"key": TIMEPOINT, "label": "Time point", "type": "text"},
]
_DERIVATION = {
    "key": DERIVATION,
    "label": "Derivation",
    "type": "text",
    "help": "How a value not reported as such was worked out; the calculators fill it in.",
}


def _count(key: str, label: str) -> dict[str, Any]:
    return {"key": key, "label": label, "type": "integer", "min": 0}


def _number(key: str, label: str) -> dict[str, Any]:
    return {"key": key, "label": label, "type": "decimal"}


class _Outcomes(Group):
    """A group whose sub-fields are the type's own."""

    sub_fields: tuple[Mapping[str, Any], ...] = ()

    def fixed_fields(self) -> tuple[Mapping[str, Any], ...]:
        return self.sub_fields

    def row_key(self, field: Field, row: Mapping[str, Value]) -> object | None:
        outcome = row.get(OUTCOME)
        if outcome in (None, ""):
            return None
        return tuple(normalise_text(str(row.get(key) or "")) for key in (OUTCOME, TIMEPOINT, ARM))


class Dichotomous(_Outcomes):
    name = "dichotomous"
    sub_fields = (
        *_WHERE,
        {"key": ARM, "label": "Arm", "type": "text"},
        _count("events", "Events"),
        _count("n", "Total"),
        _DERIVATION,
    )


class Continuous(_Outcomes):
    name = "continuous"
    sub_fields = (
        *_WHERE,
        {"key": ARM, "label": "Arm", "type": "text"},
        {"key": "unit", "label": "Unit", "type": "text"},
        _count("n", "n"),
        _number("mean", "Mean"),
        _number("sd", "SD"),
        _number("se", "SE"),
        _number("ci_low", "CI low"),
        _number("ci_high", "CI high"),
        _number("median", "Median"),
        _number("q1", "Q1"),
        _number("q3", "Q3"),
        _number("min", "Min"),
        _number("max", "Max"),
        _DERIVATION,
    )


class EffectEstimate(_Outcomes):
    name = "effect_estimate"
    sub_fields = (
        *_WHERE,
        {
            "key": ARM,
            "label": "Comparison",
            "type": "text",
            "help": f"The arms compared, experimental first: 'Drug{COMPARISON_SEPARATOR}Placebo'.",
        },
        {
            "key": "measure",
            "label": "Measure",
            "type": "choice",
            "options": list(REPORTED_MEASURES),
        },
        _number("estimate", "Estimate"),
        _number("ci_low", "CI low"),
        _number("ci_high", "CI high"),
        _number("se", "SE"),
        _DERIVATION,
    )


KINDS: tuple[FieldKind, ...] = (Dichotomous(), Continuous(), EffectEstimate())
OUTCOME_TYPES = frozenset(kind.name for kind in KINDS)
