"""Starting the desktop app: the QApplication, the crash handler, the first window."""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox, QSplashScreen, QWidget

from extractor import __version__
from extractor.app.desktop import AppConfig
from extractor.app.project import open_project, project_to_open
from extractor.core.errors import ExtractorError
from extractor.diagnostics import log_path
from extractor.resources import resource

if TYPE_CHECKING:
    from extractor.gui.main_window import MainWindow

log = logging.getLogger(__name__)


def run(requested: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Extractor")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Extractor")
    QApplication.setWindowIcon(QIcon(str(resource("icons", "extractor-256.png"))))
    install_crash_handler()
    window = start(requested)
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


def start(requested: Path | None = None) -> MainWindow | None:
    """Open the main window on the project asked for, else the last one, else (on
    the very first start) the demo beside a welcome panel. None if it cannot open."""
    from extractor.gui.main_window import MainWindow
    from extractor.gui.theme import apply_theme

    config = AppConfig.load()
    splash: QSplashScreen | None = None

    def preparing() -> None:
        nonlocal splash
        splash = preparing_splash()

    try:
        path = project_to_open(requested, config, preparing)
        project = open_project(path)
    except ExtractorError as error:
        if splash is not None:
            splash.close()
        QMessageBox.critical(None, "Extractor", f"The project could not be opened.\n\n{error}")
        return None
    apply_theme(config.theme)
    window = MainWindow(project, config, first_start=not config.first_start_done)
    close_on_signals(window)
    config.opened(path)
    config.first_start_done = True
    config.save()
    window.show()
    if splash is not None:
        splash.finish(window)
    return window


def preparing_splash() -> QSplashScreen:
    """Shown on the very first start while the demo project is written (a second or
    two with nothing on screen would look like a start that failed)."""
    picture = QPixmap(460, 150)
    picture.fill(QColor("#f6f8fa"))
    painter = QPainter(picture)
    icon = QPixmap(str(resource("icons", "extractor-256.png")))
    painter.drawPixmap(24, 27, icon.scaled(96, 96, mode=Qt.TransformationMode.SmoothTransformation))
    title = painter.font()
    title.setPointSizeF(title.pointSizeF() * 1.6)
    title.setBold(True)
    painter.setFont(title)
    painter.setPen(QColor("#1f2328"))
    painter.drawText(140, 62, "Extractor")
    text = QFont(title)
    text.setPointSizeF(title.pointSizeF() / 1.6)
    text.setBold(False)
    painter.setFont(text)
    painter.setPen(QColor("#57606a"))
    painter.drawText(140, 94, "Preparing the demo project:")
    painter.drawText(140, 114, "eleven studies with their full texts…")
    painter.end()
    splash = QSplashScreen(picture)
    splash.show()
    QApplication.processEvents()  # painted now: the demo is written on this thread next
    return splash


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
