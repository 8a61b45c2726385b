"""Matching a full-text file to its study by what its name says."""

from __future__ import annotations

import re
from pathlib import PurePath

from extractor.core.model import StudyInfo

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _tokens(text: str) -> set[str]:
    return {token.casefold() for token in _WORD.findall(text)}


def study_for_file(name: str, studies: list[StudyInfo]) -> list[StudyInfo]:
    """The studies a file name points to: by DOI or PMID in the name, else by the
    first word of the label (the first author's surname, as "Kolev et al" gives).
    One study is a match; none or several leave the choice to the user."""
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
    found = []
    for study in studies:
        words = _WORD.findall(study.label)
        if words and words[0].casefold() in tokens:
            found.append(study)
    return found
