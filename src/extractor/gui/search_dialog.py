"""Search the PDFs: every attached PDF's text, the hits listed by study and page with
the words around them, a result opening its page with the words highlighted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
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

from extractor.app.search import Hit
from extractor.gui.theme import muted

COLUMNS = ("Study", "File", "Page", "Where")
HELP = (
    'Words, "a phrase", prefix* (hepat*), AND, OR, NOT, NEAR(rituximab relapse, 10).'
    " Accents and case are ignored."
)


class SearchDialog(QDialog):
    def __init__(
        self,
        run: Callable[[str], None],
        chosen: Callable[[Hit], None],
        parent: QWidget | None = None,
    ) -> None:
        """`run(query)` searches (the window indexes first, with progress); `chosen`
        opens a result."""
        super().__init__(parent)
        self.setWindowTitle("Search the PDFs")
        self._run, self._chosen = run, chosen
        self.hits: list[Hit] = []
        self.query = QLineEdit()
        self.query.setAccessibleName("Search for")
        self.query.setPlaceholderText("e.g. rituximab AND relapse")
        self.query.setClearButtonEnabled(True)
        self.button = QPushButton("Search")
        self.button.setAutoDefault(False)  # Enter in the box searches once, not twice
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.button)
        hint = QLabel(HELP)
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {muted()};")
        self.status = QLabel("Search the text of every PDF attached to the project.")
        self.status.setAccessibleName("Search status")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Pages found")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 160)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.resize(900, 560)
        self.button.clicked.connect(self.search)
        self.query.returnPressed.connect(self.search)
        self.table.cellActivated.connect(lambda row, _: self._open(row))
        self.table.cellDoubleClicked.connect(lambda row, _: self._open(row))

    def search(self) -> None:
        query = self.query.text().strip()
        if not query:
            self.status.setText("Type what to search for.")
            return
        self.status.setText("Searching…")
        self._run(query)

    def show_hits(self, hits: list[Hit], said: str = "") -> None:
        self.hits = hits
        self.table.setRowCount(len(hits))
        for row, hit in enumerate(hits):
            for column, text in enumerate((hit.study, hit.filename, str(hit.page))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            snippet = QLabel(hit.html())
            snippet.setWordWrap(True)
            snippet.setTextFormat(Qt.TextFormat.RichText)
            behind = QTableWidgetItem()  # the label shows it; this says it to readers
            behind.setToolTip(hit.marked())
            behind.setData(Qt.ItemDataRole.AccessibleTextRole, hit.marked())
            self.table.setItem(row, 3, behind)
            self.table.setCellWidget(row, 3, snippet)
        self.table.resizeRowsToContents()
        found = (
            f"{len(hits)} page{'s' if len(hits) != 1 else ''} found" if hits else "Nothing found."
        )
        self.status.setText(" ".join(part for part in (said, found) if part))
        if hits:
            self.table.selectRow(0)

    def show_problem(self, message: str) -> None:
        self.status.setText(message)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            self._chosen(self.hits[row])
