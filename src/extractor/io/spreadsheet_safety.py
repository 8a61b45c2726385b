"""Cells a spreadsheet would run: text starting with =, +, -, @, tab or carriage
return is a formula to Excel and LibreOffice (OWASP, "CSV Injection"). Study
labels, quotes and file names come from other people's files, so every CSV and
XLSX we write neutralises them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would evaluate; a plain number such as -5 is not."""
    return text.startswith(TRIGGERS) and not _NUMBER.match(text)


def csv_cell(value: object) -> str:
    """A cell's text, with a formula-like one prefixed by ' as OWASP recommends."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula_like(text) else text


def read_cell(text: str) -> str:
    """Undo csv_cell: what we wrote as '=… reads back as =…"""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """CSV as we write every file: CRLF line ends, formula-like cells neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
