"""Which reference a full-text PDF is: by a DOI it carries, else by its title on the
first pages, else by its file name. One reference fitting is a match; several are a
question for the user; nothing is ever guessed between them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from extractor.core.matching import name_key
from extractor.core.references import Reference, normalise_doi

TITLE_SCORE = 90.0  # how alike a title and the first pages' words must be (0-100)
TITLE_MARGIN = 5.0  # a title this much better than the next decides between them
MIN_TITLE_WORDS = 4  # shorter titles ("Editorial") say too little to match on
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)
_PART = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class FullText:
    """What a PDF says of itself."""

    name: str  # its file name
    text: str  # the words of its first pages
    metadata: str = ""  # its document information (title, subject, keywords)

    def dois(self) -> list[str]:
        found = [normalise_doi(m.group(0)) for m in _DOI.finditer(f"{self.metadata} {self.text}")]
        return list(dict.fromkeys(d for d in found if d))


@dataclass(frozen=True)
class Match:
    references: list[int]  # positions in the list given: one matches, several ask
    how: str  # in words, for the report

    @property
    def found(self) -> bool:
        return len(self.references) == 1


def match_full_text(pdf: FullText, references: Sequence[tuple[str, Reference]]) -> Match:
    """The reference (label, citation) the PDF is, or the ones it could be."""
    dois = pdf.dois()
    by_doi = [n for n, (_, ref) in enumerate(references) if ref.doi and ref.doi in dois]
    by_title = _by_title(pdf.text, references)
    if by_doi:
        # A first page may cite another article's DOI: where the title on the page is
        # another reference's, both are asked about.
        others = [n for n in by_title.references if n not in by_doi]
        if by_title.found and others:
            return Match(by_doi + others, "its DOI and its title name different references")
        doi = references[by_doi[0]][1].doi
        return Match(by_doi, f"DOI {doi} in the PDF" if len(by_doi) == 1 else "DOI in the PDF")
    if by_title.references:
        return by_title
    by_name = _by_name(pdf.name, references)
    return Match(by_name, "file name" if by_name else "nothing fits")


def _by_title(text: str, references: Sequence[tuple[str, Reference]]) -> Match:
    page = default_process(text)
    words = set(page.split())
    scored = []
    for n, (_, reference) in enumerate(references):
        title = default_process(reference.title)
        title_words = title.split()
        if len(title_words) < MIN_TITLE_WORDS:
            continue
        longest = sorted(title_words, key=len, reverse=True)[:3]
        if not all(word in words for word in longest):
            continue  # cheap first: a title whose longest words are absent is not there
        score = fuzz.partial_ratio(title, page)
        if score >= TITLE_SCORE:
            scored.append((score, n))
    if not scored:
        return Match([], "")
    scored.sort(reverse=True)
    best = scored[0][0]
    close = [n for score, n in scored if score > best - TITLE_MARGIN]
    return Match(close, f"title on its first pages ({best:.0f}% alike)")


def _by_name(name: str, references: Sequence[tuple[str, Reference]]) -> list[int]:
    """By the first author's surname in the file name, and the year where it has one
    ("Kolev2023.pdf", "kolev_et_al_2023_belimumab.pdf")."""
    parts = {part.casefold() for part in _PART.findall(PurePath(name).stem)}
    years = {p for p in parts if _YEAR.match(p)}
    found = []
    for n, (label, reference) in enumerate(references):
        key = name_key(label)
        if key is None or key not in parts:
            continue
        year = str(reference.year) if reference.year else None
        if years and year and year not in years:
            continue
        found.append(n)
    return found
