"""The synthesis summary of CLI.md: studies grouped by fields, with sums per arm.

`--by category,arms.agent` groups by a study-level field and a sub-field of a
group. Each output row holds the grouping values, `studies` (distinct studies
with at least one matching row), the sum of each numeric sub-field of the
grouped group (a study with an infliximab arm of 7 and an adalimumab arm of 1
adds 7 to one row and 1 to the other), and for each numeric study-level field
`<key>_n`, `<key>_median`, `<key>_mean` and `<key>_missing`. Of the missing,
`<key>_in_conflict` and `<key>_not_extracted` count those that are not a study's
silence ("NR") but a gap of the review: an output with any is a draft.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from extractor.core.compare import normalise_text
from extractor.core.errors import ExtractorError
from extractor.core.forms import Field, Form
from extractor.core.sources import IN_CONFLICT, NOT_EXTRACTED, Sourced
from extractor.core.values import Value

GAP_COLUMNS = {IN_CONFLICT: "in_conflict", NOT_EXTRACTED: "not_extracted"}


@dataclass(frozen=True)
class Grouping:
    keys: tuple[str, ...]
    group: Field | None  # the group whose rows are counted, if a key names one
    # Each key resolved: (its group, or None for a study-level field; the field).
    fields: tuple[tuple[Field | None, Field], ...]


@dataclass
class _Cell:
    """One output row while it is being gathered."""

    shown: tuple[str, ...]
    studies: list[str] = field(default_factory=list)
    sums: dict[str, list[Value]] = field(default_factory=dict)  # sub-field -> a value per row
    values: dict[str, list[Value]] = field(default_factory=dict)  # field -> a value per study
    gaps: dict[str, int] = field(default_factory=dict)  # "<key>_in_conflict" -> how many


def grouping(form: Form, by: list[str]) -> Grouping:
    if not by:
        raise ExtractorError("name at least one field to group by")
    groups = set()
    resolved = []
    for key in by:
        found = form.resolve(key)
        if found is None:
            raise ExtractorError(f"form '{form.key}' has no field '{key}' to group by")
        if found[0] is not None:
            groups.add(found[0].key)
        resolved.append(found)
    if len(groups) > 1:
        raise ExtractorError("group by the fields of one group at most")
    group = form.field(groups.pop()) if groups else None
    return Grouping(tuple(by), group, tuple(resolved))


def synthesis(form: Form, by: list[str], studies: Iterable[Sourced]) -> list[dict[str, object]]:
    """The summary rows, in order of first appearance of each combination of keys."""
    plan = grouping(form, by)
    group = plan.group
    sums = [sub for sub in group.fields if sub.kind.summable] if group else []
    numbers = [item for item in form.scalar_fields() if item.kind.summable]
    cells: dict[tuple[str, ...], _Cell] = {}
    for study in studies:
        data, label = study.data, study.study.label
        rows: list[dict[str, Value]] = data.groups.get(group.key, []) if group else [{}]
        for number, row in enumerate(rows, start=1):
            shown = tuple(
                _key_text(study, key, found, row, number)
                for key, found in zip(plan.keys, plan.fields, strict=True)
            )
            key = tuple(normalise_text(text) for text in shown)  # "infliximab" joins "Infliximab"
            cell = cells.setdefault(key, _Cell(shown, sums={s.key: [] for s in sums}))
            if label not in cell.studies:
                cell.studies.append(label)
                for item in numbers:
                    value = data.values.get(item.key)
                    cell.values.setdefault(item.key, []).append(value)
                    if value is None:
                        _count_gap(cell, item.key, study.gap(item.key))
            for sub in sums:
                value = row.get(sub.key)
                cell.sums[sub.key].append(value)
                if value is None and group is not None:
                    _count_gap(cell, sub.key, study.gap(f"{group.key}[{number}].{sub.key}"))
    found = []
    for cell in cells.values():
        out: dict[str, object] = dict(zip(plan.keys, cell.shown, strict=True))
        out["studies"] = len(cell.studies)
        for sub in sums:
            present = _present(cell.sums[sub.key])
            out[sub.key] = _number(sum(present)) if present else None
            out[f"{sub.key}_missing"] = len(cell.sums[sub.key]) - len(present)
            _gap_columns(out, cell, sub.key)
        for item in numbers:
            values = cell.values.get(item.key, [])
            present = _present(values)
            out[f"{item.key}_n"] = len(present)
            out[f"{item.key}_median"] = _number(statistics.median(present)) if present else None
            out[f"{item.key}_mean"] = round(statistics.fmean(present), 4) if present else None
            out[f"{item.key}_missing"] = len(values) - len(present)
            _gap_columns(out, cell, item.key)
        found.append(out)
    return found


def columns(rows: list[dict[str, object]]) -> list[str]:
    """Every column the rows use, in the order they first appear."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


# The words of a column made for a field, after the field's label.
SUFFIXES = {
    "_n": "n",
    "_median": "median",
    "_mean": "mean",
    "_missing": "missing",
    **{f"_{name}": name.replace("_", " ") for name in GAP_COLUMNS.values()},
}


def column_label(form: Form, column: str) -> str:
    """A column as a reader reads it: "Improved (sum)", "Age, median", never a key."""
    found = form.resolve(column)
    if found is not None:
        return found[1].label
    if column == "studies":
        return "Studies"
    for group in form.groups():
        if (sub := group.subfield(column)) is not None:
            return f"{sub.label} (sum)"
    for suffix, words in SUFFIXES.items():
        if column.endswith(suffix) and (named := _field_named(form, column.removesuffix(suffix))):
            return f"{named.label}, {words}"
    return column


def _field_named(form: Form, key: str) -> Field | None:
    item = form.field(key)
    if item is not None:
        return item
    return next((sub for g in form.groups() if (sub := g.subfield(key)) is not None), None)


def _count_gap(cell: _Cell, key: str, gap: str) -> None:
    if gap in GAP_COLUMNS:
        column = f"{key}_{GAP_COLUMNS[gap]}"
        cell.gaps[column] = cell.gaps.get(column, 0) + 1


def _gap_columns(out: dict[str, object], cell: _Cell, key: str) -> None:
    for name in GAP_COLUMNS.values():
        out[f"{key}_{name}"] = cell.gaps.get(f"{key}_{name}", 0)


def _key_text(
    study: Sourced, key: str, found: tuple[Field | None, Field], row: dict[str, Value], number: int
) -> str:
    group, item = found
    if group is not None:
        return study.shown(item, f"{group.key}[{number}].{item.key}", row.get(item.key))
    return study.shown(item, key, study.data.values.get(key))


def _present(values: list[Value]) -> list[int | float]:
    """The answered values of a numeric field (they are numbers: values.check_value)."""
    return [v for v in values if isinstance(v, int | float)]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 4)
