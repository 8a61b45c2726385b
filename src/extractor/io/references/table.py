"""References in a CSV, as Rayyan, Covidence and spreadsheets write them: one row
per reference, columns named in any case (`title`, `authors`, `year`, `journal`,
`volume`, `issue`, `pages`, `doi`, `pmid`, `abstract`, `keywords`, `database`)."""

from __future__ import annotations

import csv
import io

from extractor.core.references import Reference, normalise_doi, normalise_pmid
from extractor.io.references.common import ReadReferences, clean, year_of
from extractor.io.spreadsheet_safety import read_cell

_ALIASES = {
    "title": ("title", "article title", "primary title"),
    "authors": ("authors", "author", "author(s)"),
    "year": ("year", "publication year", "py"),
    "journal": ("journal", "source title", "journal/book", "secondary title"),
    "volume": ("volume",),
    "issue": ("issue", "number"),
    "pages": ("pages", "page"),
    "doi": ("doi",),
    "pmid": ("pmid", "pubmed id"),
    "abstract": ("abstract",),
    "keywords": ("keywords", "author keywords"),
    "database": ("database", "source"),
}


def read_table(text: str, file: str) -> ReadReferences:
    found = ReadReferences(file)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        found.problems.append(f"{file}: no rows")
        return found
    header = [cell.strip().casefold() for cell in rows[0]]
    where = {
        name: next((header.index(a) for a in aliases if a in header), None)
        for name, aliases in _ALIASES.items()
    }
    if where["title"] is None:
        found.problems.append(f"{file}, line 1: no 'title' column")
        return found
    for number, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            at = where[name]
            return clean(read_cell(row[at])) if at is not None and at < len(row) else ""

        title = cell("title")
        if not title:
            found.problem(number, f"no title (line {number + 1})")
            continue
        authors = [a.strip() for a in cell("authors").replace(" and ", ";").split(";") if a.strip()]
        found.references.append(
            Reference(
                title=title,
                authors=tuple(authors),
                year=year_of(cell("year")),
                journal=cell("journal"),
                volume=cell("volume"),
                issue=cell("issue"),
                pages=cell("pages"),
                doi=normalise_doi(cell("doi")),
                pmid=normalise_pmid(cell("pmid")),
                abstract=cell("abstract"),
                keywords=tuple(k.strip() for k in cell("keywords").split(";") if k.strip()),
                database=cell("database"),
                file=file,
                record=number,
            )
        )
    return found
