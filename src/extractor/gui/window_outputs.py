"""The main window's outputs: the outputs dialog and Export all."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QProgressDialog,
)

from extractor.app import outputs
from extractor.gui.tasks import Cancelled


class OutputActions:
    """Mixed into MainWindow: uses its project, runner, config and panels."""

    def show_outputs(self) -> None:
        """Table options with a live preview, the glossary and the PRISMA counts."""
        from extractor.gui.outputs_dialog import OutputsDialog

        def shown(state: outputs.OutputState) -> None:
            dialog = OutputsDialog(
                self.project, self.runner, state,
                lambda text: self.statusBar().showMessage(text, 8000), self,
            )  # fmt: skip
            dialog.show()
            self._outputs_dialog = dialog

        self.runner.submit(
            lambda: outputs.output_state(self.project),
            shown,
            lambda error: QMessageBox.warning(self, "Publication outputs", str(error)),
        )

    def _choose_export_folder(self) -> None:
        suggested = self.project.path.with_name(f"{self.project.path.stem} outputs")
        name = QFileDialog.getExistingDirectory(self, "Export all into", str(suggested.parent))
        if name:
            self.export_all(Path(name))

    def export_all(self, folder: Path) -> None:
        """Every output into a folder, off the UI thread, with progress and cancel."""
        from extractor.app.export_all import export_all

        dialog = QProgressDialog("Exporting…", "Cancel", 0, 1, self)
        dialog.setWindowTitle("Export all")
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def progress(done: int, total: int, name: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(f"Writing {name}…")

        def finished(warnings: list[str]) -> None:
            dialog.close()
            self._step("export")
            note = f" ({len(warnings)} warnings in manifest.json)" if warnings else ""
            self.statusBar().showMessage(f"Wrote every output to {folder}{note}", 10000)

        def failed(error: BaseException) -> None:
            dialog.close()
            if not isinstance(error, Cancelled):
                QMessageBox.warning(self, "Export all", f"The export stopped.\n\n{error}")
            else:
                self.statusBar().showMessage("Export cancelled", 8000)

        control = self.runner.submit_long(
            lambda control: export_all(self.project, folder, None, control.progress),
            finished,
            failed,
            progress,
        )
        dialog.canceled.connect(control.cancel)
        self._export_dialog = dialog
