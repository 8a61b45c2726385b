"""File > Import full texts…: a folder of PDFs matched to references, the user asked
where two references fit, and a report of how each file was matched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox

from extractor.app import full_texts
from extractor.core.words import counted
from extractor.gui import file_dialogs
from extractor.gui.session import ProjectSession
from extractor.gui.window_part import WindowPart


class FullTextImport(WindowPart):
    def __init__(
        self, session: ProjectSession, window: QMainWindow, changed: Callable[[], None]
    ) -> None:
        """`changed` is told when files were kept (the screening window shows them)."""
        super().__init__(session, window)
        self._changed = changed
        self.report: QMessageBox | None = None  # the last report, while it is shown

    def choose_folder(self) -> None:
        folder = file_dialogs.folder(self.window, "Import full texts (a folder of PDFs)")
        if folder is not None:
            self.import_paths([folder])

    def import_paths(self, paths: list[Path], reference: str | None = None) -> None:
        project = self.session.project
        self._long(
            "Importing full texts",
            lambda control: full_texts.import_full_texts(
                project, paths, reference, progress=control.progress
            ),
            self._imported,
            self._warning("Import full texts", "No full text was kept."),
        )

    def _imported(self, outcome: full_texts.FullTextImport) -> None:
        left_out = list(outcome.skipped)
        for file, labels, how in outcome.undecided:
            label, chosen = QInputDialog.getItem(
                self.window,
                "Which reference?",
                f"{Path(file).name} could be the full text of ({how}):",
                labels,
                0,
                False,
            )
            if chosen:
                self.import_paths([Path(file)], label)  # reported on its own
            else:
                left_out.append(f"{file}: could be {' or '.join(labels)}; none chosen")
        if outcome.matched:
            self._changed()
        kept = outcome.kept()
        summary = f"{counted(len(kept), 'full text')} kept with its reference"
        if left_out:
            summary += f"; {counted(len(left_out), 'file')} not kept"
        box = QMessageBox(
            QMessageBox.Icon.Information, "Import full texts", summary, parent=self.window
        )
        lines = kept + left_out
        box.setInformativeText("\n".join(lines[:10]) + ("\n…" if len(lines) > 10 else ""))
        box.setDetailedText("\n".join(lines))
        box.open()
        self.report = box
