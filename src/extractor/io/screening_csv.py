"""Screening decisions as CSV: the log written (one row per decision), and
decisions read from a log or a reviewer's own sheet.

Columns, any case: `reference` (or `label`, or `doi`/`pmid` to find the record),
`stage` (title-abstract/ta, full-text/ft), `decision` (include/exclude/maybe),
`reason` and `reviewer`. A file may leave out `stage` or `reviewer` when the
command names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extractor.core.errors import InputError, locate
from extractor.core.screening import decision_of, stage_of
from extractor.io.csvfile import read_csv
from extractor.io.spreadsheet_safety import csv_text

LOG_COLUMNS = (
    "reference", "title", "doi", "pmid", "stage", "reviewer", "decision", "reason", "decided_at",
)  # fmt: skip
FINDERS = ("reference", "label", "doi", "pmid")


@dataclass(frozen=True)
class DecisionRow:
    line: int
    finders: tuple[str, ...]  # what names the record: label, DOI or PMID, first given first
    stage: str
    decision: str
    reason: str
    reviewer: str


def read_decisions(
    path: Path, stage: str | None = None, reviewer: str | None = None
) -> list[DecisionRow]:
    """Every row of a decisions file, or an InputError naming each bad line."""
    table = read_csv(path)
    source = str(path)
    columns = {name.casefold(): name for name in table.header}
    needed = []
    if not any(name in columns for name in FINDERS):
        needed.append("'reference' (or 'label', 'doi', 'pmid')")
    if "decision" not in columns:
        needed.append("'decision'")
    if stage is None and "stage" not in columns:
        needed.append("'stage' (or give the stage to the command)")
    if reviewer is None and "reviewer" not in columns:
        needed.append("'reviewer' (or give the reviewer to the command)")
    if needed:
        raise InputError.at(source, 1, f"no column {', '.join(needed)}")

    def cell(cells: dict[str, str], name: str) -> str:
        return cells.get(columns.get(name, ""), "").strip()

    rows, problems = [], []
    for record in table.records:
        cells = record.cells
        finders = tuple(value for name in FINDERS if (value := cell(cells, name)))
        try:
            if not finders:
                raise ValueError("no reference, DOI or PMID names the record")
            row_stage = stage_of(cell(cells, "stage") or stage or "")
            decision = decision_of(cell(cells, "decision"))
        except ValueError as exc:
            problems.append(locate(source, record.line, str(exc)))
            continue
        who = cell(cells, "reviewer") or reviewer or ""
        if not who:
            problems.append(locate(source, record.line, "no reviewer named"))
            continue
        rows.append(
            DecisionRow(record.line, finders, row_stage, decision, cell(cells, "reason"), who)
        )
    if problems:
        raise InputError(source, problems)
    return rows


def log_csv(rows: Iterable[tuple[str, ...]]) -> str:
    """The log: a header, then each decision in LOG_COLUMNS order."""
    return csv_text([LOG_COLUMNS, *rows])
