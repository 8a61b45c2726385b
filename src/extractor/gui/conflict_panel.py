"""The conflict-resolution view: every disagreement, reviewer A | reviewer B |
decision, with each side's quote one click away in the PDF."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app.review import ConflictRow
from extractor.core.model import Evidence

RESOLVED = QColor("#e8f5e9")
COLUMNS = ("Study", "Field", "Reviewer A", "Reviewer B", "Consensus")
READING = "Reading both reviewers' answers…"


def shown(value: object) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items() if v is not None) or "(empty row)"
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    return str(value)


class ConflictPanel(QWidget):
    study_chosen = Signal(str)  # the study of the selected disagreement
    resolve = Signal(object, object)  # ConflictRow, dict of take/text/value/reason
    quote_wanted = Signal(object)  # Evidence

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Conflicts")
        self._rows: list[ConflictRow] = []
        self._shown: list[ConflictRow] = []
        self._evidence: tuple[dict[str, list[Evidence]], dict[str, list[Evidence]]] = ({}, {})
        self.progress = QLabel("")
        self.progress.setAccessibleName("Resolution progress")
        self.show_resolved = QCheckBox("Show resolved")
        self.filter_box = QLineEdit(placeholderText="Filter by study or field")
        self.filter_box.setClearButtonEnabled(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Disagreements")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        self.a_label, self.b_label = QLabel(""), QLabel("")
        for label in (self.a_label, self.b_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.a_quote = QPushButton("❝ Quote of A")
        self.b_quote = QPushButton("❝ Quote of B")
        self.take_a = QPushButton("Take A")
        self.take_b = QPushButton("Take B")
        self.value_box = QLineEdit(placeholderText="or write the value")
        self.value_box.setAccessibleName("Consensus value")
        self.use_value = QPushButton("Use this value")
        self.reason_box = QLineEdit(placeholderText="Reason (optional)")
        self.reason_box.setAccessibleName("Reason")
        self._build()
        self._connect()
        self._select(None)

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.filter_box)
        top.addWidget(self.show_resolved)
        a_row, b_row = QHBoxLayout(), QHBoxLayout()
        a_row.addWidget(self.a_label, 1)
        a_row.addWidget(self.a_quote)
        a_row.addWidget(self.take_a)
        b_row.addWidget(self.b_label, 1)
        b_row.addWidget(self.b_quote)
        b_row.addWidget(self.take_b)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_box, 1)
        value_row.addWidget(self.use_value)
        details = QFormLayout()
        details.addRow("A", a_row)
        details.addRow("B", b_row)
        details.addRow("Value", value_row)
        details.addRow("Reason", self.reason_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(details)

    def _connect(self) -> None:
        self.show_resolved.toggled.connect(lambda _: self._fill())
        self.filter_box.textChanged.connect(lambda _: self._fill())
        self.table.currentCellChanged.connect(lambda row, *_: self._select(row))
        self.take_a.clicked.connect(lambda: self._decide(take="A"))
        self.take_b.clicked.connect(lambda: self._decide(take="B"))
        self.use_value.clicked.connect(self._write)
        self.value_box.returnPressed.connect(self._write)
        self.a_quote.clicked.connect(lambda: self._quote(0))
        self.b_quote.clicked.connect(lambda: self._quote(1))

    def set_rows(self, rows: list[ConflictRow]) -> None:
        current = self.current()
        self._rows = rows
        done = sum(row.resolved for row in rows)
        self.progress.setText(f"{done} of {len(rows)} resolved" if rows else "")
        self._fill(keep=current)

    def set_loading(self) -> None:
        """Say that the disagreements are being read: on a large review the first
        reading, which also builds the consensus, takes seconds."""
        self.progress.setText(READING)
        if not self._rows:
            self.empty.setText(f"{READING} The consensus is built from what they agree on.")
            self.empty.setVisible(True)

    def loading_failed(self, message: str) -> None:
        self.progress.setText("The disagreements could not be read.")
        if not self._rows:
            self.empty.setText(message)
            self.empty.setVisible(True)

    def current(self) -> ConflictRow | None:
        row = self.table.currentRow()
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def set_evidence(self, a: dict[str, list[Evidence]], b: dict[str, list[Evidence]]) -> None:
        self._evidence = (a, b)
        row = self.current()
        self.a_quote.setEnabled(bool(row and self._quotes(0, row)))
        self.b_quote.setEnabled(bool(row and self._quotes(1, row)))

    def _fill(self, keep: ConflictRow | None = None) -> None:
        text = self.filter_box.text().strip().casefold()
        self._shown = [
            row
            for row in self._rows
            if (self.show_resolved.isChecked() or not row.resolved)
            and (not text or text in row.study.casefold() or text in row.label.casefold())
        ]
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._shown))
        for number, row in enumerate(self._shown):
            consensus = "open" if not row.resolved else f"{shown(row.value)} ({row.choice})"
            cells = (row.study, row.label, shown(row.a), shown(row.b), consensus)
            for column, text_value in enumerate(cells):
                item = QTableWidgetItem(text_value)
                item.setToolTip(text_value)
                if row.resolved:
                    item.setBackground(QBrush(RESOLVED))
                self.table.setItem(number, column, item)
        self.table.blockSignals(False)
        if not self._rows:
            self.empty.setText(
                "No disagreements: either the reviewers agree on everything, or fewer than "
                "two reviewers have answered. Import reviewer packages with "
                "`extractor package import`."
            )
        elif not self._shown:
            self.empty.setText(
                "Every disagreement is resolved. Tick “Show resolved” to review them."
            )
        self.empty.setVisible(not self._shown)
        index = next((i for i, r in enumerate(self._shown) if keep and _same(r, keep)), 0)
        if self._shown:
            self.table.setCurrentCell(index, 0)
            self._select(index)
        else:
            self._select(None)

    def _select(self, number: int | None) -> None:
        row = self._shown[number] if number is not None and 0 <= number < len(self._shown) else None
        for widget in (self.take_a, self.take_b, self.use_value, self.value_box, self.reason_box):
            widget.setEnabled(row is not None)
        self.a_quote.setEnabled(False)
        self.b_quote.setEnabled(False)
        if row is None:
            self.a_label.setText("")
            self.b_label.setText("")
            return
        self.a_label.setText(f"{row.a_name}: {shown(row.a)}")
        self.b_label.setText(f"{row.b_name}: {shown(row.b)}")
        self.take_a.setText(f"Take {row.a_name}")
        self.take_b.setText(f"Take {row.b_name}")
        self.reason_box.setText(row.reason)
        self.value_box.setText(
            "" if not row.resolved or row.choice != "edited" else _editable(row.value)
        )
        self.study_chosen.emit(row.study_id)

    def _decide(self, **decision: object) -> None:
        row = self.current()
        if row is not None:
            self.resolve.emit(row, {**decision, "reason": self.reason_box.text().strip()})

    def _write(self) -> None:
        row = self.current()
        text = self.value_box.text().strip()
        if row is None:
            return
        if "[" in row.path and "." not in row.path.split("]")[-1]:  # a whole row
            try:
                value = json.loads(text) if text else None
            except json.JSONDecodeError:
                self.empty.setText(
                    'A row is written as JSON, e.g. {"agent": "Infliximab"}, or left empty.'
                )
                self.empty.show()
                return
            self._decide(value=value)
        else:
            self._decide(text=text)

    def _quotes(self, side: int, row: ConflictRow) -> list[Evidence]:
        evidence = self._evidence[side]
        if row.path in evidence:
            return evidence[row.path]
        prefix = row.path + "."
        return [q for path, quotes in evidence.items() if path.startswith(prefix) for q in quotes]

    def _quote(self, side: int) -> None:
        row = self.current()
        quotes = self._quotes(side, row) if row else []
        if quotes:
            self.quote_wanted.emit(quotes[0])


def _same(a: ConflictRow, b: ConflictRow) -> bool:
    return (a.study_id, a.form, a.path) == (b.study_id, b.form, b.path)


def _editable(value: object) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)
