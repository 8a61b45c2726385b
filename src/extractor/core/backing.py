"""The quotes behind a consensus: a consensus is made of the reviewers' answers, and
each value it holds is traced to the quotes of a reviewer who gave that value."""

from __future__ import annotations

from collections.abc import Collection

from extractor.core.compare import same
from extractor.core.forms import Field, Form
from extractor.core.model import Evidence, ExtractionData
from extractor.core.values import Value, is_empty

Row = dict[str, Value]


def matching_row(group: Field, row: Row, theirs: list[Row]) -> int | None:
    """Which of a reviewer's rows (1-based) stands for a consensus row: the one with
    the same key value (the arm's agent), else, in a group without a key field, the
    one with every value the same; None where none does, so that no quote is tied to
    another row's value."""
    if group.kind.keyed_rows(group):
        wanted = group.kind.row_key(group, row)
        if wanted is None:
            return None
        return next(
            (n for n, other in enumerate(theirs, 1) if group.kind.row_key(group, other) == wanted),
            None,
        )
    return next(
        (
            n
            for n, other in enumerate(theirs, 1)
            if all(same(sub, row.get(sub.key), other.get(sub.key)) for sub in group.fields)
        ),
        None,
    )


def backing_evidence(
    form: Form,
    consensus: ExtractionData,
    open_cells: Collection[str],
    reviewers: list[ExtractionData],
) -> dict[str, list[Evidence]]:
    """The consensus's own quotes, and for each other place where it holds a value the
    quotes of the first reviewer whose answer there is the same value."""
    found = {path: list(quotes) for path, quotes in consensus.evidence.items() if quotes}

    def take(
        path: str, item: Field, value: Value, places: list[tuple[ExtractionData, str, Value]]
    ) -> None:
        if path in found or path in open_cells or is_empty(value):
            return
        for data, their_path, theirs in places:
            quotes = data.evidence.get(their_path)
            if quotes and same(item, theirs, value):
                found[path] = list(quotes)
                return

    for top in form.fields():
        if not top.is_group:
            value = consensus.values.get(top.key)
            take(top.key, top, value, [(d, top.key, d.values.get(top.key)) for d in reviewers])
            continue
        for number, row in enumerate(consensus.groups.get(top.key, []), start=1):
            rows = [(d, d.groups.get(top.key, [])) for d in reviewers]
            matched = [
                (d, their_rows, matching_row(top, row, their_rows)) for d, their_rows in rows
            ]
            for sub in top.fields:
                take(
                    f"{top.key}[{number}].{sub.key}",
                    sub,
                    row.get(sub.key),
                    [
                        (d, f"{top.key}[{index}].{sub.key}", their_rows[index - 1].get(sub.key))
                        for d, their_rows, index in matched
                        if index is not None
                    ],
                )
    return found
