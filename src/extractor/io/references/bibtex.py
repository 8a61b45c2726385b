"""BibTeX, as Zotero, JabRef, Mendeley and Google Scholar export it, read with
bibtexparser 2: LaTeX accents decoded ({\\"u} is ü), co-authors split on "and"."""

from __future__ import annotations

import logging

from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string
from bibtexparser.model import Entry, ParsingFailedBlock

from extractor.core.references import Reference, normalise_doi, normalise_pmid
from extractor.io.references.common import ReadReferences, clean, year_of


def read_bibtex(text: str, file: str) -> ReadReferences:
    found = ReadReferences(file)
    parser_log = logging.getLogger("bibtexparser")
    quiet, parser_log.disabled = parser_log.disabled, True  # its failures are ours to report
    try:
        library = parse_string(
            text,
            append_middleware=[
                middlewares.LatexDecodingMiddleware(),
                middlewares.SeparateCoAuthors(),
                middlewares.SplitNameParts(),
            ],
        )
    finally:
        parser_log.disabled = quiet
    failed = [(block.start_line or 0, block) for block in library.failed_blocks]
    entries = [(entry.start_line or 0, entry) for entry in library.entries]
    blocks: list[tuple[int, Entry | ParsingFailedBlock]] = sorted(
        [*entries, *failed], key=lambda pair: pair[0]
    )
    for number, (line, block) in enumerate(blocks, start=1):
        if not isinstance(block, Entry):
            found.problem(number, f"not a BibTeX entry (line {line + 1})")
            continue
        fields = {key.casefold(): f.value for key, f in block.fields_dict.items()}
        reference = _reference(fields, file, number)
        if not reference.title:
            found.problem(number, f"no title ('{block.key}')")
            continue
        found.references.append(reference)
    return found


def _reference(fields: dict[str, object], file: str, number: int) -> Reference:
    def text(key: str) -> str:
        return clean(fields.get(key, "")).replace("{", "").replace("}", "")

    names = fields.get("author", [])
    authors = (
        tuple(
            ", ".join(p for p in (" ".join(n.von + n.last), " ".join(n.first)) if p)
            for n in names
            if hasattr(n, "last")
        )
        if isinstance(names, list)
        else ()
    )
    keywords = [k.strip() for k in text("keywords").replace(";", ",").split(",") if k.strip()]
    return Reference(
        title=text("title"),
        authors=authors,
        year=year_of(text("year") or text("date")),
        journal=text("journal") or text("booktitle"),
        volume=text("volume"),
        issue=text("number"),
        pages=text("pages").replace("--", "-").replace("–", "-"),  # LaTeX's -- decodes to –
        doi=normalise_doi(text("doi")),
        pmid=normalise_pmid(text("pmid")),
        abstract=text("abstract"),
        keywords=tuple(keywords),
        database="",
        file=file,
        record=number,
    )
