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
    opened = Signal(int, object, bool)  # generation, page sizes, has text
    failed = Signal(int, str)
    rendered = Signal(int, int, float, QImage)  # generation, page, scale, image
    words_ready = Signal(int, int, object)  # generation, page, words
    searched = Signal(int, str, object)  # generation, text, hits

    def __init__(self, wanted: Wanted) -> None:
        super().__init__()
        self._wanted = wanted
        self._document: PdfDocument | None = None
        self._generation = 0

    @Slot(int, bytes, str)
    def open_document(self, generation: int, data: bytes, source: str) -> None:
        self.close_document()
        self._generation = generation
        try:
            self._document = PdfDocument.open(data, source)
            sizes, has_text = self._document.page_sizes, self._document.has_text()
        except ExtractorError as error:
            self.failed.emit(generation, str(error))
            return
        except Exception as error:  # MuPDF can fail deep inside a broken file
            self.failed.emit(generation, f"{source}: the PDF cannot be shown ({error})")
            return
        self.opened.emit(generation, sizes, has_text)

    @Slot()
    def close_document(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None

    @Slot(int, int, float)
    def render(self, generation: int, page: int, scale: float) -> None:
        if self._stale(generation) or (generation, page, scale) not in self._wanted:
            return
        try:
            result = self._document.render(page, scale)
        except Exception as error:
            self.failed.emit(generation, f"page {page + 1} cannot be drawn ({error})")
            return
        image = QImage(
            result.samples, result.width, result.height, result.stride, QImage.Format.Format_RGB888
        ).copy()  # the copy owns its pixels once `result` is gone
        self.rendered.emit(generation, page, scale, image)

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

    request_open = Signal(int, bytes, str)
    request_close = Signal()
    request_render = Signal(int, int, float)
    request_words = Signal(int, int)
    request_search = Signal(int, str)

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
        self.thread.start()

    def stop(self) -> None:
        if self.thread.isRunning():
            self.request_close.emit()
            self.thread.quit()
            self.thread.wait()
