"""Comparing two reviewers' answers to one form: the rules of CLI.md.

Values are compared after normalisation: text by NFKC with whitespace folded and
case folded; numbers as numbers; multiple choices as sets; dates as dates. An
answer against an empty field is a conflict. Group rows are aligned before their
fields are compared (by the group's key sub-field, else by order), so a row that
one reviewer added is one conflict, not a cascade.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.core.field_types.base import normalise_text
from extractor.core.forms import Field, Form
from extractor.core.model import ExtractionData
from extractor.core.values import Value

__all__ = ["Conflict", "comparable", "compare", "normalise_text", "same"]

Row = dict[str, Value]


@dataclass(frozen=True)
class Conflict:
    path: str  # `design`, `arms[2].patients`, or `arms[2]` for a row only one side has
    field: str  # the field it concerns: `design`, `arms.patients`, `arms`
    a: Value | Row
    b: Value | Row


def comparable(field: Field, value: Value) -> object:
    """The form of a value that two equal answers share; None for unanswered."""
    if value is None or value == "" or value == []:
        return None
    return field.kind.comparable(field, value)


def same(field: Field, a: Value, b: Value) -> bool:
    return comparable(field, a) == comparable(field, b)


def compare(form: Form, a: ExtractionData, b: ExtractionData) -> list[Conflict]:
    """Every disagreement between two extractions of the same form, in form order."""
    conflicts: list[Conflict] = []
    for item in form.fields():
        if item.is_group:
            conflicts += compare_rows(item, a.groups.get(item.key, []), b.groups.get(item.key, []))
        else:
            left, right = a.values.get(item.key), b.values.get(item.key)
            if not same(item, left, right):
                conflicts.append(Conflict(item.key, item.key, left, right))
    return conflicts


def compare_rows(group: Field, a_rows: list[Row], b_rows: list[Row]) -> list[Conflict]:
    conflicts: list[Conflict] = []
    for number, (left, right) in enumerate(align_rows(group, a_rows, b_rows), start=1):
        if left is None or right is None:
            conflicts.append(Conflict(f"{group.key}[{number}]", group.key, left, right))
            continue
        for sub in group.fields:
            x, y = left.get(sub.key), right.get(sub.key)
            if not same(sub, x, y):
                path = f"{group.key}[{number}].{sub.key}"
                conflicts.append(Conflict(path, f"{group.key}.{sub.key}", x, y))
    return conflicts


LeadOrder = tuple[int, int, int]


def align_rows(
    group: Field, a_rows: list[Row], b_rows: list[Row]
) -> list[tuple[Row | None, Row | None]]:
    """Pair the rows of two reviewers' groups.

    Rows whose key agrees (the key sub-field's value; an outcome's name, time point
    and arm) pair first (the k-th row with a key on one
    side with the k-th with that key on the other); the rest pair by order;
    what remains stands alone. Pairs are ordered by their earliest row, so
    swapping the sides gives the same pairs; a pair's place in this order is the
    row number in its conflicts' paths, which decisions are stored under.
    """
    return [(a, b) for a, b, _ in aligned_rows(group, a_rows, b_rows)]


def aligned_rows(
    group: Field, a_rows: list[Row], b_rows: list[Row]
) -> list[tuple[Row | None, Row | None, LeadOrder]]:
    """`align_rows`, each pair with its place in the order reviewer A (the lead of
    the pair) entered the rows: a row only B entered comes after the row B entered
    before it. A consensus lists its rows in that order."""
    a_rows = [row for row in a_rows if _has_answer(row)]
    b_rows = [row for row in b_rows if _has_answer(row)]
    a_match: dict[int, int] = {}
    if group.kind.keyed_rows(group):
        waiting: dict[object, list[int]] = {}
        for j, row in enumerate(b_rows):
            value = group.kind.row_key(group, row)
            if value is not None:
                waiting.setdefault(value, []).append(j)
        for i, row in enumerate(a_rows):
            value = group.kind.row_key(group, row)
            if value is not None and waiting.get(value):
                a_match[i] = waiting[value].pop(0)
    taken = set(a_match.values())
    rest_a = [i for i in range(len(a_rows)) if i not in a_match]
    rest_b = [j for j in range(len(b_rows)) if j not in taken]
    for i, j in zip(rest_a, rest_b, strict=False):
        a_match[i] = j
    pairs: list[tuple[int | None, int | None]] = [(i, j) for i, j in a_match.items()]
    pairs += [(i, None) for i in rest_a[len(rest_b) :]]
    pairs += [(None, j) for j in rest_b[len(rest_a) :]]
    pairs.sort(key=_pair_order)
    a_of_b = {j: i for i, j in a_match.items()}

    def lead_order(i: int | None, j: int | None) -> LeadOrder:
        if i is not None:
            return (i, 0, 0)
        assert j is not None  # a pair has at least one row
        before = [a_of_b[k] for k in range(j) if k in a_of_b]
        return (max(before, default=-1), 1, j)

    return [
        (None if i is None else a_rows[i], None if j is None else b_rows[j], lead_order(i, j))
        for i, j in pairs
    ]


def _pair_order(pair: tuple[int | None, int | None]) -> tuple[float, float]:
    positions = [p for p in pair if p is not None]
    return (min(positions), max(positions))


def _has_answer(row: Row) -> bool:
    return any(value not in (None, "", []) for value in row.values())
