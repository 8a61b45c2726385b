"""Matching a full-text file to its study by what its name says."""

from __future__ import annotations

import re
from pathlib import PurePath

from extractor.core.model import StudyInfo

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A file name's parts: runs of letters and runs of digits ("Dutot2003" is dutot, 2003).
_PART = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_YEAR = re.compile(r"^(19|20)\d\d$")
# Words of file names that say nothing of whose article it is: a study whose label
# begins with one is never matched by name (a "scan.pdf" is not "Scan et al").
COMMON = frozenset(
    [
        "scan",
        "scanned",
        "copy",
        "full",
        "text",
        "fulltext",
        "article",
        "paper",
        "study",
        "studies",
        "report",
        "case",
        "series",
        "review",
        "final",
        "draft",
        "version",
        "accepted",
        "manuscript",
        "proof",
        "reprint",
        "supplement",
        "supplementary",
        "appendix",
        "figure",
        "table",
        "main",
        "file",
        "document",
        "download",
        "pdf",
        "new",
        "old",
        "the",
        "and",
        "for",
        "with",
        "from",
        "of",
        "in",
        "on",
        "et",
        "al",
    ]
)


def _tokens(text: str) -> set[str]:
    return {token.casefold() for token in _WORD.findall(text)}


def _parts(text: str) -> list[str]:
    return [part.casefold() for part in _PART.findall(text)]


def name_key(label: str) -> str | None:
    """The word of a label a file name is matched on: the longest part of its first
    word ("Al-Busafi et al" is busafi), unless it is too short or a common word."""
    first = label.split()[0] if label.split() else ""
    parts = [p for p in _parts(first) if not p.isdigit()]
    key = max(parts, key=len, default="")
    return key if len(key) >= 3 and key not in COMMON else None


def _year(study: StudyInfo) -> str | None:
    if study.citation.year:
        return str(study.citation.year)
    return next((p for p in _parts(study.label) if _YEAR.match(p)), None)


def study_for_file(name: str, studies: list[StudyInfo]) -> list[StudyInfo]:
    """The studies a file name points to: by DOI or PMID in the name, else by the
    first author's surname in the label ("Dutot2003.pdf", "Dutot_2003_AIH.pdf" and
    "dutot-et-al-2003.pdf" are all "Dutot et al 2003"), never by a common word; a year
    in the name must be the study's. One study is a match; none or several leave the
    choice to the user."""
    stem = PurePath(name).stem
    tokens = _tokens(stem)
    compact = re.sub(r"[^0-9a-z]", "", stem.casefold())
    by_id = [
        s
        for s in studies
        if (s.citation.pmid and s.citation.pmid in tokens)
        or (s.citation.doi and re.sub(r"[^0-9a-z]", "", s.citation.doi.casefold()) in compact)
    ]
    if by_id:
        return by_id
    parts = set(_parts(stem))
    years = {p for p in parts if _YEAR.match(p)}
    found = []
    for study in studies:
        key = name_key(study.label)
        if key is None or key not in parts:
            continue
        year = _year(study)
        if years and year and year not in years:
            continue
        found.append(study)
    if len(found) > 1 and years:  # a year in the name settles between namesakes
        dated = [s for s in found if _year(s) in years]
        return dated or found
    return found
