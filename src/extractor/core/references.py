"""References: the records of database searches as a review imports them, before
any is a study. Each keeps where it came from (database and file), for PRISMA's
"records identified from" counts, and a short label for lists and tables.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "LabelBook",
    "Reference",
    "label_of",
    "labels",
    "normalise_doi",
    "normalise_pmid",
    "surname",
]

_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    title: str
    authors: tuple[str, ...] = ()  # as "Surname, Given names"
    year: int | None = None
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str | None = None  # lower case, without "https://doi.org/"
    pmid: str | None = None
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    database: str = ""  # where the search ran: "MEDLINE", "Embase", "Scopus", …
    file: str = ""  # the file it was imported from
    record: int = 0  # its place in that file, 1-based

    def citation_json(self) -> dict[str, object]:
        """The citation, as a package carries it (where it came from travels apart)."""
        return {
            "title": self.title,
            "authors": list(self.authors),
            "year": self.year,
            "journal": self.journal,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "pmid": self.pmid,
            "abstract": self.abstract,
            "keywords": list(self.keywords),
        }

    @classmethod
    def from_citation_json(cls, raw: object) -> Reference:
        """A citation read back from a package; a ValueError names what is wrong."""
        if not isinstance(raw, dict) or not isinstance(raw.get("title"), str):
            raise ValueError("a reference has no title")
        texts = ("journal", "volume", "issue", "pages", "abstract")
        if any(not isinstance(raw.get(name, ""), str) for name in texts):
            raise ValueError(f"reference {raw['title']!r} has a field that is not text")
        year = raw.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise ValueError(f"reference {raw['title']!r} has a year that is not a number")
        listed = {name: raw.get(name) or [] for name in ("authors", "keywords")}
        if any(
            not isinstance(v, list) or not all(isinstance(x, str) for x in v)
            for v in listed.values()
        ):
            raise ValueError(
                f"reference {raw['title']!r} has authors or keywords that are not text"
            )
        ids = {name: raw.get(name) for name in ("doi", "pmid")}
        return cls(
            title=raw["title"],
            authors=tuple(listed["authors"]),
            year=year,
            doi=str(ids["doi"]) if ids["doi"] else None,
            pmid=str(ids["pmid"]) if ids["pmid"] else None,
            keywords=tuple(listed["keywords"]),
            **{name: raw.get(name, "") for name in texts},
        )


def normalise_doi(text: str | None) -> str | None:
    """A DOI as "10.xxxx/…" in lower case (DOIs compare without case), found in a
    URL, a "doi:" prefix or a MEDLINE "[doi]" suffix; None where there is none."""
    if not text:
        return None
    found = _DOI.search(text.strip())
    if found is None:
        return None
    return found.group(0).rstrip(".,;)]").removesuffix("[doi]").strip().casefold()


def normalise_pmid(text: str | None) -> str | None:
    digits = (text or "").strip().removeprefix("PMID:").strip()
    return digits if digits.isdigit() else None


def surname(author: str) -> str:
    """The family name of "Surname, Given" or "Given Surname"."""
    author = author.strip()
    if "," in author:
        return author.split(",", 1)[0].strip()
    parts = author.split()
    return parts[-1] if parts else ""


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).casefold()


def labels(references: Sequence[Reference]) -> list[str]:
    """Short labels as a review's tables name studies: "Smith 2019" for one author,
    "Smith and Jones 2019" for two, "Smith et al 2019" for more; labels that would
    be the same get "2019a", "2019b" in the order given."""
    plain = [label_of(reference) for reference in references]
    counts: dict[str, int] = {}
    for label in plain:
        counts[_fold(label)] = counts.get(_fold(label), 0) + 1
    seen: dict[str, int] = {}
    found = []
    for label in plain:
        key = _fold(label)
        if counts[key] == 1:
            found.append(label)
            continue
        seen[key] = seen.get(key, 0) + 1
        found.append(label + _letters(seen[key]))
    return found


def label_of(reference: Reference) -> str:
    names = [surname(author) for author in reference.authors if surname(author)]
    if not names:
        who = reference.title.split(":")[0][:40].strip() or "Untitled"
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al"
    return f"{who} {reference.year}" if reference.year else f"{who} (no year)"


def _letters(number: int) -> str:
    """1 → a, 26 → z, 27 → aa: the suffix of the number-th label alike."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


class LabelBook:
    """The labels given so far, to give each new reference one that repeats none
    (case and accents aside): its own, or with the next letter ("Smith et al 2019b");
    labels already given never change."""

    def __init__(self, given: Iterable[str]) -> None:
        self._taken = {_fold(label) for label in given}

    def new(self, reference: Reference) -> str:
        base = label_of(reference)
        label, number = base, 2
        while _fold(label) in self._taken:
            label, number = base + _letters(number), number + 1
        self._taken.add(_fold(label))
        return label
