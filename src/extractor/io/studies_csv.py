"""The studies CSV: study records, each checked, from a file the user gives us."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.core.errors import InputError
from extractor.core.model import Citation
from extractor.io.csvfile import read_csv

STUDY_COLUMNS = ("label", "ref", "authors", "year", "title", "journal", "doi", "pmid")


@dataclass
class StudyRow:
    line: int
    label: str
    ref: str | None
    citation: Citation


def read_studies(path: Path) -> tuple[list[StudyRow], list[str]]:
    """Parse and check the whole file; returns the rows and the ignored columns."""
    table = read_csv(path)
    if "label" not in table.header:
        raise InputError.at(table.source, 1, "no 'label' column (the study's name in tables)")
    problems: list[str] = []
    rows: list[StudyRow] = []
    seen: dict[str, int] = {}
    for record in table.records:
        cells = {k: (v or None) for k, v in record.cells.items()}
        where = f"{table.source}, line {record.line}"
        label = cells.get("label")
        if label is None:
            problems.append(f"{where}: the label is empty")
            continue
        if label.casefold() in seen:
            problems.append(f"{where}: study '{label}' also on line {seen[label.casefold()]}")
            continue
        seen[label.casefold()] = record.line
        year = cells.get("year")
        if year is not None and not (year.isdigit() and 1000 <= int(year) <= 2999):
            problems.append(f"{where}: year '{year}' is not a year")
            year = None
        pmid = cells.get("pmid")
        if pmid is not None and not pmid.isdigit():
            problems.append(f"{where}: PMID '{pmid}' is not a number")
        citation = Citation(
            authors=cells.get("authors"),
            year=int(year) if year else None,
            title=cells.get("title"),
            journal=cells.get("journal"),
            doi=cells.get("doi"),
            pmid=pmid,
        )
        rows.append(
            StudyRow(line=record.line, label=label, ref=cells.get("ref"), citation=citation)
        )
    if problems:
        raise InputError(table.source, problems)
    ignored = [name for name in table.header if name not in STUDY_COLUMNS]
    return rows, ignored
