"""The PDF view's text: selecting words by dragging, finding, showing a quote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from extractor.core.selection import Rect, Word, quote_of, select_words
from extractor.pdf.document import SearchHit

if TYPE_CHECKING:
    from PySide6.QtCore import QRectF, Signal
    from PySide6.QtWidgets import QAbstractScrollArea

    from extractor.gui.pdf_renderer import PdfRenderer
    from extractor.pdf.layout import PageColumn

    # To the type checker the mixin is the scroll area it is mixed into (PdfView).
    _ScrollArea = QAbstractScrollArea
else:
    _ScrollArea = object


@dataclass(frozen=True)
class Quote:
    """A selection in the shown document: its page (1-based), word boxes and text."""

    page: int
    rects: tuple[Rect, ...]
    text: str


REVEAL_MARGIN = 40  # pixels left of a hit or a quote scrolled into view


class TextActions(_ScrollArea):
    """Mixed into PdfView: uses its pages, its renderer and its state."""

    # What the mixin uses of PdfView, which sets or defines it.
    selection_changed: ClassVar[Signal]
    search_finished: ClassVar[Signal]
    current_hit_changed: ClassVar[Signal]
    _renderer: PdfRenderer
    _generation: int
    _pages: PageColumn
    _words: dict[int, list[Word]]
    _broken: dict[int, str]
    _hits: list[SearchHit]
    _hit: int
    _pending_search: str | None
    _from_page: int = 0
    _selection: tuple[int, list[Word]] | None
    _drag_start: tuple[int, tuple[float, float]] | None
    _quote: tuple[int, tuple[Rect, ...]] | None

    if TYPE_CHECKING:

        @property
        def unit(self) -> float: ...
        def page_rect(self, page: int) -> QRectF: ...
        def visible_pages(self) -> range: ...
        def go_to_page(self, number: int, y: float = 0.0) -> None: ...
        def _set_page(self, page: int) -> None: ...

    # words and selection

    def page_at(self, position: QPointF) -> tuple[int, tuple[float, float]] | None:
        """The page under a viewport position, and the position in PDF points on it."""
        for page in self.visible_pages():
            rect = self.page_rect(page)
            if rect.contains(position):
                return page, (
                    (position.x() - rect.left()) / self.unit,
                    (position.y() - rect.top()) / self.unit,
                )
        return None

    def view_point(self, page: int, x: float, y: float) -> QPoint:
        """The viewport position of a point on a page (1-based), in PDF points."""
        rect = self.page_rect(page - 1)
        return QPoint(int(rect.left() + x * self.unit), int(rect.top() + y * self.unit))

    def words(self, page: int) -> list[Word] | None:
        """A page's words (1-based page) if they have arrived; asks for them otherwise."""
        found = self._words.get(page - 1)
        if found is None and page - 1 not in self._broken:  # a page given up on stays so
            self._renderer.load_words(self._generation, page - 1)
        return found

    def _on_words(self, generation: int, page: int, words: list[Word]) -> None:
        if generation == self._generation:
            self._words[page] = words
            if self._drag_start and self._drag_start[0] == page:
                self.viewport().update()

    def select_between(
        self, page: int, start: tuple[float, float], end: tuple[float, float]
    ) -> bool:
        """Select the words from `start` to `end` (PDF points) on a page (1-based)."""
        words = self._words.get(page - 1)
        if not words:
            self.words(page)
            return False
        chosen = select_words(words, start, end)
        self._selection = (page - 1, chosen) if chosen else None
        self.selection_changed.emit(bool(chosen))
        self.viewport().update()
        return bool(chosen)

    def clear_selection(self) -> None:
        if self._selection is not None:
            self._selection = None
            self.selection_changed.emit(False)
            self.viewport().update()

    def selected_quote(self) -> Quote | None:
        if not self._selection:
            return None
        page, words = self._selection
        return Quote(page + 1, tuple(word.rect for word in words), quote_of(words))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus()
        found = self.page_at(event.position())
        self._drag_start = found
        self.clear_selection()
        if found is not None:
            self.words(found[0] + 1)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        found = self.page_at(event.position())
        over_text = found is not None and bool(self._words.get(found[0]))
        self.viewport().setCursor(
            Qt.CursorShape.IBeamCursor if over_text else Qt.CursorShape.ArrowCursor
        )
        if found is not None and found[0] not in self._words:
            self.words(found[0] + 1)
        if self._drag_start and event.buttons() & Qt.MouseButton.LeftButton:
            page, start = self._drag_start
            end = found[1] if found and found[0] == page else self._clamp(page, event.position())
            self.select_between(page + 1, start, end)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = None  # the end of a drag (or click) that started here
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _clamp(self, page: int, position: QPointF) -> tuple[float, float]:
        rect = self.page_rect(page)
        x = min(max(position.x(), rect.left()), rect.right())
        y = min(max(position.y(), rect.top()), rect.bottom())
        return ((x - rect.left()) / self.unit, (y - rect.top()) / self.unit)

    # find

    # Shadows QWidget.find (a static look-up of a widget by window id), unused here.
    def find(self, text: str, from_page: int = 0) -> None:  # type: ignore[override]
        """Search the whole document; `search_finished` tells how many hits. The first
        hit shown is the first on `from_page` (0-based) or after it."""
        self._hits, self._hit = [], -1
        self._from_page = from_page
        if not self._pages:
            self._pending_search = text
            return
        self._pending_search = None
        self._renderer.search(self._generation, text)

    def _on_searched(self, generation: int, text: str, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return
        self._hits = hits
        later = [n for n, hit in enumerate(hits) if hit.page >= self._from_page]
        self._hit = (later[0] if later else 0) - 1
        self.search_finished.emit(len(hits))
        if hits:
            self.next_hit()
        else:
            self.current_hit_changed.emit(0)
        self.viewport().update()

    @property
    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def next_hit(self) -> None:
        self._step_hit(+1)

    def previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        if not self._hits:
            return
        self._hit = (self._hit + step) % len(self._hits)
        hit = self._hits[self._hit]
        self._reveal(hit.page, hit.rect)
        self.current_hit_changed.emit(self._hit + 1)
        self.viewport().update()

    def _reveal(self, page: int, rect: Rect) -> None:
        """Scroll so the rectangle is in view, a little below the top, and across as
        well when the page is wider than the view (zoomed in)."""
        top = self._pages.height_of(page, rect[1])
        bar = self.verticalScrollBar()
        if not bar.value() + 40 <= top <= bar.value() + self.viewport().height() - 40:
            bar.setValue(int(top - self.viewport().height() / 4))
        room = max(self._pages.content_size()[0], self.viewport().width())
        left = self._pages.page_box(page, room)[0]
        start, end = left + rect[0] * self.unit, left + rect[2] * self.unit
        across = self.horizontalScrollBar()
        if start < across.value() or end > across.value() + self.viewport().width():
            across.setValue(int(start - REVEAL_MARGIN))
        self._set_page(page)

    # evidence

    def show_quote(self, page: int, rects: tuple[Rect, ...]) -> None:
        """Scroll to a quote (1-based page) and highlight its words."""
        if not 1 <= page <= len(self._pages):
            return
        self._quote = (page - 1, tuple(rects))
        if rects:
            self._reveal(page - 1, rects[0])
        else:
            self.go_to_page(page)
        self.viewport().update()
