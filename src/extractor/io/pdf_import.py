"""Full-text PDFs from the user's disk: finding them in folders, reading and checking them."""

from __future__ import annotations

from pathlib import Path

from extractor.core.selection import Word
from extractor.io.files import read_input
from extractor.pdf.sandbox import first_text_untrusted, inspect_untrusted, words_untrusted

MAX_PDF_BYTES = 512 * 1024 * 1024


def pdf_files(paths: list[Path]) -> list[Path]:
    """The files named, and the PDFs inside the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"
            )
        else:
            found.append(path)
    return found


def read_pdf(path: Path, password: str | None = None) -> tuple[bytes, int]:
    """The bytes to keep and the page count, or an InputError naming the file; the
    PDF is opened in the sandbox process, never in this one. A file protected by a
    password opens with it, and is kept without it, so every reviewer can read it."""
    data = read_input(path, MAX_PDF_BYTES, "a PDF file")
    facts = inspect_untrusted(data, str(path), password)
    return facts.unlocked or data, facts.pages


def pdf_words(data: bytes, source: str) -> list[list[Word]]:
    """Each page's words in reading order, read in the sandbox process (`data` as
    `read_pdf` gave it: checked, and without a password)."""
    return words_untrusted(data, source)


def pdf_first_text(data: bytes, source: str) -> tuple[str, str]:
    """The first pages' words and the document information, read in the sandbox."""
    return first_text_untrusted(data, source)
