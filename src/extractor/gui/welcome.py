"""The welcome panel of a first start: what to do, and a short guided path
through the demo whose steps tick themselves off as the user does them."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
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


DEMO_INTRO = (
    "<b>Welcome to Extractor.</b> This is a demo review: eleven studies of biologic "
    "therapies in autoimmune hepatitis, each with a full text, extracted by two "
    "reviewers. You work as one of them (“Answers of” above says which; Edit &gt; "
    "Work on the demo as… switches). <b>Try it in five steps:</b>"
)


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
        # A strip along the bottom of the window, the guided path beside the ways to
        # a review of one's own: it takes no width from the PDF on a laptop's screen.
        row = QHBoxLayout(body)
        path = QVBoxLayout()
        self.intro = QLabel(DEMO_INTRO)
        self.intro.setWordWrap(True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        path.addWidget(self.intro)
        self.steps = QListWidget()
        self.steps.setAccessibleName("Guided path through the demo")
        for key, text in STEPS.items():
            item = QListWidgetItem(f"☐  {text}")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.steps.addItem(item)
        self.steps.setWordWrap(True)
        lines = self.steps.fontMetrics().lineSpacing()
        self.steps.setFixedHeight(len(STEPS) * (lines + 2) + 2 * self.steps.frameWidth() + 4)
        path.addWidget(self.steps)
        row.addLayout(path, 3)
        own = QVBoxLayout()
        own.addWidget(QLabel("<b>Your own review</b>"))
        for text, signal in (
            ("New project…", self.new_project),
            ("Open project…", self.open_project),
            ("Reopen the demo", self.open_demo),
        ):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            own.addWidget(button)
        own.addStretch(1)
        row.addLayout(own)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent projects")
        for path_text in recent:
            item = QListWidgetItem(Path(path_text).name)
            item.setToolTip(path_text)
            item.setData(Qt.ItemDataRole.UserRole, path_text)
            self.recent.addItem(item)
        self.recent.itemActivated.connect(
            lambda item: self.open_recent.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        if recent:
            column = QVBoxLayout()
            column.addWidget(QLabel("Recent projects (double-click to open)"))
            column.addWidget(self.recent)
            row.addLayout(column, 1)
        body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setWidget(body)

    def speak_of(self, title: str, demo: bool) -> None:
        """Speak of the project that is open: the guided path is the demo's."""
        self.intro.setText(
            DEMO_INTRO
            if demo
            else f"<b>Welcome to Extractor.</b> Open now: <b>{escape(title)}</b>. The guided "
            "path below walks through the demo project (“Reopen the demo” on the right)."
        )

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
