"""The extraction CSV layout of CLI.md, read and written.

One header row; `study` names the study; other columns are field keys, a
group's sub-field as `group.sub`. Several rows for a study are the rows of its
group, in order; study-level values may repeat on each row or stand on the
first only. One file carries the study-level fields and at most one group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extractor.core.errors import InputError, ValueProblem
from extractor.core.forms import Field, Form
from extractor.core.model import ExtractionData, StudyInfo
from extractor.core.sources import GAPS, IN_CONFLICT, NOT_REPORTED, Sourced
from extractor.core.values import Value, parse_text
from extractor.io.csvfile import CsvTable, read_csv
from extractor.io.spreadsheet_safety import csv_text

STUDY_COLUMN = "study"


@dataclass
class ParsedExtractions:
    """What a CSV says, per study id, and which fields it covers."""

    fields: list[str]
    group: str | None
    studies: dict[str, ExtractionData] = field(default_factory=dict)


@dataclass
class _Columns:
    scalars: dict[str, Field]
    group: Field | None
    subs: dict[str, Field]


def read_extractions(
    path: Path, form: Form, find_study: Callable[[str], StudyInfo | None]
) -> ParsedExtractions:
    """Parse and check a whole extraction CSV; raises InputError listing every problem."""
    table = read_csv(path)
    columns = _columns(table, form)
    parsed = ParsedExtractions(
        fields=list(columns.scalars), group=None if columns.group is None else columns.group.key
    )
    problems: list[str] = []
    first_line: dict[str, dict[str, int]] = {}
    for record in table.records:
        where = f"{table.source}, line {record.line}"
        name = record.cells.get(STUDY_COLUMN, "")
        study = find_study(name) if name else None
        if study is None:
            problems.append(
                f"{where}: " + (f"unknown study '{name}'" if name else "the study cell is empty")
            )
            continue
        data = parsed.studies.setdefault(study.id, ExtractionData())
        seen_at = first_line.setdefault(study.id, {})
        for key, item in columns.scalars.items():
            value = _cell(item, record.cells.get(key, ""), key, where, problems)
            if value is None:
                continue
            if key in data.values and data.values[key] != value:
                problems.append(
                    f"{where}: column '{key}' says {record.cells[key]!r} but line "
                    f"{seen_at[key]} gave another value for '{name}'"
                )
            elif key not in data.values:
                data.values[key] = value
                seen_at[key] = record.line
        if columns.group is not None:
            row = {
                sub.key: _cell(sub, record.cells.get(column, ""), column, where, problems)
                for column, sub in columns.subs.items()
            }
            rows = data.groups.setdefault(columns.group.key, [])
            if any(value is not None for value in row.values()):
                rows.append(row)
    if problems:
        raise InputError(table.source, problems)
    return parsed


def _columns(table: CsvTable, form: Form) -> _Columns:
    problems = []
    if STUDY_COLUMN not in table.header:
        problems.append(f"{table.source}, line 1: no '{STUDY_COLUMN}' column")
    scalars: dict[str, Field] = {}
    subs: dict[str, Field] = {}
    groups: dict[str, Field] = {}
    for column in table.header:
        if column == STUDY_COLUMN:
            continue
        found = form.resolve(column)
        if found is None:
            hint = " (a group's fields are written group.field)" if form.field(column) else ""
            problems.append(
                f"{table.source}, line 1: column '{column}' is not a field of form '{form.key}'{hint}"
            )
            continue
        group, item = found
        if group is None:
            scalars[column] = item
        else:
            groups[group.key] = group
            subs[column] = item
    if len(groups) > 1:
        problems.append(
            f"{table.source}, line 1: columns of {len(groups)} groups ({', '.join(groups)}); "
            "one file carries at most one group"
        )
    if problems:
        raise InputError(table.source, problems)
    group = next(iter(groups.values()), None)
    return _Columns(scalars=scalars, group=group, subs=subs)


def _cell(item: Field, text: str, column: str, where: str, problems: list[str]) -> Value:
    if text in GAPS or text == NOT_REPORTED:  # our export's words for "no value", and why
        return None
    try:
        return parse_text(item, text)
    except ValueProblem as problem:
        problems.append(f"{where}: column '{column}': {problem}")
        return None


def extraction_header(form: Form, group: Field | None) -> list[str]:
    header = [STUDY_COLUMN] + [item.key for item in form.scalar_fields()]
    if group is not None:
        header += [f"{group.key}.{sub.key}" for sub in group.fields]
    return header


def extraction_rows(
    form: Form, group: Field | None, studies: Iterable[Sourced]
) -> Iterable[list[str]]:
    """Rows of the CSV layout: one per group row (at least one per study);
    study-level values repeat on each row so that a spreadsheet can filter them. A
    place without a value says why (NR, not extracted, in conflict), and a row only
    one reviewer entered, still undecided, is a row of "[in conflict]"."""
    scalars = form.scalar_fields()
    for study in studies:
        data = study.data
        head = [study.study.label] + [
            study.shown(item, item.key, data.values.get(item.key)) for item in scalars
        ]
        if group is None:
            yield head
            continue
        rows = data.groups.get(group.key, []) or ([] if study.rows_in_conflict(group.key) else [{}])
        for number, row in enumerate(rows, start=1):
            yield head + [
                study.shown(sub, f"{group.key}[{number}].{sub.key}", row.get(sub.key))
                for sub in group.fields
            ]
        for _ in range(study.rows_in_conflict(group.key)):
            yield head + [IN_CONFLICT] * len(group.fields)


def write_extractions_csv(form: Form, group: Field | None, studies: Iterable[Sourced]) -> str:
    return csv_text([extraction_header(form, group), *extraction_rows(form, group, studies)])
