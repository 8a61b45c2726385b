"""The conflict-resolution view: every disagreement, reviewer A | reviewer B |
decision, with each side's quote one click away in the PDF."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
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
from extractor.core.words import counted
from extractor.gui.theme import muted, tint

COLUMNS = ("Study", "Field", "Consensus")
# Keys for working through the list, with the table in focus (said on the buttons,
# in the hint under them, and in the guide's shortcuts).
KEYS = {"A": "take A", "B": "take B", "E": "write the value", "N": "next", "P": "previous"}
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
        self.table.setWordWrap(True)  # a long study name or field wraps, never cut
        self.empty = QLabel("")
        self.empty.setWordWrap(True)
        self.a_title, self.b_title = QLabel(""), QLabel("")
        self.a_label, self.b_label = QLabel(""), QLabel("")
        self.a_quotes, self.b_quotes = QLabel(""), QLabel("")
        for label in (self.a_label, self.b_label, self.a_quotes, self.b_quotes):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.a_quotes, self.b_quotes):
            label.setStyleSheet(f"color: {muted()};")
        for label in (self.a_title, self.b_title):
            label.setStyleSheet("font-weight: bold;")
        self.a_quote = QPushButton("Show in PDF")
        self.b_quote = QPushButton("Show in PDF")
        self.a_quote.setAccessibleName("Show A's quote in the PDF")
        self.b_quote.setAccessibleName("Show B's quote in the PDF")
        self.take_a = QPushButton("Take A")
        self.take_b = QPushButton("Take B")
        self.value_box = QLineEdit(placeholderText="or write the value (E)")
        self.value_box.setAccessibleName("Consensus value")
        self.use_value = QPushButton("Use this value")
        self.reason_box = QLineEdit(placeholderText="Reason (optional)")
        self.reason_box.setAccessibleName("Reason")
        self.keys_hint = QLabel(
            "Keys in the list: " + " · ".join(f"{key} {what}" for key, what in KEYS.items())
        )
        self.keys_hint.setWordWrap(True)
        self.keys_hint.setStyleSheet(f"color: {muted()}; font-size: 90%;")
        self.table.installEventFilter(self)
        # What each key of KEYS does (the words say it; this does it).
        self._key_actions: dict[str, Callable[[], object]] = {
            "A": self.take_a.click,
            "B": self.take_b.click,
            "E": self.value_box.setFocus,
            "N": lambda: self.step(+1),
            "P": lambda: self.step(-1),
        }
        assert set(self._key_actions) == set(KEYS)
        self._build()
        self._connect()
        self._select(None)

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.filter_box)
        top.addWidget(self.show_resolved)
        details = QVBoxLayout()
        for title, value, quotes, show, take in (
            (self.a_title, self.a_label, self.a_quotes, self.a_quote, self.take_a),
            (self.b_title, self.b_label, self.b_quotes, self.b_quote, self.take_b),
        ):
            side = QFrame()
            side.setFrameShape(QFrame.Shape.StyledPanel)
            column = QVBoxLayout(side)
            column.setContentsMargins(6, 4, 6, 4)
            column.addWidget(title)
            column.addWidget(value)
            column.addWidget(quotes)
            buttons = QHBoxLayout()
            buttons.addWidget(show)
            buttons.addStretch(1)
            buttons.addWidget(take)
            column.addLayout(buttons)
            details.addWidget(side)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_box, 1)
        value_row.addWidget(self.use_value)
        details.addLayout(value_row)
        details.addWidget(self.reason_box)
        details.addWidget(self.keys_hint)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(details)

    def _connect(self) -> None:
        self.show_resolved.toggled.connect(lambda _: self._fill())
        self.filter_box.textChanged.connect(lambda _: self._fill())
        self.table.currentCellChanged.connect(lambda row, *_: self._select(row))
        self.value_box.installEventFilter(self)
        self.take_a.clicked.connect(lambda: self._decide(take="A"))
        self.take_b.clicked.connect(lambda: self._decide(take="B"))
        self.use_value.clicked.connect(self._write)
        self.value_box.returnPressed.connect(self._write)
        self.a_quote.clicked.connect(lambda: self._quote(0))
        self.b_quote.clicked.connect(lambda: self._quote(1))

    def set_rows(self, rows: list[ConflictRow]) -> None:
        current, number = self.current(), self.table.currentRow()
        self._rows = rows
        done = sum(row.resolved for row in rows)
        self.progress.setText(
            f"<b>{counted(len(rows) - done, 'open conflict')}</b> · {done} of {len(rows)} resolved"
            if rows
            else ""
        )
        # A row just decided leaves the list (or stays, resolved): either way the
        # selection goes on to the next open one, never back to the first.
        self._fill(keep=current, at=number)

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
        if row is not None:
            self._show_quotes(row)

    def _show_quotes(self, row: ConflictRow) -> None:
        """Each side's quotes under its value, with their pages."""
        for side, label, button in (
            (0, self.a_quotes, self.a_quote),
            (1, self.b_quotes, self.b_quote),
        ):
            quotes = self._quotes(side, row)
            label.setText(
                "\n".join(f"p. {q.page}: “{q.quote}”" for q in quotes) if quotes else "No quote"
            )
            button.setEnabled(bool(quotes))

    def _fill(self, keep: ConflictRow | None = None, at: int = 0) -> None:
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
            cells = (row.study, row.label, consensus)
            for column, text_value in enumerate(cells):
                item = QTableWidgetItem(text_value)
                item.setToolTip(text_value)
                if row.resolved:
                    item.setBackground(QBrush(tint("resolved")))
                self.table.setItem(number, column, item)
        self.table.resizeRowsToContents()
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
        index = self._next_open(keep, at)
        if self._shown:
            self.table.setCurrentCell(index, 0)
            self._select(index)
        else:
            self._select(None)

    def _next_open(self, keep: ConflictRow | None, at: int) -> int:
        """Where the selection goes after the list changed: the row it was on if still
        open, else the next open row from where it was, else the row at that place."""
        found = next((i for i, r in enumerate(self._shown) if keep and _same(r, keep)), None)
        if found is not None and not self._shown[found].resolved:
            return found
        start = found if found is not None else max(at, 0)
        later = [i for i in range(len(self._shown)) if i >= start and not self._shown[i].resolved]
        earlier = [i for i in range(len(self._shown)) if not self._shown[i].resolved]
        return (later or earlier or [min(start, max(len(self._shown) - 1, 0))])[0]

    def step(self, by: int) -> None:
        """Select the next (or previous) row."""
        if self._shown:
            row = min(max(self.table.currentRow() + by, 0), len(self._shown) - 1)
            self.table.setCurrentCell(row, 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The list's keys (KEYS); Escape in the value box goes back to the list."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if watched is self.value_box and event.key() == Qt.Key.Key_Escape:
            self.table.setFocus()
            return True
        if watched is not self.table or event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return super().eventFilter(watched, event)
        action = self._key_actions.get(event.text().upper())
        if action is None:
            return super().eventFilter(watched, event)
        action()
        return True

    def _select(self, number: int | None) -> None:
        row = self._shown[number] if number is not None and 0 <= number < len(self._shown) else None
        for widget in (self.take_a, self.take_b, self.use_value, self.value_box, self.reason_box):
            widget.setEnabled(row is not None)
        self.a_quote.setEnabled(False)
        self.b_quote.setEnabled(False)
        if row is None:
            for label in (self.a_title, self.b_title, self.a_label, self.b_label):
                label.setText("")
            self.a_quotes.setText("")
            self.b_quotes.setText("")
            return
        self.a_title.setText(f"A · {row.a_name}")
        self.b_title.setText(f"B · {row.b_name}")
        self.a_label.setText(shown(row.a))
        self.b_label.setText(shown(row.b))
        self._show_quotes(row)
        self.take_a.setText(f"Take {row.a_name} (A)")
        self.take_b.setText(f"Take {row.b_name} (B)")
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
