"""Form > Pilot report…: the pilot studies' answers of two reviewers side by side,
field by field, with their agreement; the fields they disagree on open and their
differing answers tinted, and the form frozen from here when the lead is content."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app.pilot import PilotReport
from extractor.gui.theme import tint


class PilotDialog(QDialog):
    def __init__(self, freeze: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pilot report")
        self.head = QLabel()
        self.head.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Answers side by side")
        self.tree.setHeaderLabels(["Field / study", "Reviewer A", "Reviewer B", "Agreement"])
        self.tree.setColumnWidth(0, 260)
        self.tree.setColumnWidth(1, 220)
        self.tree.setColumnWidth(2, 220)
        self.freeze_button = QPushButton("&Freeze the form")
        self.freeze_button.setToolTip(
            "End the pilot: this version of the form is the one the review uses "
            "(a later change still makes a new version that keeps every answer)"
        )
        self.freeze_button.setAutoDefault(False)  # ending the pilot is never an Enter away
        self.freeze_button.clicked.connect(freeze)
        close = QPushButton("&Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.freeze_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.resize(980, 640)

    def show_report(self, report: PilotReport) -> None:
        self.head.setText(report.head())
        # One pair: their names head the columns; several: A and B of each study.
        a, b = report.reviewers[0] if len(report.reviewers) == 1 else ("Reviewer A", "Reviewer B")
        self.tree.setHeaderLabels(["Field / study", a, b, "Agreement"])
        self.freeze_button.setEnabled(report.state.running)
        self.tree.clear()
        for item in report.fields:
            found = item.agreement
            said = (
                f"{found.agreed} of {found.compared} ({found.percent:g}%)"
                if found.compared
                else "not answered yet"
            )
            stats = ", ".join(
                f"{name} {value:g}"
                for name, value in (("kappa", found.kappa), ("AC1", found.ac1))
                if value is not None
            )
            top = QTreeWidgetItem(self.tree, [item.label, "", "", f"{said} {stats}".strip()])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for answer in item.answers:
                if not (answer.a or answer.b):
                    continue
                line = QTreeWidgetItem(
                    top,
                    [answer.study, answer.a or "—", answer.b or "—", "" if answer.agree else "≠"],
                )
                for column in (1, 2):
                    line.setToolTip(column, line.text(column))
                if not answer.agree:
                    for column in range(4):
                        line.setBackground(column, tint("warning"))
            top.setExpanded(found.compared > found.agreed)
