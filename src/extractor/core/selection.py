"""Selecting words on a page by dragging, and the quote a selection makes.

A page's words are put in the order a reader reads them (core of this module:
`reading_order`): a two-column article column by column, a title or a figure
spanning both columns between them, and the running header and the publisher's
footer apart, so that a drag across the columns never pulls them in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

Point = tuple[float, float]
Rect = tuple[float, float, float, float]
# A word as PyMuPDF's get_text("words") gives it: its box, its text, and the block,
# line and place in the line the PDF puts it in.
RawWord = tuple[float, float, float, float, str, int, int, int]

MARGIN_BAND = 0.07  # of the page's height: a block wholly inside it is a header or footer
TRIMMED = " \t,;:.!?"  # never the first or last character of a quote
PAIRS = {"(": ")", "[": "]", "“": "”", "‘": "’"}


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    index: int  # position in reading order on its page
    line: int = -1  # the line it is on, counted over the page: where a line breaks
    margin: bool = False  # in a running header or footer

    @property
    def rect(self) -> Rect:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(frozen=True)
class _Block:
    number: int
    x0: float
    y0: float
    x1: float
    y1: float


def reading_order(raw: Iterable[RawWord], width: float, height: float) -> list[Word]:
    """The page's words in the order a reader reads them.

    Blocks that span the middle of the page (a title, a wide figure) cut it into
    bands; within a band the left column is read before the right one. Blocks wholly
    in the top or bottom band of the page are its header and footer: read last, and
    marked, so that a selection in the text leaves them out.
    """
    found = list(raw)
    blocks: dict[int, list[RawWord]] = {}
    for word in found:
        blocks.setdefault(word[5], []).append(word)
    shapes = [
        _Block(
            number,
            min(w[0] for w in words),
            min(w[1] for w in words),
            max(w[2] for w in words),
            max(w[3] for w in words),
        )
        for number, words in blocks.items()
    ]
    middle = width / 2
    top, bottom = height * MARGIN_BAND, height * (1 - MARGIN_BAND)
    margins = {b.number for b in shapes if b.y1 <= top or b.y0 >= bottom}
    body = sorted((b for b in shapes if b.number not in margins), key=lambda b: (b.y0, b.x0))
    ordered: list[_Block] = []
    band: list[_Block] = []

    def close_band() -> None:
        ordered.extend(sorted(band, key=lambda b: (b.x0 >= middle, b.y0, b.x0)))
        band.clear()

    for block in body:
        if block.x0 < middle - 1 < block.x1 and block.x1 - block.x0 > width * 0.5:
            close_band()  # spans both columns: the band above ends here
            ordered.append(block)
        else:
            band.append(block)
    close_band()
    ordered += sorted((b for b in shapes if b.number in margins), key=lambda b: (b.y0, b.x0))
    words: list[Word] = []
    lines: dict[tuple[int, int], int] = {}
    for block in ordered:
        for x0, y0, x1, y1, text, number, line, _place in sorted(
            blocks[block.number], key=lambda w: (w[6], w[7])
        ):
            line_id = lines.setdefault((number, line), len(lines))
            words.append(Word(x0, y0, x1, y1, text, len(words), line_id, number in margins))
    return words


def nearest_word(words: list[Word], point: Point, start: bool = True) -> Word | None:
    """The word under the point, else the closest one. Between two lines a drag's
    start belongs to the line below it and its end to the line above: where the
    reviewer began and stopped, not a line beyond."""
    if not words:
        return None
    x, y = point

    def distance(word: Word) -> tuple[bool, float, float]:
        dx = max(word.x0 - x, 0.0, x - word.x1)
        dy = max(word.y0 - y, 0.0, y - word.y1)
        beyond = (word.y1 < y) if start else (word.y0 > y)  # above a start, below an end
        return (dy > 0 and beyond, dy, dx)  # the line first: a drag follows lines

    return min(words, key=distance)


def select_words(words: list[Word], start: Point, end: Point) -> list[Word]:
    """The words from the one nearest `start` to the one nearest `end`, in reading
    order; a header or footer only when the drag begins or ends in it."""
    first, last = nearest_word(words, start, True), nearest_word(words, end, False)
    if first is None or last is None:
        return []
    if first.index > last.index:  # dragged upwards
        first, last = nearest_word(words, end, True), nearest_word(words, start, False)
        assert first is not None and last is not None
    low, high = sorted((first.index, last.index))
    keep_margins = first.margin or last.margin
    return [w for w in words if low <= w.index <= high and (keep_margins or not w.margin)]


def quote_of(words: list[Word]) -> str:
    """The selected text as one line: ligatures and odd spaces normalised (NFKC), a
    word hyphenated across a line break joined ("shal- low" is "shallow"), and no
    punctuation or space at either end."""
    parts: list[str] = []
    for number, word in enumerate(words):
        text = " ".join(unicodedata.normalize("NFKC", word.text).split())
        if not text:
            continue
        if parts and parts[-1].endswith("\u00ad"):  # a soft hyphen always joins
            parts[-1] = parts[-1][:-1] + text
            continue
        if (
            parts
            and parts[-1].endswith("-")
            and _breaks_line(words[number - 1], word)
            and text[:1].islower()
        ):
            parts[-1] = parts[-1][:-1] + text
            continue
        parts.append(text)
    return _trimmed(" ".join(parts))


def _breaks_line(before: Word, after: Word) -> bool:
    return before.line != after.line


def _trimmed(text: str) -> str:
    """Without punctuation or spaces at its ends, nor a bracket or quote mark whose
    partner was left out of the selection."""
    while True:
        stripped = text.strip(TRIMMED)
        for opening, closing in PAIRS.items():
            if stripped.startswith(opening) and closing not in stripped:
                stripped = stripped[1:]
            if stripped.endswith(closing) and opening not in stripped:
                stripped = stripped[:-1]
        if stripped == text:
            return text
        text = stripped
