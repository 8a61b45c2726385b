"""The rules of dual review that are not arithmetic: which two reviewers form a
study's pair, which disagreement a decision names, and what a decision means."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from extractor.core.compare import Conflict, Row
from extractor.core.errors import InputError, NotFoundError, RefusedError, UsageError, ValueProblem
from extractor.core.forms import Form
from extractor.core.model import ReviewerInfo
from extractor.core.paths import FieldPath
from extractor.core.values import Value, check_at, parse_text

TAKE_A, TAKE_B, EDITED = "A", "B", "edited"


@dataclass(frozen=True)
class Decision:
    """What the consensus took for one disagreement, and why."""

    choice: str  # TAKE_A, TAKE_B or EDITED
    value: Value | Row | None
    reason: str = ""


def pair_of(
    people: Sequence[ReviewerInfo], answered: set[str], wanted: Sequence[ReviewerInfo]
) -> tuple[ReviewerInfo, ReviewerInfo] | None:
    """The pair of a study: the two asked for (or assigned), else the first two
    reviewers who answered it, by when they joined the project (`people` is in that
    order). None when no two of them answered; with one reviewer asked for, only a
    pair that includes them."""
    if len(wanted) == 2:
        chosen = list(wanted)
    else:
        chosen = [r for r in people if r.id in answered][:2]
        if wanted and wanted[0] not in chosen:
            return None
    if len(chosen) < 2 or any(r.id not in answered for r in chosen):
        return None
    return chosen[0], chosen[1]


class Located(Protocol):
    """A disagreement where it stands: its form, the result assessed, the conflict."""

    @property
    def form(self) -> str: ...

    @property
    def result(self) -> str: ...

    @property
    def conflict(self) -> Conflict: ...


L = TypeVar("L", bound=Located)


def named_disagreement(
    found: Sequence[L], study: str, path: str, form_key: str | None, result: str | None
) -> L:
    """The one disagreement of a study that a path (and, where needed, a form and a
    result) names; the user's error says what there is instead."""
    here = [c for c in found if form_key in (None, c.form) and result in (None, c.result)]
    matches = [c for c in here if c.conflict.path == path]
    if not matches:
        known = ", ".join(sorted({c.conflict.path for c in here})) or "none"
        raise NotFoundError(f"{study}: no disagreement at '{path}' (disagreements: {known})")
    if len(matches) > 1:
        places = ", ".join(f"{c.form} {c.result}".strip() for c in matches)
        raise RefusedError(
            f"'{path}' disagrees in several places ({places}); name one with --form or --result"
        )
    return matches[0]


def decide(
    form: Form,
    conflict: Conflict,
    take: str | None = None,
    value: object = None,
    text: str | None = None,
) -> tuple[str, Value | Row | None]:
    """What a decision puts in the consensus: side A's or B's value (`take`), a value
    typed as in the CSV layout (`text`), or a JSON value (`value`; a whole row is an
    object of its fields, or None to leave it out). Checked against the field."""
    if take is not None:
        side = take.upper()
        if side not in (TAKE_A, TAKE_B):
            raise UsageError(f"--take must be A or B, not '{take}'")
        return side, conflict.a if side == TAKE_A else conflict.b
    parsed = FieldPath.parse(conflict.path)
    if parsed.row is not None and parsed.sub is None:  # a row only one side has
        return EDITED, _row(form, conflict.path, parsed.key, value, text)
    found = form.resolve(conflict.field)
    if found is None:
        raise NotFoundError(f"form '{form.key}' has no field '{conflict.field}'")
    target = found[1]
    if text is not None:
        try:
            return EDITED, parse_text(target, text)
        except ValueProblem as problem:
            raise InputError.at(conflict.path, None, str(problem)) from None
    return EDITED, check_at(target, value, conflict.path)


def _row(form: Form, path: str, key: str, value: object, text: str | None) -> Row | None:
    group = form.field(key)
    if group is None or not group.is_group:
        raise NotFoundError(f"form '{form.key}' has no group '{key}'")
    if text is not None:
        raise RefusedError("a whole row takes --value-json: an object of its fields, or null")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InputError.at(path, None, "a row is an object of its fields, or null to leave it out")
    row: Row = {}
    for name, cell in value.items():
        sub = group.subfield(str(name))
        if sub is None:
            raise NotFoundError(f"group '{group.key}' has no field '{name}'")
        row[str(name)] = check_at(sub, cell, f"{path}.{name}")
    return row
