"""The Tables tab: columns, split, captions, page size and answers, with a live
preview of every page; saving keeps the settings for Export all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from extractor.app import formats, outputs
from extractor.app.readiness import draft_of
from extractor.core.tables import PAGE_SIZES, TableSettings
from extractor.gui import file_dialogs
from extractor.gui.readiness_dialog import ReadyThen
from extractor.gui.session import ProjectSession
from extractor.pdf.document import RenderedPage

PREVIEW_WIDTH = 660


class TablesTab(QWidget):
    def __init__(
        self,
        session: ProjectSession,
        state: outputs.OutputState,
        message: Callable[[str], None],
        ready_then: ReadyThen,
    ) -> None:
        super().__init__()
        self.session, self._message, self._ready_then = session, message, ready_then
        self.form, self.settings = state.form, state.tables
        self._preview_request = 0
        self._preview_timer = QTimer(self, singleShot=True, interval=350)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.columns = QListWidget()
        self.columns.setAccessibleName("Columns")
        chosen = self.settings.fields or [f.key for f in self.form.fields()]
        fields = {f.key: f for f in self.form.fields()}
        for key in chosen + [k for k in fields if k not in chosen]:
            item = QListWidgetItem(fields[key].label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.columns.addItem(item)
        up, down = QPushButton("↑"), QPushButton("↓")
        up.setAccessibleName("Move column up")
        down.setAccessibleName("Move column down")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(+1))
        self.group_by = QComboBox()
        self.group_by.setAccessibleName("Split into tables by")
        self.group_by.addItem("(one table)", None)
        for field in self.form.scalar_fields():
            if field.kind.splits_tables:
                self.group_by.addItem(field.label, field.key)
        self.group_by.setCurrentIndex(max(self.group_by.findData(self.settings.group_by), 0))
        self.page_size = QComboBox()
        self.page_size.setAccessibleName("Page size")
        self.page_size.addItems(list(PAGE_SIZES))
        self.page_size.setCurrentText(self.settings.page_size)
        self.source = QComboBox()
        self.source.setAccessibleName("Answers to use")
        self.source.addItem("Consensus where it exists", None)
        for name in state.reviewers:
            self.source.addItem(name, name)
        self.captions = QTableWidget(0, 2)
        self.captions.setAccessibleName("Captions")
        self.captions.setHorizontalHeaderLabels(["Value", "Caption"])
        self.captions.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._fill_captions()
        self.preview = QLabel("Rendering the pages…")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setAccessibleName("Preview of every page")
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        self.save_pdf = QPushButton("Save PDF…")
        self.save_docx = QPushButton("Save Word…")
        self.save_pdf.clicked.connect(lambda: self._save("pdf"))
        self.save_docx.clicked.connect(lambda: self._save("docx"))
        order = QHBoxLayout()
        order.addWidget(up)
        order.addWidget(down)
        options = QFormLayout()
        options.addRow("Columns", self.columns)
        options.addRow("", order)
        options.addRow("Split into tables by", self.group_by)
        options.addRow("Captions", self.captions)
        options.addRow("Page size", self.page_size)
        options.addRow("Answers", self.source)
        saves = QHBoxLayout()
        saves.addWidget(self.save_pdf)
        saves.addWidget(self.save_docx)
        options.addRow(saves)
        left = QWidget()
        left.setLayout(options)
        left.setMaximumWidth(380)
        row = QHBoxLayout(self)
        row.addWidget(left)
        row.addWidget(scroll, 1)
        for signal in (self.columns.itemChanged, self.captions.itemChanged):
            signal.connect(lambda *_: self._preview_timer.start())
        for box in (self.page_size, self.source):
            box.currentIndexChanged.connect(lambda *_: self._preview_timer.start())
        self.group_by.currentIndexChanged.connect(self._split_changed)

    def _split_changed(self) -> None:
        self._fill_captions()
        self._preview_timer.start()

    def _fill_captions(self) -> None:
        key = self.group_by.currentData()
        item = self.form.field(key) if key else None
        values = list(item.choices) if item and item.choices else list(self.settings.captions)
        self.captions.blockSignals(True)
        self.captions.setRowCount(len(values))
        for row, value in enumerate(values):
            name = QTableWidgetItem(value)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.captions.setItem(row, 0, name)
            self.captions.setItem(row, 1, QTableWidgetItem(self.settings.captions.get(value, "")))
        self.captions.blockSignals(False)

    def _move(self, step: int) -> None:
        row = self.columns.currentRow()
        target = row + step
        if 0 <= row < self.columns.count() and 0 <= target < self.columns.count():
            item = self.columns.takeItem(row)
            self.columns.insertItem(target, item)
            self.columns.setCurrentRow(target)
            self._preview_timer.start()

    def current_settings(self) -> TableSettings:
        fields = [
            self.columns.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.columns.count())
            if self.columns.item(i).checkState() == Qt.CheckState.Checked
        ]
        captions = {}
        for row in range(self.captions.rowCount()):
            value, caption = self.captions.item(row, 0), self.captions.item(row, 1)
            if value is not None and caption is not None and caption.text().strip():
                captions[value.text()] = caption.text().strip()
        return TableSettings(
            form=self.form.key,
            fields=fields,
            group_by=self.group_by.currentData(),
            captions=captions,
            page_size=self.page_size.currentText(),
        )

    def refresh_preview(self) -> None:
        self._preview_request += 1
        request, settings = self._preview_request, self.current_settings()
        project, source = self.session.project, self.source.currentData()

        def shown(found: tuple[list[RenderedPage], int]) -> None:
            if request != self._preview_request:
                return
            pages, count = found
            self.preview.setPixmap(QPixmap.fromImage(stacked(pages)))
            more = count - len(pages)
            self.preview.setToolTip(
                f"{count} pages" + (f"; the first {len(pages)} are shown" if more else "")
            )

        self.session.lanes.read.submit(
            lambda: outputs.table_preview(project, settings, source, PREVIEW_WIDTH),
            shown,
            lambda error: self.preview.setText(f"No preview: {error}"),
        )

    def _save(self, kind: str) -> None:
        self._ready_then(self.source.currentData(), lambda: self._save_as(kind))

    def _written(self, text: str, path: Path) -> None:
        self._message(text)
        file_dialogs.show_written(self, text + ".", path)

    def _save_as(self, kind: str) -> None:
        chosen = file_dialogs.save_file(
            self,
            "Save tables",
            f"tables.{kind}",
            formats.TABLES.format_of(Path(f"tables.{kind}")).pattern,
        )
        if chosen is None:
            return
        name = str(chosen)
        settings, source, project = (
            self.current_settings(),
            self.source.currentData(),
            self.session.project,
        )
        self.session.lanes.job.submit(
            lambda: outputs.export_tables(project, Path(name), source, settings=settings),
            lambda warnings: self._written(
                f"Wrote {draft_of(warnings)}{name}; these settings are kept for Export all",
                Path(name),
            ),
            lambda error: self._message(f"The tables were not written: {error}"),
        )


PAGE_GAP = 12  # pixels of grey between the pages of the preview


def stacked(pages: list[RenderedPage]) -> QImage:
    """The pages one under another on grey, as a reader scrolls them."""
    width = max(page.width for page in pages)
    height = sum(page.height for page in pages) + PAGE_GAP * (len(pages) - 1)
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#7f858c"))
    painter = QPainter(sheet)
    y = 0
    for page in pages:
        image = QImage(
            page.samples, page.width, page.height, page.stride, QImage.Format.Format_RGB888
        )
        painter.drawImage((width - page.width) // 2, y, image)
        y += page.height + PAGE_GAP
    painter.end()
    return sheet
