"""The study list with its filters; PDFs dropped on a study are attached to it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from extractor.core.model import Status
from extractor.gui.study_list import PILOT_FILTER, StudyFilter, StudyRow, StudyTableModel


def dropped_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class StudyTable(QTableView):
    files_dropped = Signal(int, object)  # view row, list of paths
    files_to_match = Signal(object)  # paths dropped off the rows, or a folder: matched by name

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_files(event):  # on a study: its PDF; elsewhere or a folder: by name
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        files = dropped_files(event)
        if not files:
            return
        event.acceptProposedAction()
        if index.isValid() and not any(path.is_dir() for path in files):
            self.files_dropped.emit(index.row(), files)
        else:
            self.files_to_match.emit(files)


class StudyPanel(QWidget):
    study_selected = Signal(object)  # study id or None
    chosen_by_user = Signal(str)  # a study the user picked (not one selected for them)
    files_dropped = Signal(str, object)  # study id, list of paths
    files_to_match = Signal(object)  # paths to attach to the studies their names point to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = StudyTableModel([], [])
        self.proxy = StudyFilter()
        self.proxy.setSourceModel(self.model)
        self.filter_box = QLineEdit(placeholderText="Filter by label or reference")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter studies")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter by status")
        self.status_filter.addItem("All statuses", None)
        for status in Status:
            self.status_filter.addItem(status.value.capitalize(), status.value)
        self.status_filter.addItem("Pilot studies", PILOT_FILTER)
        self.table = StudyTable()
        self.table.setAccessibleName("Studies")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.empty_hint = QLabel(
            "No studies yet. Use File > Import studies… to read them from a CSV file "
            "with a 'label' column."
        )
        self.empty_hint.setWordWrap(True)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_box, 1)
        filters.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_hint)
        self.filter_box.textChanged.connect(self.proxy.set_text)
        self.status_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_status(self.status_filter.currentData())
        )
        self._selecting_for_user = False
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._on_current())
        self.table.files_dropped.connect(self._on_drop)
        self.table.files_to_match.connect(self.files_to_match)

    def _on_current(self) -> None:
        study_id = self.selected_study_id()
        self.study_selected.emit(study_id)
        if study_id is not None and not self._selecting_for_user:
            self.chosen_by_user.emit(study_id)

    def set_rows(self, forms: list[str], rows: list[StudyRow]) -> None:
        """Replace the rows (each with a status per form in `forms`), keeping the
        selected study selected."""
        keep = self.selected_study_id()
        self.table.selectionModel().blockSignals(True)
        self.model.reset(forms, rows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty_hint.setVisible(not rows)
        self.table.selectionModel().blockSignals(False)
        if keep is not None and self.select_study(keep, notify=False):
            return
        if rows:
            self._selecting_for_user = True  # the first study, selected on the user's behalf
            self.table.selectRow(0)
            self._selecting_for_user = False
        else:
            self.study_selected.emit(None)

    def selected_study_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row()).id

    def select_study(self, study_id: str, notify: bool = True) -> bool:
        row = self.model.row_of(study_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        selection = self.table.selectionModel()
        if not notify:
            selection.blockSignals(True)
        selection.setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        selection.blockSignals(False)
        self.table.scrollTo(index)
        return True

    def step(self, offset: int) -> None:
        """Select the next (+1) or previous (-1) study in the list as shown."""
        current = self.table.selectionModel().currentIndex()
        row = (current.row() if current.isValid() else -1) + offset
        if 0 <= row < self.proxy.rowCount():
            self.table.selectRow(row)

    def label_of(self, study_id: str) -> str | None:
        row = self.model.row_of(study_id)
        return self.model.row_at(row).label if row >= 0 else None

    def study_id_of(self, label: str) -> str | None:
        rows = (self.model.row_at(n) for n in range(self.model.rowCount()))
        return next((row.id for row in rows if row.label == label), None)

    def _on_drop(self, view_row: int, files: list[Path]) -> None:
        index = self.proxy.index(view_row, 0)
        study = self.model.row_at(self.proxy.mapToSource(index).row())
        self.files_dropped.emit(study.id, files)
