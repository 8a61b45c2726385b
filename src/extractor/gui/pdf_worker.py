"""The thread that owns an open PDF: it renders pages, reads words and searches.

PyMuPDF documents must stay on one thread, so every request reaches the
worker as a queued signal and every answer comes back as one. Requests carry
the generation of the document they were made for; answers for a document that
has since been replaced are dropped. Render requests for pages that scrolled
out of view before their turn are skipped.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from extractor.core.errors import ExtractorError
from extractor.gui.pdf_layout import Viewport, fitted_zoom, render_scale
from extractor.pdf.document import PdfDocument


class Wanted:
    """The pages the viewer still wants rendered, shared between the threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: set[tuple[int, int, float]] = set()

    def replace(self, pages: set[tuple[int, int, float]]) -> None:
        with self._lock:
            self._pages = set(pages)

    def __contains__(self, key: tuple[int, int, float]) -> bool:
        with self._lock:
            return key in self._pages


class PdfWorker(QObject):
    # Flags cross threads as ints: PySide's queued bools have upset reference counts.
    opened = Signal(int, object)  # generation, page sizes
    text_layer = Signal(int, int)  # generation, 1 if the document has text
    size_corrected = Signal(int, int, object)  # generation, page, (width, height)
    failed = Signal(int, str)
    rendered = Signal(int, int, float, QImage)  # generation, page, scale, image
    words_ready = Signal(int, int, object)  # generation, page, words
    searched = Signal(int, str, object)  # generation, text, hits

    def __init__(self, wanted: Wanted) -> None:
        super().__init__()
        self._wanted = wanted
        self._document: PdfDocument | None = None
        self._generation = 0
        self._text_known = False

    @Slot(int, bytes, str, object)
    def open_document(
        self, generation: int, data: bytes, source: str, viewport: Viewport | None = None
    ) -> None:
        self.close_document()
        self._generation = generation
        self._text_known = False
        try:
            self._document = PdfDocument.open(data, source)
            sizes = list(self._document.page_sizes)
        except ExtractorError as error:
            self.failed.emit(generation, str(error))
            return
        except Exception as error:  # MuPDF can fail deep inside a broken file
            self.failed.emit(generation, f"{source}: the PDF cannot be shown ({error})")
            return
        first = None
        if viewport is not None:
            # Draw the first page before saying the document is open, at the scale
            # the view will ask for: one trip between the threads instead of two,
            # and the UI thread lays out the pages while nothing else runs.
            scale = render_scale(fitted_zoom(viewport, *sizes[0]), viewport.pixel_ratio)
            first = self._draw(generation, 0, scale)
        self.opened.emit(generation, sizes)
        if first is not None:
            self.rendered.emit(generation, 0, first[0], first[1])

    @Slot()
    def close_document(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None

    @Slot(int, int, float)
    def render(self, generation: int, page: int, scale: float) -> None:
        if not self._stale(generation) and (generation, page, scale) in self._wanted:
            self._render(generation, page, scale)

    def _render(self, generation: int, page: int, scale: float) -> None:
        drawn = self._draw(generation, page, scale)
        if drawn is not None:
            self.rendered.emit(generation, page, drawn[0], drawn[1])

    def _draw(self, generation: int, page: int, scale: float) -> tuple[float, QImage] | None:
        document = self._document
        try:
            before = document.page_sizes[page]
            size = document.true_size(page)
            if size != before:
                self.size_corrected.emit(generation, page, size)
            result = document.render(page, scale)
        except Exception as error:
            self.failed.emit(generation, f"page {page + 1} cannot be drawn ({error})")
            return None
        # Converted here, once, to the format the screen paints without converting.
        image = QImage(
            result.samples, result.width, result.height, result.stride, QImage.Format.Format_RGB888
        ).convertToFormat(QImage.Format.Format_RGB32)
        return scale, image

    @Slot(int)
    def check_text(self, generation: int) -> None:
        """Say whether the document has a text layer (asked once the first page shows:
        reading words holds the interpreter, which would delay that page)."""
        if not self._text_known and not self._stale(generation):
            self._text_known = True
            self.text_layer.emit(generation, int(self._document.has_text()))

    @Slot(int, int)
    def load_words(self, generation: int, page: int) -> None:
        if not self._stale(generation):
            self.words_ready.emit(generation, page, self._document.words(page))

    @Slot(int, str)
    def search(self, generation: int, text: str) -> None:
        if not self._stale(generation):
            self.searched.emit(generation, text, self._document.search(text))

    def _stale(self, generation: int) -> bool:
        return self._document is None or generation != self._generation


class PdfThread(QObject):
    """Starts the worker on its own thread and stops it with its owner."""

    request_open = Signal(int, bytes, str, object)
    request_close = Signal()
    request_render = Signal(int, int, float)
    request_words = Signal(int, int)
    request_search = Signal(int, str)
    request_text_check = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.wanted = Wanted()
        self.worker = PdfWorker(self.wanted)
        self.thread = QThread()
        self.thread.setObjectName("pdf")
        self.worker.moveToThread(self.thread)
        self.request_open.connect(self.worker.open_document)
        self.request_close.connect(self.worker.close_document)
        self.request_render.connect(self.worker.render)
        self.request_words.connect(self.worker.load_words)
        self.request_search.connect(self.worker.search)
        self.request_text_check.connect(self.worker.check_text)
        self.thread.start()

    def stop(self) -> None:
        if self.thread.isRunning():
            self.request_close.emit()
            self.thread.quit()
            self.thread.wait()
