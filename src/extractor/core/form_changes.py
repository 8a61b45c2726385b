"""What changes between two versions of a form, and what becomes of each answer.

Fields are known by their keys, which stay when labels change: a field whose key
is in both versions is the same field, however it was renamed, moved or retyped.
An answer is carried to the new version when its field is still there and its
value still fits (after conversion to a new type, with a choice matched to the
option it names); an answer that cannot be carried is lost, with the reason, and
the caller keeps it in the audit log and in the old version's data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import cast

from extractor.core.errors import ValueProblem
from extractor.core.forms import Field, Form
from extractor.core.model import ExtractionData
from extractor.core.paths import FieldPath
from extractor.core.values import Value, check_value, format_value, is_empty
from extractor.core.words import counted


class Change(StrEnum):
    ADDED = "added"
    RENAMED = "renamed"
    MOVED = "moved"
    CHOICES_ADDED = "choices added"
    CHOICES_REMOVED = "choices removed"
    CONVERTED = "converted"
    EDITED = "edited"
    REMOVED = "removed"


@dataclass(frozen=True)
class FieldChange:
    change: Change
    path: str  # `key`, or `group.sub` for a group's sub-field
    label: str  # the field's label in the new version (the old one when removed)
    detail: str = ""  # "Study design → Design", "integer → decimal", the choices


@dataclass(frozen=True)
class Fate:
    """What becomes of one answer: its value in the new version (None when lost), and
    why it is not carried whole ("" when it is)."""

    value: Value
    lost: str = ""

    def alters(self, value: Value) -> bool:
        """Whether the answer that held `value` changes: lost, or stored otherwise
        (12 becoming 12.0 is a change of type, though the numbers are equal)."""
        return bool(self.lost) or type(self.value) is not type(value) or self.value != value


_EDITED_PROPERTIES = ("unit", "help", "required", "min", "max", "display", "key_field")


def compare_forms(old: Form, new: Form) -> list[FieldChange]:
    """Every change from `old` to `new`, field by field, in the new form's order
    (removed fields last)."""
    changes: list[FieldChange] = []
    old_fields = dict(_paths(old))
    new_fields = dict(_paths(new))
    moved = _moved(old, new)
    for path, now in new_fields.items():
        before = old_fields.get(path)
        if before is None:
            changes.append(FieldChange(Change.ADDED, path, now.label, now.type))
            continue
        changes.extend(_changes_of(path, before, now))
        if path in moved:
            changes.append(FieldChange(Change.MOVED, path, now.label, moved[path]))
    gone = _removed_groups(old, new)
    for path, before in old_fields.items():
        head, dot, _ = path.partition(".")
        if path not in new_fields and not (dot and head in gone):
            changes.append(FieldChange(Change.REMOVED, path, before.label, before.type))
    return changes


def fate(old: Form, new: Form, path: str, value: Value) -> Fate:
    """What becomes of an answer to `path` (`key` or `group.sub`) holding `value`."""
    before, now = _field_at(old, path), _field_at(new, path)
    if before is None:
        return Fate(value)  # not a field of the old version: left as it was
    if now is None:
        group = old.field(path.partition(".")[0])
        whole = group is not None and group.is_group and new.field(group.key) is None
        return Fate(None, f"{'its group' if whole else 'the field'} was removed")
    if is_empty(value):
        return Fate(value)
    removed = _removed_choices(before, now)
    if now.kind.takes_options and isinstance(value, list) and removed:
        kept = [item for item in value if str(item).casefold() not in removed]
        if len(kept) < len(value):
            dropped = [item for item in value if str(item).casefold() in removed]
            reason = f"{_quoted_list(dropped)} no longer a choice"
            return Fate(_carried(before, now, kept) if kept else None, reason)
    try:
        return Fate(_carried(before, now, value))
    except ValueProblem as problem:
        if isinstance(value, str) and value.casefold() in removed:
            return Fate(None, f"'{value}' is no longer a choice")
        return Fate(None, str(problem))


def revision_lines(
    changes: Iterable[FieldChange], held: Mapping[str, int], lost: Mapping[str, int]
) -> Iterator[str]:
    """The changes as lines for people, each with the answers its field holds (`held`
    by path) and how many of them cannot be carried (`lost` by path)."""
    for item in changes:
        name = f"{item.label} ({item.path})"
        detail = f": {item.detail}" if item.detail else ""
        yield f"{item.change.value:<16}{name}{detail}{_answers_said(item, held, lost)}"


def _answers_said(item: FieldChange, held: Mapping[str, int], lost: Mapping[str, int]) -> str:
    count, gone = held.get(item.path, 0), lost.get(item.path, 0)
    if not count or item.change == Change.ADDED:
        return ""
    if item.change == Change.REMOVED:
        return f" ({counted(count, 'answer')} removed)"
    if item.change == Change.CHOICES_REMOVED:
        return f" ({counted(count, 'answer')}, {gone} holding a removed choice)"
    if item.change == Change.CONVERTED and gone:
        return f" ({counted(count, 'answer')}, {count - gone} converted, {gone} cannot be)"
    if item.change == Change.CONVERTED:
        return f" ({counted(count, 'answer')}, all converted)"
    return f" ({counted(count, 'answer')})"


def _carried(before: Field, now: Field, value: Value) -> Value:
    """The value checked against its field in the new version: as it is when the type
    is the same, else through its text, as the new type reads it."""
    if before.type == now.type:
        return check_value(now, value)  # bounds and choices checked again
    return check_value(now, format_value(before, value))


def _paths(form: Form) -> Iterator[tuple[str, Field]]:
    for item in form.fields():
        yield item.key, item
        if item.is_group:
            for sub in item.fields:
                yield f"{item.key}.{sub.key}", sub


def _field_at(form: Form, path: str) -> Field | None:
    head, _, tail = path.partition(".")
    top = form.field(head)
    if top is None or not tail:
        return top
    return top.subfield(tail) if top.is_group else None


def _removed_groups(old: Form, new: Form) -> set[str]:
    return {g.key for g in old.groups() if new.field(g.key) is None}


def _changes_of(path: str, before: Field, now: Field) -> Iterator[FieldChange]:
    if before.label != now.label:
        yield FieldChange(Change.RENAMED, path, now.label, f"{before.label!r} → {now.label!r}")
    if before.type != now.type:
        yield FieldChange(Change.CONVERTED, path, now.label, f"{before.type} → {now.type}")
        return
    added = [o for o in now.options if o.casefold() not in {b.casefold() for b in before.options}]
    if added:
        yield FieldChange(Change.CHOICES_ADDED, path, now.label, _quoted_list(added))
    removed = [o for o in before.options if o.casefold() in _removed_choices(before, now)]
    if removed:
        yield FieldChange(Change.CHOICES_REMOVED, path, now.label, _quoted_list(removed))
    edited = [name for name in _EDITED_PROPERTIES if getattr(before, name) != getattr(now, name)]
    if edited:
        yield FieldChange(Change.EDITED, path, now.label, ", ".join(edited))


def _removed_choices(before: Field, now: Field) -> set[str]:
    if not (before.kind.takes_options and now.kind.takes_options):
        return set()
    kept = {option.casefold() for option in now.options}
    return {option.casefold() for option in before.options} - kept


def _moved(old: Form, new: Form) -> dict[str, str]:
    """Fields that changed section, or place among the fields both versions share
    (the fewest that explain the new order), with where from and to."""
    found: dict[str, str] = {}
    sections_before = {f.key: s.title for s in old.sections for f in s.fields}
    for section in new.sections:
        for item in section.fields:
            was = sections_before.get(item.key)
            if was is not None and was != section.title:
                found[item.key] = f"section {was!r} → {section.title!r}"
    _reordered(
        [f.key for f in old.fields()], [f.key for f in new.fields()], "", found, "in the form"
    )
    for group in new.groups():
        before = old.field(group.key)
        if before is not None and before.is_group:
            _reordered(
                [s.key for s in before.fields],
                [s.key for s in group.fields],
                f"{group.key}.",
                found,
                "in its group",
            )
    return found


def _reordered(
    before: list[str], after: list[str], prefix: str, found: dict[str, str], where: str
) -> None:
    shared_before = [key for key in before if key in after]
    shared_after = [key for key in after if key in before]
    matcher = SequenceMatcher(a=shared_before, b=shared_after, autojunk=False)
    in_place = {
        key
        for block in matcher.get_matching_blocks()
        for key in shared_after[block.b : block.b + block.size]
    }
    for key in shared_after:
        if key not in in_place:
            place = f"from {shared_before.index(key) + 1} to {shared_after.index(key) + 1} {where}"
            found.setdefault(prefix + key, place)


def _quoted_list(items: Iterable[object]) -> str:
    return ", ".join(f"'{item}'" for item in items)


@dataclass(frozen=True)
class NotCarried:
    place: str  # `country`, `arms[2].patients`
    value: Value
    reason: str
    kept: Value = None  # what is left of it (a multiple choice less a removed choice)


def revise_data(
    old: Form, new: Form, data: ExtractionData
) -> tuple[ExtractionData, list[NotCarried]]:
    """One extraction made on `old`, carried to `new` by the rules of `fate`; with
    what could not be carried whole."""
    revised = ExtractionData(status=data.status)
    lost: list[NotCarried] = []

    def carry(path: str, place: str, value: Value) -> Value:
        became = fate(old, new, path, value)
        if became.lost:
            lost.append(NotCarried(place, value, became.lost, became.value))
        return became.value

    for key, value in data.values.items():
        if (kept := carry(key, key, value)) is not None:
            revised.values[key] = kept
    for key, rows in data.groups.items():
        target = new.field(key)
        carried_rows: list[dict[str, Value]] = []
        for number, row in enumerate(rows, start=1):
            carried_rows.append(
                {
                    sub: kept
                    for sub, value in row.items()
                    if value is not None
                    and (kept := carry(f"{key}.{sub}", f"{key}[{number}].{sub}", value)) is not None
                }
            )
        if target is not None and target.is_group:
            revised.groups[key] = carried_rows
    gone = {item.place for item in lost if item.kept is None}
    revised.evidence = {
        path: quotes
        for path, quotes in data.evidence.items()
        if path not in gone and _holds(new, path)
    }
    return revised, lost


def _holds(form: Form, path: str) -> bool:
    parsed = FieldPath.parse(path)
    top = form.field(parsed.key)
    if top is None:
        return False
    return parsed.sub is None or (top.is_group and top.subfield(parsed.sub) is not None)


@dataclass(frozen=True)
class DecisionChange:
    """A decision on a disagreement in a new version: the value it takes now (a row's
    values for a whole row), or None: reopened, `lost` saying why (with a value, what
    the row lost)."""

    value: object
    lost: str = ""


def decision_fate(old: Form, new: Form, path: str, value: object) -> DecisionChange | None:
    """What becomes of the decision taken on one disagreement (`path`: `country`,
    `arms[2]`, `arms[2].dose`; `value` what the consensus took): None where it stands
    as it is; else converted, or reopened where its field is gone, its value no
    longer fits, or its group's rows pair by another field now (its row may be
    another)."""
    place = FieldPath.parse(path)
    if place.row is None:
        return _changed(fate(old, new, place.key, cast(Value, value)), value)
    before, now = old.field(place.key), new.field(place.key)
    if now is None or not now.is_group:
        return DecisionChange(None, "its group was removed")
    if before is not None and before.key_field != now.key_field:
        return DecisionChange(None, "the group's rows pair by another field now")
    if place.sub is not None:
        became = fate(old, new, f"{place.key}.{place.sub}", cast(Value, value))
        return _changed(became, value)
    if not isinstance(value, dict):
        return None  # the decision that the row is not there
    kept = {k: v for k, v in value.items() if not is_empty(v)}
    row: dict[str, Value] = {}
    dropped: list[str] = []
    for sub, held in kept.items():
        became = fate(old, new, f"{place.key}.{sub}", held)
        if became.lost:
            dropped.append(f"{sub}: {became.lost}")
        if became.value is not None and now.subfield(sub) is not None:
            row[sub] = became.value
    if kept and not row:
        return DecisionChange(None, "nothing of its row is left: " + "; ".join(dropped))
    as_stored = json.dumps(row, sort_keys=True) == json.dumps(kept, sort_keys=True)
    if as_stored and all(now.subfield(sub) is not None for sub in value):
        return None  # as stored (12 and 12.0 differ), and every field still the group's
    # The row stands without what the new version has no field for any more.
    return DecisionChange(row, "; ".join(dropped))


def _changed(became: Fate, value: object) -> DecisionChange | None:
    if not became.alters(cast(Value, value)):
        return None
    return DecisionChange(became.value, became.lost)
