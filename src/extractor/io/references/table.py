"""References in a CSV, as Rayyan, Covidence and spreadsheets write them: one row
per reference, columns named in any case (`title`, `authors`, `year`, `journal`,
`volume`, `issue`, `pages`, `doi`, `pmid`, `abstract`, `keywords`, `database`)."""

from __future__ import annotations

from extractor.core.references import Reference, normalise_doi, normalise_pmid
from extractor.io.csvfile import parse_csv
from extractor.io.references.common import ReadReferences, clean, year_of

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
    # The project's CSV reader: quotes checked, lines counted, formula guards undone.
    table = parse_csv(text.encode("utf-8"), file)
    by_name = {name.casefold(): name for name in table.header}
    where = {
        name: next((by_name[a] for a in aliases if a in by_name), None)
        for name, aliases in _ALIASES.items()
    }
    if where["title"] is None:
        found.problems.append(f"{file}, line 1: no 'title' column")
        return found
    for number, record in enumerate(table.records, start=1):

        def cell(name: str, cells: dict[str, str] = record.cells) -> str:
            column = where[name]
            return clean(cells.get(column, "")) if column is not None else ""

        title = cell("title")
        if not title:
            found.problem(number, f"no title (line {record.line})")
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
