"""Starting the desktop app: the QApplication, the crash handler, the first window."""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QWidget

import extractor
from extractor.app.desktop import AppConfig
from extractor.core.errors import ExtractorError
from extractor.diagnostics import log_path
from extractor.resources import resource

if TYPE_CHECKING:
    from extractor.gui.main_window import MainWindow

log = logging.getLogger(__name__)


def run(requested: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Extractor")
    app.setOrganizationName("Extractor")
    QApplication.setWindowIcon(QIcon(str(resource("icons", "extractor-256.png"))))
    install_crash_handler()
    # A window at once, where the main window will be, saying what is opening; the
    # project and the modules the main window needs (SQLAlchemy, PyMuPDF) load behind it.
    opening = OpeningWindow(requested)
    opening.show()
    app.processEvents()
    app.setApplicationVersion(extractor.__version__)
    window = start(requested, opening.say)
    opening.close()
    if window is None:
        return 1
    QTimer.singleShot(0, settle_memory)  # once the window is on screen
    return app.exec()


def settle_memory() -> None:
    """Put what start-up made (modules, Qt wrappers, SQLAlchemy's tables: some
    150,000 objects) out of the garbage collector's sight. A full collection over
    them holds every thread for about a tenth of a second, which a reviewer feels
    as a stutter in typing or scrolling; after this it covers only newer objects."""
    gc.collect()
    gc.freeze()


def start(
    requested: Path | None = None, say: Callable[[str], None] | None = None
) -> MainWindow | None:
    """Open the main window on the project asked for, else the last one, else (on
    the very first start) the demo beside a welcome panel. None if it cannot open.
    `say` tells the reviewer what is being prepared meanwhile."""
    from extractor.app.project import open_project, project_to_open
    from extractor.gui.main_window import MainWindow
    from extractor.gui.theme import apply_theme

    config = AppConfig.load()

    def preparing() -> None:  # on the very first start, writing the demo takes a second
        if say is not None:
            say("Preparing the demo project: eleven studies with their full texts…")

    try:
        path = project_to_open(requested, config, preparing)
        project = open_project(path)
    except ExtractorError as error:
        QMessageBox.critical(None, "Extractor", f"The project could not be opened.\n\n{error}")
        return None
    apply_theme(config.theme)
    window = MainWindow(project, config, first_start=not config.first_start_done)
    close_on_signals(window)
    config.opened(path)
    config.first_start_done = True
    config.save()
    window.show()
    return window


class OpeningWindow(QMainWindow):
    """The window shown the moment the app starts, where the main window will be,
    until the project is open: a start-up never looks like nothing happening."""

    def __init__(self, requested: Path | None) -> None:
        super().__init__()
        self.setWindowTitle("Extractor")
        geometry = QSettings().value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        name = requested.name if requested is not None else "your last project"
        self.label = QLabel(f"Opening {name}…")
        # Centred by its style: the Qt namespace costs a fifth of the time to this window.
        self.label.setStyleSheet("qproperty-alignment: AlignCenter;")
        self.label.setWordWrap(True)
        self.setCentralWidget(self.label)

    def say(self, text: str) -> None:
        self.label.setText(text)
        QApplication.processEvents()  # painted now: the work goes on on this thread


def close_on_signals(window: QWidget) -> None:
    """Ctrl+C in the terminal or a polite kill closes the window the normal way,
    so the project is checkpointed and closed, as when the user quits."""
    for number in (signal.SIGINT, signal.SIGTERM):
        # Queued, so that a signal arriving before the event loop runs still closes.
        signal.signal(number, lambda *_: QTimer.singleShot(0, window.close))
    # Python runs signal handlers only between bytecodes; a timer gives it that chance.
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(200)


class CrashReporter(QObject):
    """Shows what nobody expected, from any thread, on the UI thread: the window stays."""

    report = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.report.connect(self._show)  # queued when emitted from a worker thread
        self.shown: list[str] = []  # what was shown, for tests

    def _show(self, text: str) -> None:
        self.shown.append(text)
        box = QMessageBox(QMessageBox.Icon.Critical, "Extractor", "Something went wrong.")
        box.setInformativeText(
            "Your saved answers are safe; the window stays open. The details are in the "
            f"log:\n{log_path()}"
        )
        box.setDetailedText(text)
        box.setModal(False)
        box.show()
        self._box = box  # kept alive while it is shown


_reporter: CrashReporter | None = None


def install_crash_handler() -> CrashReporter:
    """Log what nobody expected and show it, from any thread; never swallow silently."""
    global _reporter
    if _reporter is None:
        _reporter = CrashReporter()
    reporter = _reporter

    def handle(
        kind: type[BaseException], error: BaseException | None, tb: TracebackType | None
    ) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        log.error("unexpected error in %s\n%s", threading.current_thread().name, text)
        print(text, file=sys.stderr)
        if QApplication.instance() is not None:
            reporter.report.emit(text)

    sys.excepthook = handle
    threading.excepthook = lambda args: handle(args.exc_type, args.exc_value, args.exc_traceback)
    return reporter
