"""What the outputs still lack, before Export all or any single export: each gap a
line that takes the reviewer to its study and field; the export goes ahead as a draft
only when asked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app.readiness import readiness
from extractor.core.readiness import Gap, Readiness
from extractor.gui.session import ProjectSession

GAP_ROLE = Qt.ItemDataRole.UserRole

# Saves one output (the call) once the outputs made from a source (the string) have
# been checked, and the reviewer has chosen to save a draft if they are not final.
ReadyThen = Callable[[str | None, Callable[[], None]], None]


class ReadinessDialog(QDialog):
    def __init__(
        self,
        found: Readiness,
        go_to: Callable[[Gap], None],
        export_draft: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("The outputs are not final yet")
        self.resize(760, 480)
        self._go_to = go_to
        summary = QLabel(
            f"<b>{found.summary()}</b><br/>Exported now, every page says so and the "
            "manifest lists each gap. Double-click a line (or press Enter) to go to it; "
            "this list stays open while you work."
        )
        summary.setWordWrap(True)
        self.gaps = QListWidget()
        self.gaps.setAccessibleName("What the outputs lack")
        self.gaps.setWordWrap(True)  # a long line wraps; it is never cut off at the side
        self.gaps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for gap in found.gaps:
            item = QListWidgetItem(gap.line())
            item.setData(GAP_ROLE, gap)
            self.gaps.addItem(item)
        self.gaps.itemActivated.connect(lambda item: self._go_to(item.data(GAP_ROLE)))
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(
            "Export the draft", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.accepted.connect(export_draft)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.gaps, 1)
        layout.addWidget(buttons)


def check_first(
    session: ProjectSession,
    parent: QWidget,
    source: str | None,
    go_to: Callable[[Gap], None],
    export: Callable[[], None],
    failed: Callable[[BaseException], None],
) -> None:
    """Export straight away when the outputs made from `source` are final; else once
    the reviewer has seen what they lack and chosen to export a draft."""
    project = session.project

    def checked(found: Readiness) -> None:
        if found.ready:
            export()
            return
        shown = ReadinessDialog(found, go_to, export, parent)
        # Its gaps and its export belong to this project: another one closes it.
        session.replaced.connect(shown.close)
        shown.show()

    session.lanes.read.submit(lambda: readiness(project, source), checked, failed)
