"""Reading a CSV file a user gives us, with errors that name file and line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from extractor.core.errors import InputError
from extractor.io.files import read_input
from extractor.io.spreadsheet_safety import read_cell

MAX_CSV_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class CsvRecord:
    line: int  # the line the record starts on, 1-based, as an editor shows it
    cells: dict[str, str]


@dataclass(frozen=True)
class CsvTable:
    source: str
    header: list[str]
    records: list[CsvRecord]


def _other_kind(raw: bytes) -> str:
    """What a file that is not CSV text is, by its first bytes; "" for text."""
    for magic, kind in OTHER_KINDS:
        if raw.startswith(magic):
            return kind
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"{", b"["):
        return "JSON (it starts with " + start.decode() + ")"
    if start == b"<":
        return "XML or HTML"
    return ""


def read_csv(path: Path) -> CsvTable:
    return parse_csv(read_input(path, MAX_CSV_BYTES, "a CSV file"), str(path))


# Files people pick by mistake, known by their first bytes, named in words.
OTHER_KINDS = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip archive (an XLSX workbook, a DOCX document or a package)"),
    (b"SQLite format 3\x00", "a database (an Extractor project?)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word file (.xls, .doc)"),
)


def parse_csv(raw: bytes, source: str) -> CsvTable:
    kind = _other_kind(raw)
    if kind:
        raise InputError.at(source, None, f"is {kind}, not a CSV file; export it as CSV first")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.at(
            source,
            line,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8 CSV",
        ) from None
    if "\x00" in text:
        raise InputError.at(source, text[: text.index("\x00")].count("\n") + 1, "not a text file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError.at(source, start, f"broken CSV ({exc}); check the quotes") from None
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise InputError.at(source, None, "the file is empty (no header row)")
    header_line, header = rows[0]
    header = [name.strip() for name in header]
    problems = []
    seen: set[str] = set()
    for name in header:
        if not name:
            problems.append(f"{source}, line {header_line}: a column has no name")
        elif name in seen:
            problems.append(f"{source}, line {header_line}: column '{name}' appears twice")
        seen.add(name)
    records = []
    for line, row in rows[1:]:
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            problems.append(
                f"{source}, line {line}: {len(row)} cells but the header has {len(header)} columns"
            )
            continue
        cells = dict(zip(header, (read_cell(cell.strip()).strip() for cell in row), strict=False))
        records.append(CsvRecord(line=line, cells=cells))
    if problems:
        raise InputError(source, problems)
    return CsvTable(source=source, header=header, records=records)
