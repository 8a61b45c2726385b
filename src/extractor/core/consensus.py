"""The consensus of two reviewers: what they agree on, plus what was resolved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from extractor.core.compare import LeadOrder, Row, aligned_rows, same
from extractor.core.forms import Field, Form
from extractor.core.model import ExtractionData, Status
from extractor.core.values import Value


@dataclass
class Merged:
    data: ExtractionData
    open: list[str] = field(default_factory=list)  # paths still waiting for a decision
    # The same, as places in `data`: a field's key, or a row's sub-field numbered as
    # `data` holds the rows ("arms[2].patients"); rows only one reviewer entered,
    # left out of `data` until decided, are counted per group.
    open_cells: set[str] = field(default_factory=set)
    open_rows: dict[str, int] = field(default_factory=dict)


def merge(
    form: Form, a: ExtractionData, b: ExtractionData, decided: Mapping[str, Value | Row]
) -> Merged:
    """Fields that agree take the agreed value; a disagreement takes its
    resolution from `decided` (path -> value, or row object for a row only one
    side has; None drops such a row) or stays open, empty, until resolved."""
    merged = Merged(ExtractionData())
    for item in form.fields():
        if item.is_group:
            merged.data.groups[item.key] = _rows(item, a, b, decided, merged)
            continue
        left, right = a.values.get(item.key), b.values.get(item.key)
        if same(item, left, right):
            value = left if left is not None else right
        elif item.key in decided:
            value = _value(decided[item.key])
        else:
            merged.open.append(item.key)
            merged.open_cells.add(item.key)
            value = None
        if value is not None:
            merged.data.values[item.key] = value
    merged.data.status = Status.IN_PROGRESS if merged.open else Status.COMPLETE
    return merged


def _value(decision: Value | Row) -> Value:
    """What was decided for a field: a value (a row object is decided only for
    a whole row that one side has, never for a field)."""
    return None if isinstance(decision, dict) else decision


def _rows(
    group: Field,
    a: ExtractionData,
    b: ExtractionData,
    decided: Mapping[str, Value | Row],
    merged: Merged,
) -> list[Row]:
    """The group's rows, in the order the lead reviewer (A) entered them. Decisions
    are looked up by the row numbers of the conflicts (align_rows' order)."""
    kept: list[tuple[LeadOrder, Row, list[str]]] = []  # lead order, row, open sub-fields
    pairs = aligned_rows(group, a.groups.get(group.key, []), b.groups.get(group.key, []))
    for number, (left, right, order) in enumerate(pairs, start=1):
        path = f"{group.key}[{number}]"
        if left is None or right is None:
            if path in decided:
                decision = decided[path]  # the row object, or None to drop the row
                if isinstance(decision, dict):
                    kept.append((order, dict(decision), []))
            else:
                merged.open.append(path)
                merged.open_rows[group.key] = merged.open_rows.get(group.key, 0) + 1
            continue
        row: dict[str, Value] = {}
        still_open = []
        for sub in group.fields:
            x, y = left.get(sub.key), right.get(sub.key)
            sub_path = f"{path}.{sub.key}"
            if same(sub, x, y):
                row[sub.key] = x if x is not None else y
            elif sub_path in decided:
                row[sub.key] = _value(decided[sub_path])
            else:
                merged.open.append(sub_path)
                still_open.append(sub.key)
                row[sub.key] = None
        kept.append((order, row, still_open))
    kept.sort(key=lambda item: item[0])
    for place, (_, _, still_open) in enumerate(kept, start=1):
        merged.open_cells.update(f"{group.key}[{place}].{sub}" for sub in still_open)
    return [row for _, row, _ in kept]
