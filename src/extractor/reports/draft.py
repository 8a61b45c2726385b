"""The line every page of a draft carries: "Draft: 3 unresolved conflicts, …".

A canvas that writes it at the top of each page as the page is finished, so every
report, flowing or drawn, gets it the same way: pass `marked(note)` where a Canvas
class is expected (`canvasmaker=` for a document template).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from extractor.reports.fonts import register_fonts

DRAFT_RED = colors.HexColor("#b3261e")
SIZE = 8.5
FROM_TOP = 7 * mm
SIDE = 10 * mm


class DraftCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    note = ""

    def showPage(self) -> None:
        if self.note:
            self._write_note()
        super().showPage()

    def _write_note(self) -> None:
        width, height = self._pagesize
        _, bold = register_fonts()
        size = SIZE
        while size > 5 and self.stringWidth(self.note, bold, size) > width - 2 * SIDE:
            size -= 0.5  # a long note on a narrow page gets smaller, never cut
        self.saveState()
        self.setFont(bold, size)
        self.setFillColor(DRAFT_RED)
        self.drawString(SIDE, height - FROM_TOP, self.note)
        self.restoreState()


def marked(note: str | None) -> Callable[..., Canvas]:
    """A Canvas maker whose pages carry `note` (none when it is empty or None)."""

    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = DraftCanvas(*args, **kwargs)
        canvas.note = note or ""
        return canvas

    return make
