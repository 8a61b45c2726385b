"""RIS, as Zotero, EndNote, Mendeley, Scopus, Web of Science, Embase/Ovid export it."""

from __future__ import annotations

import re

import rispy

from extractor.core.references import Reference, normalise_doi, normalise_pmid
from extractor.io.references.common import ReadReferences, clean, year_of

_START = re.compile(r"^TY  - ", re.MULTILINE)
_END = re.compile(r"^ER  -", re.MULTILINE)


def read_ris(text: str, file: str) -> ReadReferences:
    found = ReadReferences(file)
    # Each record on its own, so that one that rispy cannot read is named and the
    # others are still read; a last record without its ER line (rispy drops it) is
    # closed here.
    starts = [match.start() for match in _START.finditer(text)]
    for number, start in enumerate(starts, start=1):
        end = starts[number] if number < len(starts) else len(text)
        chunk = text[start:end].rstrip() + "\n"
        if not _END.search(chunk):
            chunk += "ER  - \n"
        try:
            [entry] = rispy.loads(chunk, skip_unknown_tags=True)
        except Exception as error:  # rispy raises bare exceptions for broken records
            found.problem(number, f"not a RIS record ({error})")
            continue
        reference = _reference(entry, file, number)
        if not reference.title:
            found.problem(number, "no title (TI, T1 or ST)")
            continue
        found.references.append(reference)
    if not starts:
        found.problems.append(f"{file}: no RIS record (a record starts with 'TY  - ')")
    return found


def _reference(entry: dict[str, object], file: str, number: int) -> Reference:
    def text(*keys: str) -> str:
        return next((clean(entry[k]) for k in keys if entry.get(k)), "")

    authors = entry.get("authors") or entry.get("first_authors") or []
    keywords = entry.get("keywords") or []
    ids = " ".join(clean(entry.get(k)) for k in ("doi", "urls", "notes") if entry.get(k))
    return Reference(
        title=text("title", "primary_title", "short_title"),
        authors=tuple(clean(a) for a in authors) if isinstance(authors, list) else (),
        year=year_of(text("year", "publication_year", "date")),
        journal=text("journal_name", "secondary_title", "alternate_title3", "alternate_title1"),
        volume=text("volume"),
        issue=text("number"),
        pages=_pages(text("start_page"), text("end_page")),
        doi=normalise_doi(text("doi")) or normalise_doi(ids),
        pmid=normalise_pmid(text("accession_number"))
        if "pubmed" in text("name_of_database").casefold()
        else None,
        abstract=text("abstract", "notes_abstract"),
        keywords=tuple(clean(k) for k in keywords) if isinstance(keywords, list) else (),
        database=text("name_of_database", "database_provider"),
        file=file,
        record=number,
    )


def _pages(start: str, end: str) -> str:
    return f"{start}-{end}" if start and end and end != start else start
