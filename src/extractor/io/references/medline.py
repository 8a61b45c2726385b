"""PubMed's MEDLINE format (.nbib, "Send to > Citation manager"), read here: the
`nbib` package is unmaintained and ignores the DOI in `LID` lines.

A record is a block of `TAG - value` lines, a value continuing on lines indented
by six spaces; records are separated by a blank line.
"""

from __future__ import annotations

import re

from extractor.core.references import Reference, normalise_doi, normalise_pmid
from extractor.io.references.common import ReadReferences, clean, year_of

_LINE = re.compile(r"^([A-Z0-9]{1,4})\s*- (.*)$")


def read_medline(text: str, file: str) -> ReadReferences:
    found = ReadReferences(file)
    records = [block for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    for number, block in enumerate(records, start=1):
        fields = _fields(block)
        if fields is None:
            found.problem(number, "not a MEDLINE record (lines are 'TAG - value')")
            continue
        reference = _reference(fields, file, number)
        if not reference.title:
            found.problem(number, "no title (TI)")
            continue
        found.references.append(reference)
    if not records:
        found.problems.append(f"{file}: no MEDLINE record")
    return found


def _fields(block: str) -> dict[str, list[str]] | None:
    fields: dict[str, list[str]] = {}
    last: str | None = None
    for line in block.splitlines():
        match = _LINE.match(line)
        if match:
            last = match.group(1)
            fields.setdefault(last, []).append(match.group(2).strip())
        elif line.startswith("      ") and last is not None:
            fields[last][-1] += " " + line.strip()
        elif line.strip():
            return None
    return fields or None


def _reference(fields: dict[str, list[str]], file: str, number: int) -> Reference:
    def first(tag: str) -> str:
        return clean(fields.get(tag, [""])[0])

    ids = fields.get("LID", []) + fields.get("AID", [])
    doi = next((normalise_doi(v) for v in ids if "[doi]" in v), None)
    authors = fields.get("FAU") or fields.get("AU") or []
    return Reference(
        title=first("TI"),
        authors=tuple(clean(a) for a in authors),
        year=year_of(first("DP")),
        journal=first("JT") or first("TA"),
        volume=first("VI"),
        issue=first("IP"),
        pages=first("PG"),
        doi=doi,
        pmid=normalise_pmid(first("PMID")),
        abstract=first("AB"),
        keywords=tuple(clean(k) for k in fields.get("OT", []) + fields.get("MH", [])),
        database="PubMed",
        file=file,
        record=number,
    )
