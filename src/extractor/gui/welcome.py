"""The welcome panel of a first start: what to do, and a short guided path
through the demo whose steps tick themselves off as the user does them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

STEPS = {
    "study": "Select a study in the list on the left.",
    "select": "Drag over a few words in its PDF.",
    "use": "Click into a form field, then press “Use as value”.",
    "conflicts": "Open Review > Conflicts to see where the two demo reviewers disagree.",
    "export": "Press File > Export all… to write every table and figure at once.",
}


class WelcomePanel(QDockWidget):
    new_project = Signal()
    open_project = Signal()
    open_recent = Signal(str)
    open_demo = Signal()

    def __init__(self, recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__("Welcome", parent)
        self.setObjectName("welcome")
        self.setAccessibleName("Welcome")
        body = QWidget()
        column = QVBoxLayout(body)
        intro = QLabel(
            "<b>Welcome to Extractor.</b><br>This is a demo review: eleven studies of biologic "
            "therapies in autoimmune hepatitis, each with a full text, extracted by two reviewers."
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.steps = QListWidget()
        self.steps.setAccessibleName("Guided path through the demo")
        for key, text in STEPS.items():
            item = QListWidgetItem(f"☐  {text}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.steps.addItem(item)
        self.steps.setWordWrap(True)
        column.addWidget(QLabel("<b>Try it in five steps</b>"))
        column.addWidget(self.steps, 1)
        column.addWidget(QLabel("<b>Your own review</b>"))
        for text, signal in (
            ("New project…", self.new_project),
            ("Open project…", self.open_project),
            ("Reopen the demo", self.open_demo),
        ):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            column.addWidget(button)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent projects")
        for path in recent:
            item = QListWidgetItem(Path(path).name)
            item.setToolTip(path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.recent.addItem(item)
        self.recent.itemActivated.connect(
            lambda item: self.open_recent.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        if recent:
            column.addWidget(QLabel("Recent projects (double-click to open)"))
            column.addWidget(self.recent)
        self.setWidget(body)

    def done(self, key: str) -> None:
        """Tick a step of the guided path."""
        for row in range(self.steps.count()):
            item = self.steps.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key and not self.is_done(key):
                item.setText("☑  " + item.text()[3:])
                item.setForeground(Qt.GlobalColor.darkGreen)

    def is_done(self, key: str) -> bool:
        return any(
            self.steps.item(r).data(Qt.ItemDataRole.UserRole) == key
            and self.steps.item(r).text().startswith("☑")
            for r in range(self.steps.count())
        )
