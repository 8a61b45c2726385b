"""Checking a file a user gives us before it becomes part of a project."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.core.errors import InputError
from extractor.pdf.document import DAMAGED, PdfDocument


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    has_text: bool
    unlocked: bytes | None = None  # a protected file, written again without its password


def inspect_pdf(data: bytes, source: str, password: str | None = None) -> PdfFacts:
    """Open the bytes as a PDF and report what a viewer needs to know.

    Raises InputError naming `source` when the file is empty, not a PDF or
    damaged beyond reading, and PasswordError when it is protected by a password
    not given or not right.
    """
    document = PdfDocument.open(data, source, password)
    try:
        unlocked = document.unlocked_bytes() if document.locked else None
        return PdfFacts(document.page_count, document.has_text(), unlocked)
    except Exception:  # a damaged page tree or content stream, found only now
        raise InputError.at(source, None, DAMAGED) from None
    finally:
        document.close()
