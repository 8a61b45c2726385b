"""Outcome data as an analysis sees it: the rows of a form's outcome fields,
gathered per study, outcome, time point and arm; the long layout they are
exchanged in; and what one study brings to a meta-analysis.

A place an output cannot fill says why (in conflict, not extracted), as
everywhere else; an analysis leaves such a study out and names the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from extractor.core.errors import ExtractorError
from extractor.core.field_types.base import normalise_text
from extractor.core.field_types.outcomes import (
    ARM,
    COMPARISON_SEPARATOR,
    DERIVATION,
    OUTCOME,
    OUTCOME_TYPES,
    TIMEPOINT,
)
from extractor.core.forms import Field, Form
from extractor.core.meta.analysis import StudyInput
from extractor.core.meta.effect_sizes import (
    CONTINUOUS_MEASURES,
    DICHOTOMOUS_MEASURES,
    ArmCounts,
    ArmMeans,
    Measure,
    reported_effect,
)
from extractor.core.model import Evidence
from extractor.core.sources import IN_CONFLICT, NOT_EXTRACTED, Sourced
from extractor.core.values import Value, format_value

__all__ = [
    "LONG_COLUMNS",
    "QUOTES_COLUMN",
    "ROW_TYPE",
    "OutcomeRow",
    "comparison",
    "long_records",
    "outcome_fields",
    "outcome_rows",
    "row_type",
    "study_input",
    "summary_lines",
]

# The long layout: one row per study, outcome, time point and arm (or comparison).
ROW_TYPE = "type"  # which outcome type a row is: optional on import, written on export
LONG_COLUMNS = [
    "study", OUTCOME, TIMEPOINT, ARM, "n", "events", "mean", "sd", "se", "ci_low", "ci_high",
    "median", "q1", "q3", "min", "max", "unit", DERIVATION, "measure", "estimate", ROW_TYPE,
]  # fmt: skip
QUOTES_COLUMN = "quotes"


@dataclass(frozen=True)
class OutcomeRow:
    """One row of an outcome field, with where it sits in the form."""

    study: Sourced
    group: Field
    number: int  # 1-based row of the group
    values: Mapping[str, Value]

    @property
    def type(self) -> str:
        return self.group.type

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return "" if value is None else str(value)

    def path(self, key: str) -> str:
        return f"{self.group.key}[{self.number}].{key}"

    def shown(self, key: str) -> str:
        """A sub-field's value as text; "[in conflict]" where the reviewers disagree."""
        if self.path(key) in self.study.open_cells:
            return IN_CONFLICT
        sub, value = self.group.subfield(key), self.values.get(key)
        return "" if sub is None or value is None else format_value(sub, value)

    def number_of(self, key: str) -> float | None:
        """A sub-field's number; None where it is empty or in conflict."""
        value = self.values.get(key)
        if self.path(key) in self.study.open_cells or not isinstance(value, int | float):
            return None
        return float(value)

    def in_conflict(self, keys: Iterable[str]) -> list[str]:
        return [key for key in keys if self.path(key) in self.study.open_cells]

    def matches(self, outcome: str, timepoint: str | None, arm: str | None) -> bool:
        """Whether the row is of `outcome` (at `timepoint`, in `arm`; None: any)."""
        same = normalise_text(self.text(OUTCOME)) == normalise_text(outcome)
        when = timepoint is None or normalise_text(self.text(TIMEPOINT)) == normalise_text(
            timepoint
        )
        return (
            same and when and (arm is None or normalise_text(self.text(ARM)) == normalise_text(arm))
        )


def outcome_fields(form: Form) -> dict[str, Field]:
    """The form's first field of each outcome type, by type."""
    found: dict[str, Field] = {}
    for item in form.fields():
        if item.type in OUTCOME_TYPES:
            found.setdefault(item.type, item)
    return found


def outcome_rows(items: Iterable[Sourced], form: Form) -> list[OutcomeRow]:
    """Every row of every outcome field, study by study, in form and entry order."""
    rows: list[OutcomeRow] = []
    for item in items:
        for group in form.groups():
            if group.type not in OUTCOME_TYPES:
                continue
            for number, values in enumerate(item.data.groups.get(group.key, []), start=1):
                rows.append(OutcomeRow(item, group, number, values))
    return rows


def comparison(experimental: str, control: str) -> str:
    """How a study's own estimate names the arms it compares."""
    return f"{experimental}{COMPARISON_SEPARATOR}{control}"


_CONTINUOUS = ("mean", "sd", "se", "ci_low", "ci_high", "median", "q1", "q3", "min", "max", "unit")


def row_type(cells: Mapping[str, str]) -> str:
    """Which outcome type a long-layout row belongs to, by the cells it fills; ""
    where it does not say (only an n, say)."""
    if cells.get("measure", "").strip() or cells.get("estimate", "").strip():
        return "effect_estimate"
    if cells.get("events", "").strip():
        return "dichotomous"
    if any(cells.get(key, "").strip() for key in _CONTINUOUS):
        return "continuous"
    return ""


