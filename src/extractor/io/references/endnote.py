"""EndNote XML (File > Export > XML), read with defusedxml: the file comes from
elsewhere, so no entity expansion or external references."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from extractor.core.errors import InputError
from extractor.core.references import Reference, normalise_doi, normalise_pmid
from extractor.io.references.common import ReadReferences, clean, year_of


def read_endnote(text: str, file: str) -> ReadReferences:
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except DefusedXmlException as error:
        raise InputError.at(file, None, f"holds XML we do not read ({error})") from None
    except ElementTree.ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise InputError.at(file, line, f"is not well-formed XML (column {column})") from None
    found = ReadReferences(file)
    records = root.findall(".//record")
    if not records:
        found.problems.append(f"{file}: no EndNote record (<record> elements)")
    for number, record in enumerate(records, start=1):
        reference = _reference(record, file, number)
        if not reference.title:
            found.problem(number, "no title (<titles><title>)")
            continue
        found.references.append(reference)
    return found


def _text(element: Element | None) -> str:
    return "" if element is None else clean("".join(element.itertext()))


def _reference(record: Element, file: str, number: int) -> Reference:
    def first(*paths: str) -> str:
        return next((_text(record.find(p)) for p in paths if _text(record.find(p))), "")

    accession = first("accession-num")
    database = first("remote-database-name", "remote-database-provider")
    return Reference(
        title=first("titles/title"),
        authors=tuple(_text(a) for a in record.findall("contributors/authors/author")),
        year=year_of(first("dates/year", "dates/pub-dates/date")),
        journal=first("titles/secondary-title", "periodical/full-title", "periodical/abbr-1"),
        volume=first("volume"),
        issue=first("number"),
        pages=first("pages"),
        doi=normalise_doi(first("electronic-resource-num"))
        or normalise_doi(first("urls/related-urls/url")),
        pmid=normalise_pmid(accession)
        if "medline" in database.casefold() or "pubmed" in database.casefold()
        else None,
        abstract=first("abstract"),
        keywords=tuple(_text(k) for k in record.findall("keywords/keyword")),
        database=database,
        file=file,
        record=number,
    )
