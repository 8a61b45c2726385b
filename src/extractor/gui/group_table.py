"""A repeating group (arms, patients, outcomes) as an editable table of rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from extractor.core.errors import ValueProblem
from extractor.core.forms import Field
from extractor.core.model import Evidence
from extractor.core.values import Value, format_value, parse_text
from extractor.gui.theme import tint


def _tool_button(text: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    return button


class GroupEditor(QWidget):
    cell_committed = Signal(int, str, object)  # 1-based row, sub-field key, value
    row_action = Signal(str, int, int)  # "add" | "remove" | "move", row, to
    focused = Signal()
    show_evidence = Signal(str)  # the path of the current cell

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._rows: list[dict[str, Value]] = []
        self._evidence: dict[str, list[Evidence]] = {}
        self._read_only = False
        self.table = QTableWidget(0, len(field.fields))
        self.table.setAccessibleName(field.label)
        self.table.setHorizontalHeaderLabels(
            [f"{s.label} ({s.unit})" if s.unit else s.label for s in field.fields]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.installEventFilter(self)
        self.add_button = _tool_button("+ Row")
        self.remove_button = _tool_button("− Row")
        self.up_button = _tool_button("↑")
        self.down_button = _tool_button("↓")
        self.quote_button = _tool_button("❝ Quote")
        for button, name in (
            (self.add_button, f"Add a row to {field.label}"),
            (self.remove_button, "Remove the current row"),
            (self.up_button, "Move the current row up"),
            (self.down_button, "Move the current row down"),
            (self.quote_button, "Show the quote of the current cell in the PDF"),
        ):
            button.setAccessibleName(name)
            button.setToolTip(name)
        self.buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.quote_button)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.table)
        self.column.addLayout(self.buttons)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.add_button.clicked.connect(lambda: self.row_action.emit("add", 0, 0))
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(+1))
        self.quote_button.clicked.connect(self._show_quote)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.FocusIn:
            self.focused.emit()
        return False

    def set_rows(self, rows: list[dict[str, Value]], evidence: dict[str, list[Evidence]]) -> None:
        self._rows = [dict(row) for row in rows]
        self._evidence = evidence
        current = (self.table.currentRow(), self.table.currentColumn())
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, sub in enumerate(self.field.fields):
                item = QTableWidgetItem(format_value(sub, row.get(sub.key)))
                self._decorate(item, number, sub)
                self.table.setItem(number, column, item)
        self.table.resizeRowsToContents()
        self.table.setFixedHeight(
            self.table.horizontalHeader().height()
            + sum(self.table.rowHeight(r) for r in range(len(rows)))
            + 2 * self.table.frameWidth()
            + max(0, 3 - len(rows)) * 24
        )
        if 0 <= current[0] < len(rows):
            self.table.setCurrentCell(*current)
        self.table.blockSignals(False)
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self._update_buttons()

    def current_path(self) -> str | None:
        row, column = self.table.currentRow(), self.table.currentColumn()
        if row < 0 or column < 0:
            return None
        return f"{self.field.key}[{row + 1}].{self.field.fields[column].key}"

    def accept_text(self, text: str) -> bool:
        """Put a quote into the current cell and commit it; False when no cell is current."""
        row, column = self.table.currentRow(), self.table.currentColumn()
        if row < 0 or column < 0:
            return False
        item = self.table.item(row, column)
        assert item is not None  # set_rows gives every cell an item
        item.setText(text)  # itemChanged commits it
        return True

    def _decorate(self, item: QTableWidgetItem, number: int, sub: Field) -> None:
        quotes = self._evidence.get(f"{self.field.key}[{number + 1}].{sub.key}", [])
        if quotes:
            item.setBackground(QBrush(tint("quoted")))
            item.setToolTip("\n".join(f"p. {q.page}: “{q.quote}”" for q in quotes))
        else:
            item.setBackground(QBrush())
            item.setToolTip(sub.help)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        row, column = item.row(), item.column()
        sub = self.field.fields[column]
        try:
            value = parse_text(sub, item.text())
        except ValueProblem as problem:
            self.table.blockSignals(True)
            item.setBackground(QBrush(tint("invalid")))
            item.setToolTip(f"Not saved: {problem}")
            self.table.blockSignals(False)
            return
        self.table.blockSignals(True)
        self._decorate(item, row, sub)
        self.table.blockSignals(False)
        saved = self._rows[row].get(sub.key) if row < len(self._rows) else None
        if value != saved:
            self.cell_committed.emit(row + 1, sub.key, value)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.row_action.emit("remove", row + 1, 0)

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row >= 0 and 0 <= target < self.table.rowCount():
            self.row_action.emit("move", row + 1, target + 1)
            self.table.setCurrentCell(target, max(self.table.currentColumn(), 0))

    def _show_quote(self) -> None:
        path = self.current_path()
        if path is not None:
            self.show_evidence.emit(path)

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        editable = not self._read_only
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < self.table.rowCount() - 1)
        path = self.current_path()
        self.quote_button.setEnabled(path is not None and bool(self._evidence.get(path)))
