"""The window's outputs: the outputs dialog and Export all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog

from extractor.app import outputs
from extractor.core.readiness import Gap
from extractor.core.words import counted
from extractor.gui import file_dialogs
from extractor.gui.readiness_dialog import check_first
from extractor.gui.session import ProjectSession
from extractor.gui.tasks import Cancelled, TaskControl
from extractor.gui.window_part import WindowPart


class OutputsController(WindowPart):
    def __init__(
        self,
        session: ProjectSession,
        window: QMainWindow,
        exported: Callable[[], None],
        go_to: Callable[[Gap], None] = lambda gap: None,
    ) -> None:
        """`exported` is told when Export all has written everything; `go_to` takes
        the reviewer to a gap of the outputs."""
        super().__init__(session, window)
        self._exported = exported
        self._go_to = go_to
        self.dialog: QObject | None = None  # the outputs dialog, once shown
        self.export_control: TaskControl | None = None

    def show_outputs(self) -> None:
        """Table options with a live preview, the glossary and the PRISMA counts."""
        from extractor.gui.outputs.dialog import OutputsDialog

        def shown(state: outputs.OutputState) -> None:
            dialog = OutputsDialog(self.session, state, self._status, self._go_to, self.window)
            dialog.show()
            self.dialog = dialog

        project = self.session.project
        self.session.lanes.read.submit(
            lambda: outputs.output_state(project), shown, self._warning("Publication outputs")
        )

    def choose_export_folder(self) -> None:
        chosen = file_dialogs.folder(self.window, "Export all into")
        if chosen is not None:
            self.check_then_export(chosen)

    def check_then_export(self, folder: Path) -> None:
        """Export all, once the reviewer has seen what the outputs lack, if anything."""
        check_first(
            self.session,
            self.window,
            None,
            self._go_to,
            lambda: self.export_all(folder),
            self._warning("Export all"),
        )

    def export_all(self, folder: Path) -> None:
        """Every output into a folder, on the jobs lane, with progress and cancel."""
        # Loaded when first asked for: reportlab and the writers are not needed to open.
        from extractor.app.export_all import ExportAll, export_all

        dialog = QProgressDialog("Exporting…", "Cancel", 0, 1, self.window)
        dialog.setWindowTitle("Export all")
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def progress(done: int, total: int, name: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(f"Writing {name}…")

        def finished(done: ExportAll) -> None:
            dialog.close()
            self._exported()
            draft = done.readiness.summary()
            what = (
                f"a draft of the outputs ({draft.removeprefix('Draft: ')})"
                if draft
                else "every output"
            )
            note = (
                f"; {counted(len(done.warnings), 'warning')} in manifest.json"
                if done.warnings
                else ""
            )
            self._status(f"Wrote {what} to {folder}{note}", 10000)
            file_dialogs.show_written(self.window, f"Wrote {what} to {folder}{note}.", folder)
            if done.failed:
                lines = "\n".join(f"{name}: {why}" for name, why in done.failed.items())
                QMessageBox.warning(
                    self.window,
                    "Export all",
                    f"The other outputs were written, but not these:\n\n{lines}",
                )

        def failed(error: BaseException) -> None:
            dialog.close()
            if isinstance(error, Cancelled):
                self._status("Export cancelled")
            else:
                QMessageBox.warning(self.window, "Export all", f"The export stopped.\n\n{error}")

        project = self.session.project
        control = self.session.lanes.job.submit_long(
            lambda control: export_all(project, folder, None, control.progress),
            finished,
            failed,
            progress,
        )
        dialog.canceled.connect(control.cancel)
        self.progress, self.export_control = dialog, control
