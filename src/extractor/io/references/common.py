"""What every reference reader shares: the result, text decoding, years."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.core.errors import InputError
from extractor.core.references import Reference

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class ReadReferences:
    """What a file gave: its references, and the problem of each record it could not
    read ("file, record 12: no title")."""

    file: str
    references: list[Reference] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, record: int, text: str) -> None:
        self.problems.append(f"{self.file}, record {record}: {text}")


def decoded(raw: bytes, source: str) -> str:
    """UTF-8 (with or without the BOM Windows exports start with), else Latin-1 as
    older EndNote and Ovid exports write it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError.at(source, None, "is not text (UTF-8 or Windows-1252)") from None


def year_of(text: str | None) -> int | None:
    found = _YEAR.search(text or "")
    return int(found.group(1)) if found else None


def clean(text: object) -> str:
    """A field's text on one line, spaces folded."""
    if isinstance(text, list):
        text = " ".join(str(part) for part in text)
    return " ".join(str(text or "").split())
