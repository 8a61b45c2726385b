"""The Glossary tab: the abbreviations a table's footnote explains."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app import outputs
from extractor.gui.session import ProjectSession


class GlossaryTab(QWidget):
    def __init__(
        self, session: ProjectSession, glossary: dict[str, str], saved: Callable[[], None]
    ) -> None:
        """`saved` is told once the glossary is in the project."""
        super().__init__()
        self.session, self._saved = session, saved
        self.table = QTableWidget(len(glossary), 2)
        self.table.setAccessibleName("Glossary")
        self.table.setHorizontalHeaderLabels(["Abbreviation", "Meaning"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (short, meaning) in enumerate(
            sorted(glossary.items(), key=lambda kv: kv[0].casefold())
        ):
            self.table.setItem(row, 0, QTableWidgetItem(short))
            self.table.setItem(row, 1, QTableWidgetItem(meaning))
        add, remove = QPushButton("Add"), QPushButton("Remove")
        self.save_button = QPushButton("Save glossary")
        add.clicked.connect(lambda: self.table.insertRow(self.table.rowCount()))
        remove.clicked.connect(lambda: self.table.removeRow(max(self.table.currentRow(), 0)))
        self.save_button.clicked.connect(self._save)
        buttons = QHBoxLayout()
        for button in (add, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        hint = QLabel(
            "A table's footnote lists the abbreviations of this glossary that occur in the table."
        )
        hint.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(hint)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)

    def current(self) -> dict[str, str]:
        found = {}
        for row in range(self.table.rowCount()):
            short, meaning = self.table.item(row, 0), self.table.item(row, 1)
            if short and meaning and short.text().strip() and meaning.text().strip():
                found[short.text().strip()] = meaning.text().strip()
        return found

    def _save(self) -> None:
        glossary, project = self.current(), self.session.project
        self.session.lanes.write.submit(
            lambda: outputs.save_glossary(project, glossary), lambda _: self._saved()
        )
