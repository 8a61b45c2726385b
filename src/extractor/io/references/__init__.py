"""Reference files as databases and reference managers export them: RIS, BibTeX,
PubMed's MEDLINE (.nbib), EndNote XML and CSV (Rayyan and the like).

Each reader gives the references it could read and, per record it could not, the
file, the record number and the problem: one bad record never costs the others.
"""

from __future__ import annotations

from pathlib import Path

from extractor.core.errors import InputError
from extractor.io.files import read_input
from extractor.io.references.common import ReadReferences, decoded

__all__ = ["FORMATS", "ReadReferences", "read_references"]

MAX_BYTES = 500 * 1024 * 1024
FORMATS = {
    ".ris": "RIS",
    ".txt": "RIS or MEDLINE",
    ".nbib": "MEDLINE",
    ".medline": "MEDLINE",
    ".bib": "BibTeX",
    ".xml": "EndNote XML",
    ".csv": "CSV",
}


def read_references(path: Path) -> ReadReferences:
    """Read a reference file of any format we know, by its suffix and content."""
    raw = read_input(path, MAX_BYTES, "a reference file")
    text = decoded(raw, str(path))
    kind = sniff(path.suffix.lower(), text)
    if kind == "RIS":
        from extractor.io.references.ris import read_ris as reader
    elif kind == "MEDLINE":
        from extractor.io.references.medline import read_medline as reader
    elif kind == "BibTeX":
        from extractor.io.references.bibtex import read_bibtex as reader
    elif kind == "EndNote XML":
        from extractor.io.references.endnote import read_endnote as reader
    elif kind == "CSV":
        from extractor.io.references.table import read_table as reader
    else:
        raise InputError.at(
            str(path),
            None,
            "is not a reference file we read (RIS, BibTeX, MEDLINE .nbib, EndNote XML or CSV)",
        )
    return reader(text, path.name)


def sniff(suffix: str, text: str) -> str:
    """The format, by what the text starts with (a .txt may be RIS or MEDLINE)."""
    start = text.lstrip()[:2000]
    if start.startswith("<"):
        return "EndNote XML"
    if start.startswith("@"):
        return "BibTeX"
    head = start.splitlines()[0] if start else ""
    if head.startswith("TY  -"):
        return "RIS"
    if head.startswith("PMID-") or head.startswith("PMID -"):
        return "MEDLINE"
    known = FORMATS.get(suffix, "")
    return known if known in ("RIS", "MEDLINE", "BibTeX", "EndNote XML", "CSV") else ""
