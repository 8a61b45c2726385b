"""Publication outputs: table options with a live preview, the synthesis, the
glossary, the PRISMA counts, meta-analyses and the figures' palette, each saved in
the project for the next Export all."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from extractor.app import outputs, rob
from extractor.core.readiness import Gap
from extractor.gui.outputs.glossary_tab import GlossaryTab
from extractor.gui.outputs.meta_tab import MetaTab
from extractor.gui.outputs.prisma_tab import PrismaTab
from extractor.gui.outputs.synthesis_tab import SynthesisTab
from extractor.gui.outputs.tables_tab import TablesTab
from extractor.gui.readiness_dialog import check_first
from extractor.gui.session import ProjectSession

PALETTES = (("Cochrane colours", "cochrane"), ("Colour-blind safe", "colourblind"))


class OutputsDialog(QDialog):
    def __init__(
        self,
        session: ProjectSession,
        state: outputs.OutputState,
        message: Callable[[str], None],
        go_to: Callable[[Gap], None],
        parent: QWidget | None = None,
    ) -> None:
        """`go_to` takes the reviewer to a gap of the outputs, from the list shown
        before a draft is saved."""
        super().__init__(parent)
        self.setWindowTitle("Publication outputs")
        self.resize(1100, 760)
        self.session, self._message = session, message

        def ready_then(source: str | None, save: Callable[[], None]) -> None:
            check_first(
                session,
                self,
                source,
                go_to,
                save,
                lambda error: message(f"The outputs could not be checked: {error}"),
            )

        self.tables = TablesTab(session, state, message, ready_then)
        self.synthesis = SynthesisTab(
            session, state.form, state.synthesis, self.tables.source, message, ready_then
        )

        def glossary_saved() -> None:
            message("Glossary saved")
            self.tables.refresh_preview()

        self.glossary = GlossaryTab(session, state.glossary, glossary_saved)
        self.prisma = PrismaTab(session, state.prisma, message, state.prisma_log, state.prisma_gaps)
        self.meta = MetaTab(session, self.tables.source, message, ready_then)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tables, "Tables")
        self.tabs.addTab(self.synthesis, "Synthesis")
        self.tabs.addTab(self.glossary, "Glossary")
        self.tabs.addTab(self.prisma, "PRISMA counts")
        self.tabs.addTab(self.meta, "Meta-analysis")
        self.palette_box = QComboBox()
        self.palette_box.setAccessibleName("Risk-of-bias palette")
        for text, value in PALETTES:
            self.palette_box.addItem(text, value)
        self.palette_box.setCurrentIndex(max(self.palette_box.findData(state.palette), 0))
        self.palette_box.activated.connect(lambda _: self._save_palette())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Risk-of-bias figures in"))
        bottom.addWidget(self.palette_box)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        # What it shows belongs to the project it was opened on.
        session.replaced.connect(self.close)
        self.tables.refresh_preview()

    def _save_palette(self) -> None:
        chosen, project = self.palette_box.currentData(), self.session.project
        self.session.lanes.write.submit(
            lambda: rob.palette_of(project, chosen),
            lambda _: self._message("Risk-of-bias figures will be drawn in this palette"),
        )
