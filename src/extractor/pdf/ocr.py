"""Scanned pages read by OCR (Tesseract, through PyMuPDF), their words written into
the PDF as an invisible text layer over the scan, so that selecting, quoting,
searching and matching work on them as on any page with text.

Each function here runs in the sandbox process: the PDF is untrusted input.
"""

from __future__ import annotations

import os
import shutil

import pymupdf

from extractor.core.errors import InputError, RefusedError

DPI = 200
FONT = "helv"
INSTALL = (
    "OCR needs Tesseract, which is not installed. Install it, then start Extractor again:"
    " on Debian or Ubuntu `sudo apt install tesseract-ocr`, on Fedora `sudo dnf install"
    " tesseract`, on macOS `brew install tesseract`, on Windows the installer from"
    " github.com/UB-Mannheim/tesseract (and set TESSDATA_PREFIX to its tessdata folder)."
)

Box = tuple[float, float, float, float, str]  # x0, y0, x1, y1, word: in PDF points


def check_tesseract() -> None:
    """Refuse, saying what to install, where Tesseract or its language data is missing."""
    if shutil.which("tesseract") is None and not os.environ.get("TESSDATA_PREFIX"):
        raise RefusedError(INSTALL)
    try:
        pymupdf.get_tessdata()  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
    except RuntimeError:
        raise RefusedError(INSTALL) from None


def pages_without_text(data: bytes, source: str) -> list[int]:
    """The pages (0-based) with no text layer: scanned pages, to read by OCR."""
    try:
        with pymupdf.open(stream=data, filetype="pdf") as document:  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
            return [number for number, page in enumerate(document) if not page.get_text("words")]
    except Exception:
        raise InputError.at(source, None, "cannot be read to look for scanned pages") from None


def read_page(data: bytes, source: str, page: int, language: str = "eng") -> list[Box]:
    """The words Tesseract reads on one page, with their boxes."""
    try:
        with pymupdf.open(stream=data, filetype="pdf") as document:  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
            found = document[page]
            text = found.get_textpage_ocr(dpi=DPI, full=True, language=language)
            words = found.get_text("words", textpage=text)
    except RuntimeError as error:
        raise InputError.at(source, f"page {page + 1}", f"OCR failed: {error}") from None
    return [(w[0], w[1], w[2], w[3], w[4]) for w in words if str(w[4]).strip()]


def with_text_layer(data: bytes, source: str, words: dict[int, list[Box]]) -> bytes:
    """The PDF with each page's words written invisibly over it, each word stretched
    to the box Tesseract found it in, so that selections cover the scanned word."""
    try:
        with pymupdf.open(stream=data, filetype="pdf") as document:  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
            for number, boxes in words.items():
                page = document[number]
                for x0, y0, x1, y1, word in boxes:
                    size = max((y1 - y0) * 0.85, 1.0)
                    length = pymupdf.get_text_length(word, fontname=FONT, fontsize=size)
                    if length <= 0:
                        continue
                    origin = pymupdf.Point(x0, y1 - (y1 - y0) * 0.2)  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
                    page.insert_text(
                        origin,
                        word,
                        fontname=FONT,
                        fontsize=size,
                        render_mode=3,  # invisible: the scan stays what is seen
                        morph=(origin, pymupdf.Matrix((x1 - x0) / length, 1)),  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
                    )
            written: bytes = document.tobytes(garbage=1, deflate=True)
            return written
    except Exception as error:
        raise InputError.at(
            source, None, f"the text read by OCR could not be added: {error}"
        ) from None
