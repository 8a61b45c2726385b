"""Review > Value history: every change of an answer, filterable by study, field
and reviewer, with old and new value and where it came from."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app.history import Change
from extractor.core.values import JsonValue

COLUMNS = ("When", "Reviewer", "Study", "Field", "Old", "New", "From")
FIELD = COLUMNS.index("Field")
EVERYONE = "(every reviewer)"
EVERY_STUDY = "(every study)"


def _shown(value: JsonValue) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, list):
        return " | ".join(str(item) for item in value)
    return str(value)


class HistoryDialog(QDialog):
    """Shows what `load(study, field, reviewer)` finds; filters ask again."""

    def __init__(
        self,
        studies: list[str],
        reviewers: list[str],
        study: str | None,
        load: Callable[[str | None, str | None, str | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Value history")
        self.resize(980, 560)
        self._load = load
        self.study = QComboBox()
        self.study.setAccessibleName("Study")
        self.study.addItems([EVERY_STUDY, *studies])
        if study in studies:
            self.study.setCurrentText(study)
        self.field = QLineEdit()
        self.field.setAccessibleName("Field")
        self.field.setPlaceholderText(
            "every field (or a key such as design, arms, arms[2].patients)"
        )
        self.reviewer = QComboBox()
        self.reviewer.setAccessibleName("Reviewer")
        self.reviewer.addItems([EVERYONE, *reviewers])
        filters = QFormLayout()
        filters.addRow("Study:", self.study)
        filters.addRow("Field:", self.field)
        filters.addRow("Reviewer:", self.reviewer)
        self.summary = QLabel("Reading the history…")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Changes")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.study.currentIndexChanged.connect(lambda _: self.refresh())
        self.reviewer.currentIndexChanged.connect(lambda _: self.refresh())
        self.field.editingFinished.connect(self.refresh)

    def refresh(self) -> None:
        study = None if self.study.currentIndex() == 0 else self.study.currentText()
        reviewer = None if self.reviewer.currentIndex() == 0 else self.reviewer.currentText()
        self._load(study, self.field.text().strip() or None, reviewer)

    def show_changes(self, changes: list[Change]) -> None:
        self.table.setRowCount(len(changes))
        for row, change in enumerate(reversed(changes)):  # newest first
            cells = (
                change.at[:19].replace("T", " "),
                change.reviewer,
                change.study,
                change.label or change.field,
                _shown(change.old),
                _shown(change.new),
                change.source,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{change.form}: {change.field}" if column == FIELD else text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column in (FIELD, 4, 5):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 220))
        self.summary.setText(
            f"{len(changes)} change{'' if len(changes) == 1 else 's'}, newest first."
            if changes
            else "No changes recorded for these filters."
        )

    def show_problem(self, text: str) -> None:
        self.table.setRowCount(0)
        self.summary.setText(text)
