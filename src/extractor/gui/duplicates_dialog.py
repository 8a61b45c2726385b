"""Likely duplicates side by side: two references field by field, what differs
tinted, and the user's judgement: the same record (merged, every source and
identifier kept) or two records."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app.references import LikelyPair
from extractor.gui.theme import muted, tint

ROWS = ("Label", "Title", "Authors", "Year", "Journal", "Volume, issue, pages", "DOI", "PMID",
        "Found in", "Full texts", "Abstract")  # fmt: skip


class DuplicatesDialog(QDialog):
    def __init__(
        self,
        judge: Callable[[LikelyPair, bool], None],
        parent: QWidget | None = None,
    ) -> None:
        """`judge(pair, same)` merges the pair (same) or keeps both records."""
        super().__init__(parent)
        self.setWindowTitle("Likely duplicates")
        self._judge = judge
        self.pairs: list[LikelyPair] = []
        self.list = QListWidget()
        self.list.setAccessibleName("Likely duplicates")
        self.list.setWordWrap(True)
        self.table = QTableWidget(len(ROWS), 2)
        self.table.setAccessibleName("The two records")
        self.table.setVerticalHeaderLabels(ROWS)
        self.table.setHorizontalHeaderLabels(["First", "Second"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(f"color: {muted()};")
        self.merge_button = QPushButton("Same record: &merge the second into the first")
        self.keep_button = QPushButton("Two &records: keep both")
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.reason)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        self.status = QLabel("")
        self.status.setAccessibleName("Duplicates status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self.resize(1000, 620)
        self.list.currentRowChanged.connect(self._show)
        self.merge_button.clicked.connect(lambda: self._decide(True))
        self.keep_button.clicked.connect(lambda: self._decide(False))

    def show_pairs(self, pairs: list[LikelyPair], said: str = "") -> None:
        row = max(self.list.currentRow(), 0)
        self.pairs = pairs
        self.list.blockSignals(True)
        self.list.clear()
        for pair in pairs:
            self.list.addItem(f"{pair.first}\n{pair.second}")
        self.list.blockSignals(False)
        left = f"{len(pairs)} pair{'s' if len(pairs) != 1 else ''} to judge" if pairs else ""
        if not pairs:
            left = "No likely duplicates left to judge."
        self.status.setText(" ".join(part for part in (said, left) if part))
        if pairs:
            self.list.setCurrentRow(min(row, len(pairs) - 1))
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        pair = self.pairs[row] if 0 <= row < len(self.pairs) else None
        for button in (self.merge_button, self.keep_button):
            button.setEnabled(pair is not None)
        if pair is None or pair.details is None:
            self.table.clearContents()
            self.reason.setText("")
            return
        self.reason.setText(f"Alike: {pair.reason}.")
        first, second = pair.details
        for line, (a, b) in enumerate(zip(first, second, strict=True)):
            for column, text in enumerate((a, b)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if line and a.strip().casefold() != b.strip().casefold():  # labels always do
                    item.setBackground(tint("warning"))
                self.table.setItem(line, column, item)
        self.table.resizeRowsToContents()

    def _decide(self, same: bool) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.pairs):
            for button in (self.merge_button, self.keep_button):
                button.setEnabled(False)  # once: the list is read again after
            self._judge(self.pairs[row], same)