def long_records(
    items: Sequence[Sourced], form: Form, quote_text: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """The long layout, one record per outcome row; a study with no outcome rows yet
    (and not marked complete) or rows still only one reviewer's says so. With
    `quote_text` (a document id to its file name), a `quotes` column lists each
    value's quotes."""
    records: list[dict[str, str]] = []
    groups = [g for g in form.groups() if g.type in OUTCOME_TYPES]
    for item in items:
        rows = outcome_rows([item], form)
        for row in rows:
            record = {column: "" for column in LONG_COLUMNS}
            record["study"] = item.study.label
            record[ROW_TYPE] = row.type
            for sub in row.group.fields:
                if sub.key not in record:
                    continue
                path = row.path(sub.key)
                value = row.values.get(sub.key)
                if path in item.open_cells:
                    record[sub.key] = IN_CONFLICT
                elif value is not None:
                    record[sub.key] = format_value(sub, value)
            if quote_text is not None:
                record[QUOTES_COLUMN] = _quotes(row, item.data.evidence, quote_text)
            records.append(record)
        notes = [item.rows_note(g.key) for g in groups if item.rows_note(g.key)]
        if not rows and not item.complete:
            notes.insert(0, NOT_EXTRACTED)
        for note in notes:
            record = {column: "" for column in LONG_COLUMNS}
            record.update(study=item.study.label, outcome=note)
            if quote_text is not None:
                record[QUOTES_COLUMN] = ""
            records.append(record)
    return records


def _quotes(
    row: OutcomeRow, evidence: Mapping[str, list[Evidence]], files: Mapping[str, str]
) -> str:
    parts = []
    for sub in row.group.fields:
        for quote in evidence.get(row.path(sub.key), []):
            where = f"{files.get(quote.document_id, 'PDF')} p. {quote.page}"
            parts.append(f"{sub.key}: “{quote.quote}” ({where})")
    return " | ".join(parts)


def study_input(
    item: Sourced,
    rows: Sequence[OutcomeRow],
    *,
    measure: Measure,
    outcome: str,
    timepoint: str | None,
    experimental: str,
    control: str,
    subgroup: str | None = None,
) -> StudyInput:
    """What one study brings to an analysis of `outcome` comparing two arms.

    Both arms come from one time point: the one asked for, else the only one at
    which the study reports both; a study reporting both at several time points
    is left out with the reason rather than pooled from a guess. A study's own
    estimate is read with a 95% CI, as papers report them.
    """
    label = item.study.label
    mine = [r for r in rows if r.study is item and r.matches(outcome, timepoint, None)]
    arm_type = "dichotomous" if measure in DICHOTOMOUS_MEASURES else "continuous"
    names = (experimental, control)
    if measure in DICHOTOMOUS_MEASURES + CONTINUOUS_MEASURES:
        by_arm = [
            [r for r in mine if r.type == arm_type and r.matches(outcome, None, n)] for n in names
        ]
        when = _one_time(by_arm)
        if isinstance(when, str):
            return StudyInput(label, subgroup=subgroup, missing=when)
        if when is not None:
            return _from_arms(label, when, measure, subgroup)
    estimates = [
        [
            r
            for r in mine
            if r.type == "effect_estimate"
            and r.matches(outcome, None, comparison(experimental, control))
            and normalise_text(r.text("measure")) == normalise_text(measure.value)
        ]
    ]
    found = _one_time(estimates)
    if isinstance(found, str):
        return StudyInput(label, subgroup=subgroup, missing=found)
    if found is not None:
        return _from_estimate(label, found[0], measure, subgroup)
    return StudyInput(label, subgroup=subgroup, missing=_absent(item, mine, measure))


def _one_time(by_arm: list[list[OutcomeRow]]) -> list[OutcomeRow] | str | None:
    """One row per arm, all at the same time point: the rows; None where an arm has
    no row; the reason where the time point is not clear."""
    if not all(by_arm):
        return None
    times = [{normalise_text(r.text(TIMEPOINT)): r for r in reversed(rows)} for rows in by_arm]
    common = [t for t in times[0] if all(t in other for other in times[1:])]
    if len(common) == 1:
        return [found[common[0]] for found in times]
    shown = sorted({r.text(TIMEPOINT) or "no time point" for rows in by_arm for r in rows})
    if not common:
        return f"the arms are at different time points ({', '.join(shown)})"
    return f"several time points ({', '.join(shown)}): choose one"


def _absent(item: Sourced, rows: Sequence[OutcomeRow], measure: Measure) -> str:
    """Why a study has no data for an analysis, in the reviewer's words."""
    if any(r.in_conflict((OUTCOME, TIMEPOINT, ARM)) for r in rows):
        return "in conflict: an outcome, time point or arm"
    if any(item.rows_note(key) for key in item.open_rows):
        return "in conflict: rows entered by one reviewer only"
    if rows:
        reported = sorted({r.text("measure") for r in rows if r.type == "effect_estimate"})
        arms = sorted({r.text(ARM) for r in rows if r.type != "effect_estimate"})
        found = [f"{m} as reported" for m in reported if m] + (
            [f"arms {', '.join(arms)}"] if arms else []
        )
        return f"no data for {measure} (found {'; '.join(found)})"
    return "not reported" if item.complete else "not extracted"


def _from_arms(
    label: str, arms: Sequence[OutcomeRow], measure: Measure, subgroup: str | None
) -> StudyInput:
    keys = ("events", "n") if measure in DICHOTOMOUS_MEASURES else ("mean", "sd", "n")
    conflicts = [f"{arm.text(ARM)} {key}" for arm in arms for key in arm.in_conflict(keys)]
    if conflicts:
        return StudyInput(label, subgroup=subgroup, missing="in conflict: " + ", ".join(conflicts))
    numbers = [{key: arm.number_of(key) for key in keys} for arm in arms]
    lacking = [
        f"{arm.text(ARM)} {key}"
        for arm, got in zip(arms, numbers, strict=True)
        for key in keys
        if got[key] is None
    ]
    if lacking:
        return StudyInput(label, subgroup=subgroup, missing="no " + ", ".join(lacking))
    if measure in DICHOTOMOUS_MEASURES:
        counts = [ArmCounts(n["events"] or 0, n["n"] or 0) for n in numbers]
        return StudyInput(label, counts[0], counts[1], subgroup=subgroup)
    means = [ArmMeans(n["mean"] or 0, n["sd"] or 0, n["n"] or 0) for n in numbers]
    return StudyInput(label, means[0], means[1], subgroup=subgroup)


def _from_estimate(
    label: str, row: OutcomeRow, measure: Measure, subgroup: str | None
) -> StudyInput:
    keys = ("estimate", "ci_low", "ci_high", "se")
    conflicts = row.in_conflict(keys)
    if conflicts:
        return StudyInput(label, subgroup=subgroup, missing="in conflict: " + ", ".join(conflicts))
    estimate = row.number_of("estimate")
    if estimate is None:
        return StudyInput(label, subgroup=subgroup, missing="no estimate")
    try:
        effect = reported_effect(
            measure,
            estimate,
            ci_low=row.number_of("ci_low"),
            ci_high=row.number_of("ci_high"),
            se=row.number_of("se"),
        )
    except ExtractorError as problem:
        return StudyInput(label, subgroup=subgroup, missing=str(problem))
    return StudyInput(label, reported=effect, subgroup=subgroup)


def summary_lines(item: Sourced, group: Field) -> list[str]:
    """An outcome field's rows in words, one line per outcome and time point, for a
    characteristics table: "Death (12 months): Drug 4/50; Placebo 9/51"."""
    lines: dict[tuple[str, str], list[str]] = {}
    for number, values in enumerate(item.data.groups.get(group.key, []), start=1):
        row = OutcomeRow(item, group, number, values)
        where = (row.shown(OUTCOME) or "?", row.shown(TIMEPOINT))
        lines.setdefault(where, []).append(
            f"{row.shown(ARM)} {_numbers(group.type, row.shown)}".strip()
        )
    return [
        f"{outcome}{f' ({when})' if when else ''}: " + "; ".join(parts)
        for (outcome, when), parts in lines.items()
    ]


def _numbers(kind: str, text: Callable[[str], str]) -> str:
    if kind == "dichotomous":
        return f"{text('events') or '?'}/{text('n') or '?'}"
    if kind == "effect_estimate":
        ci = f" ({text('ci_low')} to {text('ci_high')})" if text("ci_low") else ""
        se = f", SE {text('se')}" if text("se") and not ci else ""
        return f"{text('measure')} {text('estimate')}{ci}{se}".strip()
    parts = []
    if text("mean"):
        spread = (
            f" (SD {text('sd')})" if text("sd") else f" (SE {text('se')})" if text("se") else ""
        )
        parts.append(f"mean {text('mean')}{spread}")
    if text("median"):
        iqr = f" [{text('q1')}–{text('q3')}]" if text("q1") else ""
        span = f" range {text('min')}–{text('max')}" if text("min") else ""
        parts.append(f"median {text('median')}{iqr}{span}")
    if text("n"):
        parts.append(f"n = {text('n')}")
    unit = f" {text('unit')}" if text("unit") else ""
    return ", ".join(parts) + (unit if parts else "")


def unit_warning(rows: Sequence[OutcomeRow], outcome: str, timepoint: str | None) -> str | None:
    """A warning where the studies measured a continuous outcome in different units:
    a mean difference would then pool numbers that do not compare."""
    studies: dict[str, set[str]] = {}
    for row in rows:
        if row.type == "continuous" and row.matches(outcome, timepoint, None):
            unit = row.text("unit").strip()
            if unit:
                studies.setdefault(normalise_text(unit), set()).add(row.study.study.label)
    if len(studies) < 2:
        return None
    listed = "; ".join(f"{unit} ({', '.join(sorted(labels))})" for unit, labels in studies.items())
    return (
        f"{outcome} is measured in different units: {listed}. A mean difference pools them as "
        "they are: convert them first, or use SMD"
    )
