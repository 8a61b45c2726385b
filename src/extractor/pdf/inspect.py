"""Checking a file a user gives us before it becomes part of a project."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.core.errors import InputError
from extractor.pdf.document import DAMAGED, PdfDocument


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    has_text: bool


def inspect_pdf(data: bytes, source: str) -> PdfFacts:
    """Open the bytes as a PDF and report what a viewer needs to know.

    Raises InputError naming `source` when the file is empty, not a PDF,
    damaged beyond reading, or encrypted.
    """
    document = PdfDocument.open(data, source)
    try:
        return PdfFacts(pages=document.page_count, has_text=document.has_text())
    except Exception:  # a damaged page tree or content stream, found only now
        raise InputError.at(source, None, DAMAGED) from None
    finally:
        document.close()
