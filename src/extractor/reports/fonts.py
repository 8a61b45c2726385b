"""The Unicode font every PDF we write embeds: the standard 14 fonts lack ≥, μ,
ő and Greek letters; DejaVu Sans (shipped in resources/fonts) has them, and
reportlab's CID fonts the Chinese, Japanese and Korean it lacks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from extractor.resources import resource

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> tuple[str, str]:
    """Register the fonts with reportlab once; returns (regular, bold) names."""
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
    return REGULAR, BOLD


# DejaVu Sans has no Chinese, Japanese or Korean. A TrueType font that has them is
# embedded where the system has one (a few megabytes is too much to ship for every
# review); else reportlab's CID fonts, one per script, which are not embedded: a
# reader without Asian fonts shows their characters as boxes.
CJK_FILES = (  # the first that has a character sets it
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/meiryo.ttc",
    "C:/Windows/Fonts/malgun.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/Supplemental/AppleGothic.ttf",
)
CJK_FONTS = (
    ("HeiseiMin-W3", ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))),  # kana
    ("HYSMyeongJo-Medium", ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))),  # hangul
    (
        "STSong-Light",  # Han characters, CJK punctuation and full-width forms
        (
            (0x2E80, 0x2FDF),
            (0x3000, 0x303F),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xF900, 0xFAFF),
            (0xFF00, 0xFF65),
        ),
    ),
)
_gaps: ContextVar[FontGaps | None] = ContextVar("font_gaps", default=None)
CJK_PATTERN = re.compile(
    "["
    + "".join(f"{chr(low)}-{chr(high)}" for _, ranges in CJK_FONTS for low, high in ranges)
    + "]"
)


@dataclass
class FontGaps:
    """What the fonts could not do for a report, for its export to say."""

    missing: set[str] = field(default_factory=set)  # characters no font has
    not_carried: set[str] = field(default_factory=set)  # CID fonts used, not embedded

    def notes(self) -> list[str]:
        notes = []
        if self.missing:
            listed = ", ".join(f"U+{ord(c):04X}" for c in sorted(self.missing))
            notes.append(f"no font has these characters; they are written as their code: {listed}")
        if self.not_carried:
            notes.append(
                "some Chinese, Japanese or Korean text is set in a font the PDF does not "
                "carry (this computer has none to embed): a reader without Asian fonts "
                "shows it as boxes. Installing Droid Sans Fallback or Noto fonts fixes it."
            )
        return notes


@contextmanager
def font_gaps() -> Iterator[FontGaps]:
    """Collect, while reports are drawn, the characters no font has (written as
    their code point, never as an empty box) and the fonts not embedded."""
    found = FontGaps()
    token = _gaps.set(found)
    try:
        yield found
    finally:
        _gaps.reset(token)


def font_runs(text: str) -> str:
    """Escaped paragraph text with each run of Chinese, Japanese or Korean in a font
    that has it; a character no font has is written as its code point ("[U+10380]")
    and collected."""
    covered = _covered()
    gaps = _gaps.get()
    out: list[str] = []
    current: str | None = None
    for char in text:
        code = ord(char)
        font = None
        if code not in covered and char >= " ":  # below: breaks, tabs, carriage returns
            font = _cjk_font(code, gaps)
            if font is None:
                if gaps is not None:
                    gaps.missing.add(char)
                char = f"[U+{code:04X}]"
        if font != current:
            out.append("</font>" if current else "")
            out.append(f'<font name="{font}">' if font else "")
            current = font
        out.append(char)
    if current:
        out.append("</font>")
    return "".join(out)


@cache
def _covered() -> frozenset[int]:
    regular, _ = register_fonts()
    for name, _ranges in CJK_FONTS:
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return frozenset(pdfmetrics.getFont(regular).face.charToGlyph)


@cache
def _embedded_cjk() -> tuple[tuple[str, frozenset[int]], ...]:
    """The system's CJK TrueType fonts reportlab can embed, each with its characters."""
    found = []
    for number, path in enumerate(CJK_FILES):
        if not Path(path).is_file():
            continue
        try:
            font = TTFont(f"ExtractorCJK{number}", path)
        except Exception:  # a collection or outline kind reportlab cannot read
            continue
        pdfmetrics.registerFont(font)
        found.append((font.fontName, frozenset(font.face.charToGlyph)))
    return tuple(found)


def _cjk_font(code: int, gaps: FontGaps | None) -> str | None:
    """The font for a CJK character: an embedded one that has it, else the CID font
    of its script (noted in `gaps`); None for any other character."""
    script = next((name for name, ranges in CJK_FONTS if _within(code, ranges)), None)
    if script is None:
        return None
    embedded = next((font for font, chars in _embedded_cjk() if code in chars), None)
    if embedded is None and gaps is not None:
        gaps.not_carried.add(script)
    return embedded or script


def _within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def has_cjk(text: str) -> bool:
    """Whether text holds Chinese, Japanese or Korean, which wraps between any two
    characters rather than at spaces."""
    return CJK_PATTERN.search(text) is not None


def breakable(text: str) -> list[str]:
    """The pieces a line may break between: words, and each CJK character."""
    pieces: list[str] = []
    for word in text.split():
        pieces += list(word) if has_cjk(word) else [word]
    return pieces


def escaped(text: str) -> str:
    """Text for a reportlab paragraph: its markup characters escaped, and every
    character in a font that has it (font_runs)."""
    return font_runs(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
