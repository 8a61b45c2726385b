"""The PDF page view: continuous scrolling, zoom and highlights (its text, that is
selecting words, finding and showing a quote, is in `pdf_text`).

Pages are laid out top to bottom. Only the visible pages (and one on either
side) are asked of the render process, at the screen's pixel density; images of
pages far from view are released, so memory stays flat on long documents.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from extractor.core.selection import Rect, Word
from extractor.gui.pdf_renderer import PdfRenderer
from extractor.gui.pdf_text import TextActions
from extractor.pdf.document import SearchHit
from extractor.pdf.layout import (
    MARGIN,
    POINTS_TO_PIXELS,
    ZOOM_MAX,
    ZOOM_MIN,
    PageColumn,
    Viewport,
    clamp_zoom,
    fitted_zoom,
    render_scale,
)

LOOKAHEAD = 1
ZOOM_STEPS = (
    0.25,
    0.33,
    0.5,
    0.67,
    0.75,
    0.8,
    0.9,
    1.0,
    1.1,
    1.25,
    1.5,
    1.75,
    2.0,
    2.5,
    3.0,
    4.0,
    5.0,
    6.0,
)
CACHE_BUDGET = 96 * 1024 * 1024
SPACE_OVERLAP = 40  # pixels of the last screen still shown after Space, to read on

HIT = QColor(255, 214, 0, 90)
CURRENT_HIT = QColor(255, 140, 0, 130)
SELECTION = QColor(40, 110, 230, 80)
QUOTE = QColor(0, 170, 80, 70)


def _fits(image: QImage, target: QRectF) -> bool:
    """Whether the image covers the target pixel for pixel (within rounding)."""
    size = image.deviceIndependentSize()
    return abs(size.width() - target.width()) < 1.5 and abs(size.height() - target.height()) < 1.5


class PdfView(TextActions, QAbstractScrollArea):
    document_ready = Signal(int)  # page count
    text_layer_known = Signal(int)  # 1 when the document has a text layer, 0 for a scan
    failed = Signal(str)
    page_changed = Signal(int)  # 1-based
    zoom_changed = Signal(float)
    search_finished = Signal(int)  # number of hits
    current_hit_changed = Signal(int)  # 1-based, 0 for none
    selection_changed = Signal(bool)
    page_rendered = Signal(int)  # 1-based: its image has arrived and is drawn

    def __init__(self, parent: QWidget | None = None, cache_budget: int = CACHE_BUDGET) -> None:
        super().__init__(parent)
        self.setAccessibleName("PDF pages")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        # Grey around the pages, whatever the theme: white pages on a white ground
        # would show no edges. (A scroll area's viewport fills with its Base colour.)
        self.viewport().setAutoFillBackground(True)
        palette = self.viewport().palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#7f858c"))
        self.viewport().setPalette(palette)
        self._renderer = renderer = PdfRenderer(self)
        renderer.opened.connect(self._on_opened)
        renderer.text_layer.connect(self._on_text_layer)
        renderer.sizes_corrected.connect(self._on_sizes_corrected)
        renderer.failed.connect(self._on_failed)
        renderer.rendered.connect(self._on_rendered)
        renderer.words_ready.connect(self._on_words)
        renderer.searched.connect(self._on_searched)
        renderer.stopped.connect(self._on_renderer_stopped)
        renderer.page_failed.connect(self._on_page_failed)
        self.cache_budget = cache_budget
        self._generation = 0
        self._pages = PageColumn()
        self._zoom = 1.0
        self._fit: str | None = "width"
        self._cache: dict[int, tuple[float, QImage]] = {}
        self._broken: dict[int, str] = {}  # pages given up on, with why
        self._requested: set[tuple[int, float]] = set()
        self._words: dict[int, list[Word]] = {}
        self._hits: list[SearchHit] = []
        self._hit = -1
        self._pending_search: str | None = None
        self._selection: tuple[int, list[Word]] | None = None
        self._drag_start: tuple[int, tuple[float, float]] | None = None
        self._quote: tuple[int, tuple[Rect, ...]] | None = None
        self._message = ""
        self._page = 0
        self.has_text = False
        self._opened_with: Viewport | None = None
        self._text_checked = False
        self._schedule = QTimer(self, singleShot=True, interval=0)
        self._schedule.timeout.connect(self._request_visible)
        # The text check waits until the first page is on screen, which it would delay.
        self._text_check = QTimer(self, singleShot=True, interval=0)
        self._text_check.timeout.connect(lambda: self._renderer.check_text(self._generation))
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(lambda _: self.viewport().update())

    # loading

    def load(self, data: bytes, source: str) -> None:
        """Show a PDF; the answer comes as `document_ready` or `failed`."""
        self._reset()
        self._message = "Opening…"
        self._opened_with = self._viewport()
        self.viewport().update()
        self._renderer.open(self._generation, data, source, self._opened_with)

    def clear(self, message: str = "") -> None:
        self._reset()
        self._renderer.close()
        self._message = message
        self.viewport().update()

    def shutdown(self) -> None:
        self._renderer.shutdown()

    def _reset(self) -> None:
        self._generation += 1
        self._pages.arrange(sizes=[])
        self._cache.clear()
        self._broken.clear()
        self._requested.clear()
        self._words.clear()
        self._hits, self._hit = [], -1
        self._selection = self._drag_start = self._quote = None
        self._page = 0
        self.has_text = False
        self._text_checked = False
        self._update_scrollbars()

    @property
    def renderer_pid(self) -> int | None:
        """The id of the process that draws the pages, while it runs."""
        return self._renderer.process_id

    @property
    def page_count(self) -> int:
        return len(self._pages)

    @property
    def message(self) -> str:
        return self._message

    def _on_opened(self, generation: int, sizes: list[tuple[float, float]]) -> None:
        if generation != self._generation:
            return
        if self._pages:  # opened again in a new render process: carry on where we are
            self._requested.clear()
            self._schedule.start()
            return
        self._message = ""
        self._relayout(sizes)
        self._apply_fit()
        # The render process draws the first page unasked (see RenderService._open).
        early = self._opened_with
        if (
            early
            and render_scale(fitted_zoom(early, *sizes[0]), early.pixel_ratio) == self._scale()
        ):
            self._requested.add((0, self._scale()))
        self.document_ready.emit(len(self._pages))
        self.page_changed.emit(1)

    def _on_text_layer(self, generation: int, has_text: int) -> None:
        if generation != self._generation:
            return
        self.has_text = bool(has_text)
        self.text_layer_known.emit(has_text)
        if self._pending_search and self.has_text:
            self.find(self._pending_search, self._from_page)

    def _on_sizes_corrected(
        self, generation: int, corrections: dict[int, tuple[float, float]]
    ) -> None:
        """Pages of another size than the first, or turned by their rotation: lay the
        pages out again, keeping the page in view where it is."""
        if generation != self._generation:
            return
        anchor = self._anchor()
        sizes = self._pages.sizes
        self._relayout([corrections.get(page, size) for page, size in enumerate(sizes)])
        self._restore_anchor(anchor)
        self._apply_fit()  # a wider page changes what fitting the width means

    def _on_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        if not self._pages:
            self._message = message
            self.viewport().update()
        self.failed.emit(message)

    def _on_page_failed(self, generation: int, page: int, message: str) -> None:
        if generation != self._generation:
            return
        self._broken[page] = message
        self.viewport().update()
        self.failed.emit(message)

    def broken_pages(self) -> list[int]:
        """Pages that cannot be drawn (0-based); each says why in its place."""
        return sorted(self._broken)

    def _on_renderer_stopped(self, message: str) -> None:
        """The document went with the process that drew it: say so where it was."""
        self._reset()
        self._message = message
        self.viewport().update()
        self.failed.emit(message)

    # layout and zoom

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def unit(self) -> float:
        return self._zoom * POINTS_TO_PIXELS

    def set_zoom(self, zoom: float, keep_fit: bool = False) -> None:
        zoom = clamp_zoom(zoom)
        if not keep_fit:
            self._fit = None
        if abs(zoom - self._zoom) < 1e-4:
            return
        anchor = self._anchor()
        self._zoom = zoom
        self._relayout()
        self._restore_anchor(anchor)
        self.zoom_changed.emit(zoom)

    @property
    def fit(self) -> str | None:
        """ "width" or "page" while the zoom follows the view's size, else None."""
        return self._fit

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom + 1e-3), ZOOM_MAX))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self._zoom - 1e-3), ZOOM_MIN))

    def fit_width(self) -> None:
        self._fit = "width"
        self._apply_fit()

    def fit_page(self) -> None:
        self._fit = "page"
        self._apply_fit()

    def _apply_fit(self) -> None:
        column = self._pages
        if not column or self._fit is None:
            return
        height = column.sizes[self._page][1]
        self.set_zoom(fitted_zoom(self._viewport(), column.widest, height), keep_fit=True)

    def _viewport(self) -> Viewport:
        size = self.viewport().size()
        return Viewport(
            self._fit, self._zoom, size.width(), size.height(), self.devicePixelRatioF()
        )

    def _relayout(self, sizes: list[tuple[float, float]] | None = None) -> None:
        """Lay the pages out again: at the current zoom, with new sizes if given."""
        self._pages.arrange(sizes, self.unit)
        self._requested.clear()
        self._update_scrollbars()
        self._schedule.start()
        self.viewport().update()

    def _update_scrollbars(self) -> None:
        size, view = QSize(*self._pages.content_size()), self.viewport().size()
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        vertical.setRange(0, max(0, size.height() - view.height()))
        vertical.setPageStep(view.height())
        vertical.setSingleStep(40)
        horizontal.setRange(0, max(0, size.width() - view.width()))
        horizontal.setPageStep(view.width())
        horizontal.setSingleStep(40)

    def page_rect(self, page: int) -> QRectF:
        """Where a page is drawn, in viewport pixels."""
        room = max(self._pages.content_size()[0], self.viewport().width())
        left, top, width, height = self._pages.page_box(page, room)
        scrolled = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        return QRectF(left - scrolled[0], top - scrolled[1], width, height)

    def visible_pages(self) -> range:
        top = self.verticalScrollBar().value()
        return self._pages.pages_in(top, top + self.viewport().height())

    def _anchor(self) -> tuple[int, float] | None:
        """The page at the top of the view and how far down it, to keep it there."""
        return self._pages.anchor(self.verticalScrollBar().value())

    def _restore_anchor(self, anchor: tuple[int, float] | None) -> None:
        if anchor is not None:
            self.verticalScrollBar().setValue(int(self._pages.height_of(*anchor)))

    # navigation

    @property
    def current_page(self) -> int:
        return self._page + 1

    def go_to_page(self, number: int, y: float = 0.0) -> None:
        """Scroll so that page `number` (1-based) starts at the top, or point `y` on it does."""
        if not self._pages:
            return
        page = min(max(number, 1), len(self._pages)) - 1
        self.verticalScrollBar().setValue(int(self._pages.height_of(page, y) - MARGIN))
        self._set_page(page)

    def _on_scrolled(self, _value: int) -> None:
        pages = self.visible_pages()
        if pages:
            middle = self.verticalScrollBar().value() + self.viewport().height() / 3
            self._set_page(self._pages.page_at(middle))
        self._schedule.start()
        self.viewport().update()

    def _set_page(self, page: int) -> None:
        if page != self._page:
            self._page = page
            self.page_changed.emit(page + 1)

    # rendering

    def _scale(self) -> float:
        return render_scale(self._zoom, self.devicePixelRatioF())

    def _request_visible(self) -> None:
        """Ask for the visible pages; once they are drawn, for one page either side."""
        pages = self.visible_pages()
        if not pages:
            return
        scale = self._scale()
        first = max(0, pages.start - LOOKAHEAD)
        last = min(len(self._pages) - 1, pages.stop - 1 + LOOKAHEAD)
        self._renderer.want({(self._generation, p, scale) for p in range(first, last + 1)})
        missing = [p for p in pages if not self._drawn(p, scale) and p not in self._broken]
        ahead = [
            p
            for p in range(first, last + 1)
            if p not in pages and not self._drawn(p, scale) and p not in self._broken
        ]
        for page in missing or ahead:  # the look-ahead waits: it would slow the first paint
            if (page, scale) not in self._requested:
                self._requested.add((page, scale))
                self._renderer.render(self._generation, page, scale)
        self._release(first, last)

    def _drawn(self, page: int, scale: float) -> bool:
        cached = self._cache.get(page)
        return cached is not None and cached[0] == scale

    def _release(self, first: int, last: int) -> None:
        """Drop the images of pages away from the view, then keep within the budget."""
        for page in [p for p in self._cache if p < first - 1 or p > last + 1]:
            del self._cache[page]
        while self.cached_bytes() > self.cache_budget and len(self._cache) > 1:
            middle = (first + last) / 2
            del self._cache[max(self._cache, key=lambda p: abs(p - middle))]

    def cached_bytes(self) -> int:
        return sum(image.sizeInBytes() for _, image in self._cache.values())

    def cached_pages(self) -> list[int]:
        return sorted(self._cache)

    def _on_rendered(self, generation: int, page: int, scale: float, image: QImage) -> None:
        if generation != self._generation:
            return
        self._requested.discard((page, scale))
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self._cache[page] = (scale, image)
        pages = self.visible_pages()
        if pages:
            self._release(pages.start - LOOKAHEAD, pages.stop - 1 + LOOKAHEAD)
        if page in pages:
            self.viewport().update()
            self._schedule.start()  # the look-ahead, now that a visible page is in
        self.page_rendered.emit(page + 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        if not self._pages:
            painter.setPen(QColor("white"))
            painter.drawText(
                self.viewport().rect().adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._message,
            )
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        scale = self._scale()
        for page in self.visible_pages():
            target = self.page_rect(page)
            painter.fillRect(target, QColor("white"))
            cached = self._cache.get(page)
            if cached is not None and cached[0] == scale and _fits(cached[1], target):
                # Pixel for pixel, at whole pixels: a fractional position would make
                # the smooth transform resample the whole page on every paint.
                painter.drawImage(target.topLeft().toPoint(), cached[1])
            elif cached is not None:
                # An older zoom until the new one arrives, or a page too large to draw
                # at this zoom (see PdfDocument.render), stretched to its place.
                painter.drawImage(target, cached[1])
            elif page in self._broken:
                painter.setPen(QColor("#5a5a5a"))
                # At the page's top, where a reader scrolling down meets it first.
                painter.drawText(
                    target.adjusted(24, 48, -24, -24),
                    Qt.AlignmentFlag.AlignTop
                    | Qt.AlignmentFlag.AlignHCenter
                    | Qt.TextFlag.TextWordWrap,
                    self._broken[page],
                )
            else:
                painter.setPen(QColor("#888888"))
                painter.drawText(target, Qt.AlignmentFlag.AlignCenter, f"Page {page + 1}")
            self._paint_marks(painter, page, target)
        painter.end()
        if self._cache and not self._text_checked:
            self._text_checked = True
            self._text_check.start()

    def _paint_marks(self, painter: QPainter, page: int, target: QRectF) -> None:
        for index, hit in enumerate(self._hits):
            if hit.page == page:
                colour = CURRENT_HIT if index == self._hit else HIT
                painter.fillRect(self._to_view(target, hit.rect), colour)
        if self._selection and self._selection[0] == page:
            for word in self._selection[1]:
                painter.fillRect(self._to_view(target, word.rect), SELECTION)
        if self._quote and self._quote[0] == page:
            painter.setPen(QPen(QColor(0, 130, 60), 1.5))
            for rect in self._quote[1]:
                box = self._to_view(target, rect).adjusted(-2, -2, 2, 2)
                painter.fillRect(box, QUOTE)
                painter.drawRect(box)

    def _to_view(self, target: QRectF, rect: Rect) -> QRectF:
        x0, y0, x1, y1 = rect
        unit = self.unit
        return QRectF(
            target.left() + x0 * unit, target.top() + y0 * unit, (x1 - x0) * unit, (y1 - y0) * unit
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit:
            self._apply_fit()
        self._update_scrollbars()
        self._schedule.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The keys of every PDF reader: Home and End for the first and last page,
        Space and Shift+Space a screen down and up (PgDn and PgUp, the arrows and
        Ctrl with the wheel are the scroll area's own)."""
        key, bar = event.key(), self.verticalScrollBar()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key == Qt.Key.Key_Home:
            bar.setValue(bar.minimum())
        elif key == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
        elif key == Qt.Key.Key_Space:
            step = bar.pageStep() - SPACE_OVERLAP
            bar.setValue(bar.value() + (-step if shift else step))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_in() if event.angleDelta().y() > 0 else self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)
