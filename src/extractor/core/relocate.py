"""Finding a quote again in another version of its PDF (a preprint replaced by the
published article, a better scan): the same words, wherever the new layout put them.

Words are compared as a reader would: ligatures and odd spaces normalised, case
ignored, and neither spaces nor hyphens counted, so that a line broken elsewhere
("shal- low" against "shallow") or a different column width does not hide a quote.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.core.selection import Rect, Word

_IGNORED = {"-", "\u00ad", "\u2010", "\u2011"}  # hyphens a line break may add or remove


@dataclass(frozen=True)
class Found:
    page: int  # 1-based, as evidence counts pages
    rects: tuple[Rect, ...]  # of the words the quote covers, in reading order


def _letters(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if not c.isspace() and c not in _IGNORED)


class _PageText:
    """A page's words run together, each letter knowing the word it came from."""

    def __init__(self, words: Sequence[Word]) -> None:
        self.words = list(words)
        letters: list[str] = []
        self.owner: list[int] = []
        for number, word in enumerate(self.words):
            kept = _letters(word.text)
            letters.append(kept)
            self.owner += [number] * len(kept)
        self.text = "".join(letters)

    def find(self, needle: str) -> tuple[Rect, ...] | None:
        start = self.text.find(needle)
        if start < 0:
            return None
        first, last = self.owner[start], self.owner[start + len(needle) - 1]
        return tuple(word.rect for word in self.words[first : last + 1])


def find_quote(pages: Sequence[Sequence[Word]], quote: str, near: int) -> Found | None:
    """Where `quote` is in a document whose pages hold these words (in reading
    order): the page nearest to page `near` (1-based) that has it, or None when no
    page does."""
    needle = _letters(quote)
    if not needle:
        return None
    for index in sorted(range(len(pages)), key=lambda index: (abs(index + 1 - near), index)):
        rects = _PageText(pages[index]).find(needle)
        if rects is not None:
            return Found(index + 1, rects)
    return None
