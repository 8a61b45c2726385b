"""The window's long jobs (a reviewer's copy, a package, a studies import, a copy
of the project) show their progress and stop at Cancel, keeping nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

import extractor.app.exchange as exchange
import extractor.app.project as projects
import extractor.app.studies as studies
from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile

from helpers import dump

pytestmark = pytest.mark.gui


class Gate:
    """Holds a job at its first progress report until the test opens the gate, so
    that the dialog is seen while the job runs, not raced."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module, name: str) -> None:
        self.reached, self.opened = threading.Event(), threading.Event()
        real = getattr(module, name)

        def held(*args):
            *rest, progress = args

            def report(done: int, total: int, what: str) -> None:
                progress(done, total, what)
                if not self.reached.is_set():
                    self.reached.set()
                    self.opened.wait(30)

            return real(*rest, report)

        monkeypatch.setattr(module, name, held)


@pytest.fixture
def window(qtbot, demo_path):
    AppConfig(profile=ReviewerProfile.new("Tess Typist")).save()
    opened = MainWindow(ProjectFile.open(demo_path), AppConfig.load())
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(lambda: opened.controller.loaded_study_id is not None)
    yield opened
    opened.close()


def cancel_held(qtbot, window, gate: Gate, dialog_of) -> None:
    """Wait for the held job's dialog, press its Cancel, then let the job go on."""
    qtbot.waitUntil(gate.reached.is_set)
    dialog = dialog_of()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    gate.opened.set()
    qtbot.waitUntil(lambda: window.session.lanes.pending() == 0, timeout=30000)
    assert not dialog.isVisible()
    assert "cancelled; what was not finished was not kept" in window.statusBar().currentMessage()


def files_in(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_a_reviewers_copy_shows_its_steps_and_cancel_writes_nothing(
    qtbot, window, demo_path, monkeypatch
):
    gate = Gate(monkeypatch, exchange, "share_copy")
    target = demo_path.with_name("for Cleo.extractor")
    before, folder = dump(demo_path), files_in(demo_path.parent)
    window.review.share_with("Cleo Ng", target)
    qtbot.waitUntil(gate.reached.is_set)
    qtbot.waitUntil(lambda: window.review.progress.labelText() == "Reading the project")
    cancel_held(qtbot, window, gate, lambda: window.review.progress)
    assert files_in(demo_path.parent) == folder
    assert dump(demo_path) == before


def test_a_package_cancelled_is_not_written(qtbot, window, demo_path, monkeypatch):
    gate = Gate(monkeypatch, exchange, "write_package")
    target = demo_path.with_name("package.zip")
    window.review.write_my_package(target)
    cancel_held(qtbot, window, gate, lambda: window.review.progress)
    assert not target.exists()


def test_a_studies_import_cancelled_adds_no_study(qtbot, window, demo_path, monkeypatch):
    gate = Gate(monkeypatch, studies, "import_studies")
    csv = demo_path.with_name("more.csv")
    csv.write_text("label,year\nNew et al 2021,2021\nOther et al 2022,2022\n", encoding="utf-8")
    before = dump(demo_path)
    window.study_files.import_studies(csv)
    cancel_held(qtbot, window, gate, lambda: window.study_files.progress)
    assert dump(demo_path) == before


def test_save_a_copy_cancelled_leaves_no_file(qtbot, window, demo_path, monkeypatch):
    gate = Gate(monkeypatch, projects, "save_copy")
    target = demo_path.with_name("copy.extractor")
    monkeypatch.setattr("extractor.gui.file_dialogs.save_file", lambda *args, **kwargs: target)
    window.save_copy()
    cancel_held(qtbot, window, gate, lambda: window.progress)
    assert not target.exists()
    assert not list(demo_path.parent.glob(".copy.extractor*"))
