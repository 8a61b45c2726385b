"""Export all from the window: on its own lane, with progress, cancellable, and
never in the way of a reviewer saving an answer."""

import json
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

import extractor.app.export_all as exporting
from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.gui.main_window import MainWindow
from extractor.gui.readiness_dialog import ReadinessDialog
from extractor.store.project import ProjectFile

pytestmark = pytest.mark.gui


class Gate:
    """Holds Export all after its first file (and its report of it) until the test
    opens it, so that what the window does meanwhile is observed, not raced."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached, self.opened = threading.Event(), threading.Event()
        self.seen: list[tuple[int, int, str]] = []
        real = exporting.export_all

        def held(project, folder, source, progress):
            def report(done: int, total: int, name: str) -> None:
                self.seen.append((done, total, name))
                progress(done, total, name)
                if done == 1:
                    self.reached.set()
                    self.opened.wait(30)

            return real(project, folder, source, report)

        monkeypatch.setattr(exporting, "export_all", held)


@pytest.fixture
def window(qtbot, demo_path):
    AppConfig(profile=ReviewerProfile.new("Tess Typist")).save()
    opened = MainWindow(ProjectFile.open(demo_path), AppConfig.load())
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(lambda: opened.controller.loaded_study_id is not None)
    yield opened
    opened.close()


def test_export_all_shows_progress_while_a_reviewer_keeps_saving(
    qtbot, window, tmp_path, monkeypatch
):
    gate = Gate(monkeypatch)
    folder = tmp_path / "outputs"
    window.outputs.export_all(folder)
    qtbot.waitUntil(gate.reached.is_set)
    progress = window.outputs.progress
    qtbot.waitUntil(lambda: progress.value() == 1 and "Writing" in progress.labelText())
    assert progress.maximum() > 10 and progress.isVisible()

    # The export is held mid-way on its lane; the reviewer goes back to the form (the
    # progress window is not modal) and an answer is still saved at once.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    country = window.forms.pages["aih"].editor("country").edit
    qtbot.mouseClick(country, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(country, " (north)")
    qtbot.keyClick(country, Qt.Key.Key_Tab)
    page = window.forms.pages["aih"]
    qtbot.waitUntil(lambda: page.rows["country"].state.text() == "✓ Saved")
    assert window.session.lanes.job.pending() == 1 and not (folder / "manifest.json").exists()

    gate.opened.set()
    qtbot.waitUntil(
        lambda: (
            "Wrote a draft of the outputs (8 unresolved conflicts)"
            in window.statusBar().currentMessage()
        ),
        timeout=30000,
    )
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    written = [entry["file"] for entry in manifest["files"]]
    assert [name for done, _, name in gate.seen[:-1]] == written
    assert gate.seen[-1][:2] == (len(written), len(written))
    assert not progress.isVisible()


def test_export_all_can_be_cancelled_and_leaves_no_folder_nor_file(
    qtbot, window, tmp_path, monkeypatch
):
    gate = Gate(monkeypatch)
    folder = tmp_path / "outputs"
    window.outputs.export_all(folder)
    qtbot.waitUntil(gate.reached.is_set)
    cancel = window.outputs.progress.findChild(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert window.outputs.export_control.cancelled
    gate.opened.set()
    qtbot.waitUntil(lambda: window.session.lanes.pending() == 0, timeout=30000)
    assert window.statusBar().currentMessage() == "Export cancelled"
    # The outputs were built beside the folder and are gone with the cancel.
    assert not folder.exists()
    assert not list(tmp_path.glob(".outputs.building-*"))


def test_before_export_all_the_window_lists_what_the_outputs_lack_and_goes_to_it(
    qtbot, window, tmp_path
):
    folder = tmp_path / "outputs"
    window.outputs.check_then_export(folder)
    qtbot.waitUntil(lambda: window.findChild(ReadinessDialog) is not None)
    dialog = window.findChild(ReadinessDialog)
    qtbot.waitUntil(dialog.isVisible)
    lines = [dialog.gaps.item(n).text() for n in range(dialog.gaps.count())]
    assert len(lines) == 8 and all(
        "unresolved conflict (Alice Moreau and Ben Okafor)" in line for line in lines
    )
    wong = next(n for n, line in enumerate(lines) if line.startswith("Wong et al"))
    item = dialog.gaps.item(wong)
    dialog.gaps.setCurrentItem(item)
    qtbot.keyClick(dialog.gaps, Qt.Key.Key_Return)  # goes to the study and the field
    qtbot.waitUntil(lambda: window.controller.loaded_study_id is not None)
    assert window.studies.selected_study_id() == item.data(Qt.ItemDataRole.UserRole).study_id
    assert window.forms.currentWidget() is window.forms.pages["aih"]
    assert not folder.exists()  # nothing exported until asked
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (folder / "manifest.json").exists(), timeout=30000)
    assert json.loads((folder / "manifest.json").read_text())["draft"].startswith("Draft: 8")
