"""The robvis CSV layout: Study, D1..Dn, Overall[, Weight]."""

from __future__ import annotations

from extractor.core.errors import ExtractorError, InputError
from extractor.core.rob import Instrument
from extractor.core.rob_summary import Assessment
from extractor.core.values import format_number
from extractor.io.csvfile import CsvTable
from extractor.io.spreadsheet_safety import csv_text


def read_robvis(table: CsvTable, instrument: Instrument) -> list[Assessment]:
    """Rows of judgements, checked against the tool; every problem names file, line, value."""
    domains = [d.id for d in instrument.bias_domains()]
    expected = ["Study", *domains, "Overall"]
    header = table.header
    weighted = len(header) == len(expected) + 1 and header[-1].casefold() == "weight"
    if len(header) not in (len(expected), len(expected) + 1) or (
        len(header) > len(expected) and not weighted
    ):
        raise InputError.at(
            table.source,
            1,
            f"{len(header)} columns; {instrument.tool} needs {', '.join(expected)} and optionally Weight",
        )
    problems, rows = [], []
    for record in table.records:
        cells = [record.cells.get(name, "") for name in header]
        where = f"{table.source}, line {record.line}"
        if sum(1 for c in cells if c != "") < len(expected) and any(
            c == "" for c in cells[: len(expected)]
        ):
            problems.append(
                f"{where}: {sum(1 for c in cells if c)} values, {instrument.tool} needs {len(expected)}"
            )
            continue
        row = Assessment(label=cells[0])
        for domain, text in zip([*domains, "Overall"], cells[1 : len(expected)], strict=True):
            try:
                row.judgements[domain] = instrument.judge(text)
            except ExtractorError as refused:
                problems.append(f"{where}, column {domain}: {refused}")
        if weighted:
            try:
                row.weight = float(cells[-1]) if cells[-1] else 1.0
            except ValueError:
                problems.append(f"{where}: weight '{cells[-1]}' is not a number")
        rows.append(row)
    if problems:
        raise InputError(table.source, problems)
    return rows


def write_robvis(instrument: Instrument, rows: list[Assessment]) -> str:
    domains = [d.id for d in instrument.bias_domains()]
    return csv_text(
        [["Study", *domains, "Overall", "Weight"]]
        + [
            [row.label]
            # A judgement in conflict or not assessed is left empty: robvis would read
            # the words as judgements. The export's draft line and manifest name them.
            + [row.judgements.get(d, "") for d in [*domains, "Overall"]]
            + [format_number(row.weight)]
            for row in rows
        ]
    )
