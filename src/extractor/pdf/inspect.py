"""Checking a file a user gives us before it becomes part of a project."""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from extractor.core.errors import InputError

PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    has_text: bool


def inspect_pdf(data: bytes, source: str) -> PdfFacts:
    """Open the bytes as a PDF and report what a viewer needs to know.

    Raises InputError naming `source` when the file is empty, not a PDF,
    damaged beyond reading, or encrypted.
    """
    if not data:
        raise InputError.at(source, None, "the file is empty")
    if PDF_MAGIC not in data[:1024]:
        raise InputError.at(source, None, "not a PDF file")
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        raise InputError.at(source, None, f"damaged PDF that cannot be read ({exc})") from None
    try:
        if document.needs_pass:
            raise InputError.at(source, None, "the PDF is encrypted with a password")
        if document.page_count == 0:
            raise InputError.at(source, None, "the PDF has no pages")
        has_text = any(
            document[number].get_text("text").strip()
            for number in range(min(document.page_count, 5))
        )
        return PdfFacts(pages=document.page_count, has_text=has_text)
    finally:
        document.close()
