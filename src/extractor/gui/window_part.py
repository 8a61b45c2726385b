"""What every controller of the main window shares: the open project's session,
the status bar for what went well, and a warning box for what did not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog

from extractor.gui.session import ProjectSession
from extractor.gui.tasks import Cancelled, TaskControl, TaskRunner


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
        """A long job on the jobs lane with a progress dialog and Cancel (see
        `long_job`); the dialog is kept as `progress` while it runs."""
        control, self.progress = long_job(
            self.window, self.session.lanes.job, title, work, done, failed
        )
        return control


def long_job(
    window: QMainWindow,
    runner: TaskRunner,
    title: str,
    work: Callable[[TaskControl], Any],
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None],
) -> tuple[TaskControl, QProgressDialog]:
    """Run `work` on `runner` with a progress dialog and Cancel: the work reports
    through its control, and a cancel stops it at its next report (what has not
    finished is not kept, and the status bar says so). The dialog is not modal: the
    window stays usable meanwhile."""
    dialog = QProgressDialog(f"{title}…", "Cancel", 0, 0, window)
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
            window.statusBar().showMessage(
                f"{title}: cancelled; what was not finished was not kept", 8000
            )
        else:
            failed(error)

    control = runner.submit_long(work, finished, stopped, progress)
    dialog.canceled.connect(control.cancel)
    return control, dialog
