"""Selecting words on a page by dragging, and the quote a selection makes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

Point = tuple[float, float]
Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    index: int  # position in reading order on its page

    @property
    def rect(self) -> Rect:
        return (self.x0, self.y0, self.x1, self.y1)


def nearest_word(words: list[Word], point: Point) -> Word | None:
    """The word under the point, else the closest one (by distance to its box)."""
    if not words:
        return None
    x, y = point

    def distance(word: Word) -> tuple[float, float]:
        dx = max(word.x0 - x, 0.0, x - word.x1)
        dy = max(word.y0 - y, 0.0, y - word.y1)
        return (dy, dx)  # the line first: a drag follows lines of text

    return min(words, key=distance)


def select_words(words: list[Word], start: Point, end: Point) -> list[Word]:
    """The words from the one nearest `start` to the one nearest `end`, in reading order."""
    first, last = nearest_word(words, start), nearest_word(words, end)
    if first is None or last is None:
        return []
    low, high = sorted((first.index, last.index))
    return [word for word in words if low <= word.index <= high]


def quote_of(words: list[Word]) -> str:
    """The selected text as one line, with ligatures and odd spaces normalised
    (NFKC) so that the quote reads and compares like typed text."""
    return " ".join(" ".join(unicodedata.normalize("NFKC", w.text).split()) for w in words)
