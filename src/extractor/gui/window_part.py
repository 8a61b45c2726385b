"""What every controller of the main window shares: the open project's session,
the status bar for what went well, and a warning box for what did not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog

from extractor.gui.session import ProjectSession
from extractor.gui.tasks import Cancelled, TaskControl


class WindowPart(QObject):
    def __init__(self, session: ProjectSession, window: QMainWindow) -> None:
        super().__init__(window)
        self.session, self.window = session, window
        self.progress: QProgressDialog | None = None  # the long job's, while it runs

    def _status(self, text: str, msecs: int = 8000) -> None:
        self.window.statusBar().showMessage(text, msecs)

    def _warning(self, title: str, lead: str = "") -> Callable[[BaseException], None]:
        """A task's error callback: the error in a warning box, after `lead` if given."""

        def warn(error: BaseException) -> None:
            QMessageBox.warning(self.window, title, f"{lead}\n\n{error}" if lead else str(error))

        return warn

    def _long(
        self,
        title: str,
        work: Callable[[TaskControl], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> TaskControl:
        """A long job on the jobs lane with a progress dialog and Cancel: the work
        reports through its control, and a cancel stops it at its next report (what
        has not finished is not kept). The window stays responsive meanwhile."""
        dialog = QProgressDialog(f"{title}…", "Cancel", 0, 0, self.window)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(400)  # a quick job shows no dialog at all
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def progress(step: int, total: int, text: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(step)
            dialog.setLabelText(text)

        def finished(outcome: Any) -> None:
            dialog.close()
            done(outcome)

        def stopped(error: BaseException) -> None:
            dialog.close()
            if isinstance(error, Cancelled):
                self._status(f"{title}: cancelled; what was not finished was not kept")
            else:
                failed(error)

        control = self.session.lanes.job.submit_long(work, finished, stopped, progress)
        dialog.canceled.connect(control.cancel)
        self.progress = dialog  # kept while it runs; tests read it
        return control
