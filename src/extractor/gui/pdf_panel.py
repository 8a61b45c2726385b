"""The PDF side of the workspace: the page view with its toolbar, find bar and
the actions that turn a selection into a value or evidence."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from extractor.core.model import DocumentInfo, Evidence
from extractor.gui.pdf_text import Quote
from extractor.gui.pdf_view import PdfView
from extractor.gui.tasks import TaskRunner

ZOOM_SETTING = "pdf/zoom"  # "width", "page" or a zoom factor
PAGES_SETTING = "pdf/pages"  # the page each document was left at, by its id
REMEMBERED_PAGES = 500
NO_PDF = "No PDF attached: drop a PDF here or use Study > Attach PDF…"
NO_STUDY = "Select a study to read its full text."
NO_TEXT = (
    "This PDF has no text layer (a scan): it can be read, but selecting, quoting and "
    "finding text need text. Read it by OCR once, and its text is kept with the PDF."
)
ZOOM_PRESETS = (
    "Fit width",
    "Fit page",
    "50%",
    "75%",
    "100%",
    "125%",
    "150%",
    "200%",
    "300%",
    "400%",
)


class PdfPanel(QWidget):
    use_as_value = Signal(object, object)  # DocumentInfo, Quote
    add_as_evidence = Signal(object, object)
    ocr_wanted = Signal(object)  # DocumentInfo: read its scanned pages by OCR

    def __init__(
        self,
        runner: TaskRunner,
        load_bytes: Callable[[str], bytes],
        parent: QWidget | None = None,
        workspace: bool = True,
    ) -> None:
        """The `workspace` panel (the one beside the form) quotes into the form, offers
        OCR, and keeps the zoom and each document's last page between sessions; a
        panel only to read (screening's) does none of that."""
        super().__init__(parent)
        self._workspace = workspace
        self._runner = runner
        self._load_bytes = load_bytes
        self._documents: list[DocumentInfo] = []
        self._request = 0
        self._find_from = 0  # the page (0-based) whose hits a search shows first
        self.view = PdfView()
        self.view.setAcceptDrops(False)  # drops go to the window, which attaches
        self.documents = QComboBox()
        self.documents.setAccessibleName("Document")
        self.documents.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.zoom_box = QComboBox(editable=True)
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.addItems(ZOOM_PRESETS)
        self.zoom_box.setMinimumContentsLength(8)
        self.page_box = QSpinBox(minimum=1, maximum=1)
        self.page_box.setAccessibleName("Page number")
        self.page_box.setKeyboardTracking(False)
        self.page_count = QLabel("of 0")
        self.find_box = QLineEdit(placeholderText="Find in PDF")
        self.find_box.setAccessibleName("Find in PDF")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(220)
        self.find_status = QLabel("")
        self.notice = QLabel("")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel { background: #fff4ce; color: #3d3000; padding: 6px; }")
        self.notice.hide()
        self.ocr_button = QPushButton("Read the text by OCR…")
        self.ocr_button.setToolTip("Tesseract reads the scanned pages; it runs once per PDF")
        self.ocr_button.hide()
        self.ocr_button.clicked.connect(self._want_ocr)
        self._make_actions()
        self._build()
        self._connect()
        self.view.clear(NO_STUDY)
        self._restore_reading()

    def _make_actions(self) -> None:
        def action(
            text: str,
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
            slot: Callable[[], object],
            tip: str,
        ) -> QAction:
            made = QAction(text, self)
            if shortcut is not None:
                made.setShortcut(QKeySequence(shortcut))
                made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            made.setToolTip(f"{tip} ({made.shortcut().toString()})" if shortcut else tip)
            made.triggered.connect(slot)
            return made

        self.zoom_in_action = action(
            "Zoom in", QKeySequence.StandardKey.ZoomIn, self.view.zoom_in, "Zoom in"
        )
        # Ctrl+= as well: Ctrl++ needs Shift on most keyboards, and every reader takes both.
        self.zoom_in_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        self.zoom_out_action = action(
            "Zoom out", QKeySequence.StandardKey.ZoomOut, self.view.zoom_out, "Zoom out"
        )
        self.fit_width_action = action(
            "Fit width", "Ctrl+2", self.view.fit_width, "Fit the page width"
        )
        self.fit_page_action = action(
            "Fit page", "Ctrl+3", self.view.fit_page, "Fit the whole page"
        )
        self.find_action = action(
            "Find…", QKeySequence.StandardKey.Find, self.focus_find, "Find in the PDF"
        )
        self.find_next_action = action(
            "Find next", QKeySequence.StandardKey.FindNext, self.view.next_hit, "Next match"
        )
        self.find_previous_action = action(
            "Find previous",
            QKeySequence.StandardKey.FindPrevious,
            self.view.previous_hit,
            "Previous match",
        )
        self.copy_action = action("Copy", None, self.copy_selection, "Copy the selected text")
        # Short labels on the toolbar; the menus show the full names.
        for made, short in (
            (self.zoom_in_action, "+"),
            (self.zoom_out_action, "−"),
            (self.find_next_action, "Next"),
            (self.find_previous_action, "Previous"),
        ):
            made.setIconText(short)
        self.use_action = action(
            "Use as value",
            "Ctrl+Shift+V",
            self._use,
            "Fill the current field with the selected text and keep the quote",
        )
        self.evidence_action = action(
            "Add as evidence",
            "Ctrl+Shift+E",
            self._evidence,
            "Keep the selected text as evidence for the current field",
        )
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for made in (self.copy_action, self.use_action, self.evidence_action):
            made.setEnabled(False)

    def _build(self) -> None:
        tools = QToolBar("PDF")
        tools.setMovable(False)
        tools.addWidget(self.documents)
        tools.addSeparator()
        tools.addAction(self.zoom_out_action)
        tools.addWidget(self.zoom_box)
        tools.addAction(self.zoom_in_action)
        tools.addSeparator()
        tools.addWidget(QLabel(" Page "))
        tools.addWidget(self.page_box)
        tools.addWidget(self.page_count)
        find = QToolBar("Find")
        find.setMovable(False)
        find.addWidget(self.find_box)
        find.addAction(self.find_previous_action)
        find.addAction(self.find_next_action)
        find.addWidget(self.find_status)
        if self._workspace:  # quoting goes into the form beside it
            find.addSeparator()
            find.addAction(self.use_action)
            find.addAction(self.evidence_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(tools)
        layout.addWidget(find)
        notice = QHBoxLayout()
        notice.setContentsMargins(0, 0, 0, 0)
        notice.addWidget(self.notice, 1)
        notice.addWidget(self.ocr_button)
        layout.addLayout(notice)
        layout.addWidget(self.view, 1)
        quoting = [self.use_action, self.evidence_action] if self._workspace else []
        self.view.addActions([self.copy_action, *quoting])
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _connect(self) -> None:
        self.documents.currentIndexChanged.connect(self._show_document)
        self.zoom_box.activated.connect(
            lambda _: self._apply_zoom_text(self.zoom_box.currentText())
        )
        zoom_text = self.zoom_box.lineEdit()
        assert zoom_text is not None  # the zoom box is editable
        zoom_text.returnPressed.connect(lambda: self._apply_zoom_text(self.zoom_box.currentText()))
        self.page_box.valueChanged.connect(self._page_typed)
        self.find_box.returnPressed.connect(self._find)
        self.find_box.textEdited.connect(self._typed_find)
        self.view.document_ready.connect(self._on_ready)
        self.view.text_layer_known.connect(self._on_text_layer)
        self.view.failed.connect(self._on_failed)
        self.view.page_changed.connect(self._on_page)
        self.view.zoom_changed.connect(lambda z: self.zoom_box.setEditText(f"{round(z * 100)}%"))
        self.view.search_finished.connect(self._on_found)
        self.view.current_hit_changed.connect(self._on_hit)
        self.view.selection_changed.connect(self._on_selection)

    # documents

    def show_documents(self, documents: list[DocumentInfo], empty_message: str = NO_PDF) -> None:
        self._documents = list(documents)
        self.documents.blockSignals(True)
        self.documents.clear()
        for document in documents:
            self.documents.addItem(f"{document.filename} ({document.pages} p.)", document.id)
        self.documents.blockSignals(False)
        if documents:
            self._show_document(0)
        else:
            self._request += 1
            self.view.clear(empty_message)
            self._set_notice("")
            self._set_page_count(0)

    def showing(self, documents: list[DocumentInfo]) -> bool:
        """Whether these are the documents shown, with one of them open."""
        same = [d.id for d in documents] == [d.id for d in self._documents]
        return same and bool(documents) and self.view.page_count > 0

    def current_document(self) -> DocumentInfo | None:
        index = self.documents.currentIndex()
        return self._documents[index] if 0 <= index < len(self._documents) else None

    def select_document(self, document_id: str) -> bool:
        index = self.documents.findData(document_id)
        if index < 0:
            return False
        if index != self.documents.currentIndex():
            self.documents.setCurrentIndex(index)
        return True

    def reveal(self, quote: Evidence) -> bool:
        """Show a quote: its document, its page, its words highlighted. False when
        the document is not among those shown."""
        if not self.select_document(quote.document_id):
            return False
        view = self.view
        current = self.current_document()
        assert current is not None  # select_document() just chose it
        if view.page_count and current.id == quote.document_id:
            view.show_quote(quote.page, quote.rects)
            return True

        def once(_pages: int) -> None:
            forget()
            view.show_quote(quote.page, quote.rects)

        def forget(*_: object) -> None:  # shown or failed: a later document must not get it
            view.document_ready.disconnect(once)
            view.failed.disconnect(forget)

        view.document_ready.connect(once)
        view.failed.connect(forget)
        return True

    def show_found(self, document_id: str, page: int, term: str) -> bool:
        """Show a search result: its document, its words highlighted from its page
        (1-based) on. False when the document is not among those shown."""
        if not self.select_document(document_id):
            return False
        self.find_box.setText(term)
        self._find_from = page - 1  # also for the search run when the document is ready
        view = self.view
        current = self.current_document()
        if view.page_count and current is not None and current.id == document_id:
            view.find(term, page - 1)
            return True

        def once(_pages: int) -> None:
            forget()
            view.find(term, page - 1)

        def forget(*_: object) -> None:
            view.document_ready.disconnect(once)
            view.failed.disconnect(forget)

        view.document_ready.connect(once)
        view.failed.connect(forget)
        return True

    def _show_document(self, index: int) -> None:
        if not 0 <= index < len(self._documents):
            return
        document = self._documents[index]
        self._request += 1
        request = self._request
        self.view.clear("Opening…")
        self._set_notice("")

        def loaded(data: bytes) -> None:
            if request == self._request:  # the user may have moved on meanwhile
                self.view.load(data, document.filename)

        self._runner.submit(
            lambda: self._load_bytes(document.id), loaded, lambda e: self._on_failed(str(e))
        )

    def _on_ready(self, pages: int) -> None:
        self._set_page_count(pages)
        document = self.current_document()
        last = self._last_pages.get(document.id, 1) if document else 1
        if 1 < last <= pages:  # where the reviewer left this document (a quote shown wins)
            self.view.go_to_page(last)

    # what the reviewer reads at, kept between sessions

    def _restore_reading(self) -> None:
        settings = QSettings()
        zoom = str(settings.value(ZOOM_SETTING, "width"))
        if zoom == "page":
            self.view.fit_page()
        elif zoom != "width":
            with contextlib.suppress(ValueError):  # a setting edited by hand: fit the width
                self.view.set_zoom(float(zoom))
        saved = settings.value(PAGES_SETTING, "{}")
        try:
            pages = json.loads(str(saved))
        except ValueError:
            pages = {}
        self._last_pages: dict[str, int] = (
            {str(k): int(v) for k, v in pages.items() if isinstance(v, int)}
            if isinstance(pages, dict)
            else {}
        )
        self.view.zoom_changed.connect(lambda _: self._keep_zoom())
        self.view.page_changed.connect(self._keep_page)

    def _keep_zoom(self) -> None:
        if self._workspace:
            QSettings().setValue(ZOOM_SETTING, self.view.fit or str(round(self.view.zoom, 4)))

    def _keep_page(self, number: int) -> None:
        document = self.current_document()
        if document is not None and self.view.page_count:
            self._last_pages.pop(document.id, None)
            self._last_pages[document.id] = number
            while len(self._last_pages) > REMEMBERED_PAGES:  # the oldest go first
                self._last_pages.pop(next(iter(self._last_pages)))

    def _on_text_layer(self, has_text: int) -> None:
        self._set_notice("" if has_text else NO_TEXT)
        self.ocr_button.setVisible(not has_text and self._workspace)
        self.find_box.setEnabled(bool(has_text))
        if self.find_box.text().strip() and has_text:
            self._find()

    def _want_ocr(self) -> None:
        document = self.current_document()
        if document is not None:
            self.ocr_wanted.emit(document)

    def _on_failed(self, message: str) -> None:
        if self.view.page_count == 0:
            self._set_page_count(0)
            self.view.clear(f"This PDF cannot be shown.\n\n{message}")
        self._set_notice(message)

    def _set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        if not text:
            self.ocr_button.hide()

    def _set_page_count(self, pages: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(pages, 1))
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.page_box.setEnabled(pages > 0)
        self.page_count.setText(f"of {pages} ")

    # zoom, pages

    def _apply_zoom_text(self, text: str) -> None:
        text = text.strip().lower()
        if text == "fit width":
            self.view.fit_width()
        elif text == "fit page":
            self.view.fit_page()
        else:
            try:
                self.view.set_zoom(float(text.rstrip("%").strip()) / 100)
            except ValueError:
                self.zoom_box.setEditText(f"{round(self.view.zoom * 100)}%")

    def _page_typed(self, number: int) -> None:
        if number != self.view.current_page:
            self.view.go_to_page(number)

    def _on_page(self, number: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(number)
        self.page_box.blockSignals(False)

    # find

    def focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def _find(self) -> None:
        text = self.find_box.text().strip()
        if text:
            self.find_status.setText(" searching… ")
            self.view.find(text, self._find_from)
        else:
            self.find_status.setText("")

    def _typed_find(self) -> None:
        self._find_from = 0  # a search of the user's own starts at the top

    def _on_found(self, count: int) -> None:
        if count == 0:
            self.find_status.setText(" no matches ")

    def _on_hit(self, number: int) -> None:
        if number:
            self.find_status.setText(f" {number} of {len(self.view.hits)} ")

    # selection

    def _on_selection(self, selected: bool) -> None:
        for made in (self.copy_action, self.use_action, self.evidence_action):
            made.setEnabled(selected)

    def copy_selection(self) -> None:
        quote = self.view.selected_quote()
        if quote is not None:
            QApplication.clipboard().setText(quote.text)

    def _use(self) -> None:
        self._emit_quote(self.use_as_value)

    def _evidence(self) -> None:
        self._emit_quote(self.add_as_evidence)

    def _emit_quote(self, signal: SignalInstance) -> None:
        quote: Quote | None = self.view.selected_quote()
        document = self.current_document()
        if quote is not None and document is not None:
            signal.emit(document, quote)

    def shutdown(self) -> None:
        if self._workspace:
            QSettings().setValue(PAGES_SETTING, json.dumps(self._last_pages))
        self.view.shutdown()
