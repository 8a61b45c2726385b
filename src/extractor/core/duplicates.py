"""Finding duplicate references: the same record exported by two databases, or
twice by one.

Certain duplicates share a DOI or a PMID. Likely ones have titles that differ only
in case, accents, punctuation and spacing (rapidfuzz's default_process) or are 95%
alike, with the same year and first author's surname: those are shown side by side
for the user to merge or keep. References are compared only within their year and
first author's initial, so that the work grows with the records, not their square.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from extractor.core.references import Reference, surname

__all__ = ["Duplicate", "find_duplicates"]

TITLE_ALIKE = 95.0  # percent, rapidfuzz's ratio of the processed titles


@dataclass(frozen=True)
class Duplicate:
    """Two references (their places in the list) that are the same record."""

    first: int
    second: int
    reason: str  # "same DOI", "same PMID", "titles 97% alike, same year and first author"
    certain: bool


def find_duplicates(references: Sequence[Reference]) -> list[Duplicate]:
    """Each pair of duplicates once, the earlier reference first: certain ones (DOI,
    PMID), then likely ones, in the order of the list."""
    found: dict[tuple[int, int], Duplicate] = {}
    for attribute, reason in (("doi", "same DOI"), ("pmid", "same PMID")):
        first_with: dict[str, int] = {}
        for index, reference in enumerate(references):
            value: str | None = getattr(reference, attribute)
            if not value:
                continue
            if value in first_with:
                pair = (first_with[value], index)
                found.setdefault(pair, Duplicate(*pair, reason, True))
            else:
                first_with[value] = index
    blocks: dict[tuple[int | None, str], list[int]] = {}
    titles = [" ".join(default_process(r.title).split()) for r in references]
    for index, reference in enumerate(references):
        author = default_process(surname(reference.authors[0])) if reference.authors else ""
        blocks.setdefault((reference.year, author[:1]), []).append(index)
    for members in blocks.values():
        for at, i in enumerate(members):
            for j in members[at + 1 :]:
                if (i, j) in found or not titles[i] or not titles[j]:
                    continue
                if not _same_first_author(references[i], references[j]):
                    continue
                alike = 100.0 if titles[i] == titles[j] else fuzz.ratio(titles[i], titles[j])
                if alike >= TITLE_ALIKE:
                    reason = (
                        "the same title, year and first author"
                        if alike == 100.0
                        else f"titles {alike:.0f}% alike, same year and first author"
                    )
                    found[(i, j)] = Duplicate(i, j, reason, False)
    return sorted(found.values(), key=lambda d: (not d.certain, d.first, d.second))


def _same_first_author(a: Reference, b: Reference) -> bool:
    if not a.authors or not b.authors:
        return not a.authors and not b.authors
    return default_process(surname(a.authors[0])) == default_process(surname(b.authors[0]))
