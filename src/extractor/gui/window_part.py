"""What every controller of the main window shares: the open project's session,
the status bar for what went well, and a warning box for what did not."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMessageBox

from extractor.gui.session import ProjectSession


class WindowPart(QObject):
    def __init__(self, session: ProjectSession, window: QMainWindow) -> None:
        super().__init__(window)
        self.session, self.window = session, window

    def _status(self, text: str, msecs: int = 8000) -> None:
        self.window.statusBar().showMessage(text, msecs)

    def _warning(self, title: str, lead: str = "") -> Callable[[BaseException], None]:
        """A task's error callback: the error in a warning box, after `lead` if given."""

        def warn(error: BaseException) -> None:
            QMessageBox.warning(self.window, title, f"{lead}\n\n{error}" if lead else str(error))

        return warn
