"""The first ten minutes: a first start opens the demo with a welcome panel, working
as one of the demo's reviewers, never as an empty third one."""

import pytest
from PySide6.QtCore import Qt

from extractor.app.desktop import AppConfig, demo_project_path
from extractor.gui import file_dialogs
from extractor.gui.app import start
from extractor.store.project import ProjectFile

pytestmark = pytest.mark.gui


def test_a_first_start_opens_the_demo_beside_a_welcome_panel(qtbot, monkeypatch):
    assert AppConfig.load() == AppConfig()  # no settings at all
    window = start(None)
    qtbot.addWidget(window)
    assert window.project.path == demo_project_path()
    assert window.desktop.welcome is not None and window.desktop.welcome.isVisible()
    qtbot.waitUntil(lambda: window.studies.proxy.rowCount() == 11)
    assert AppConfig.load().first_start_done

    asked = []
    monkeypatch.setattr(
        "extractor.gui.profile_dialog.ProfileDialog.exec",
        lambda dialog: asked.append(dialog.windowTitle()) or 0,
    )
    qtbot.waitUntil(lambda: window.controller.loaded_study_id is not None)
    assert window.owner_box.currentText() == "Alice Moreau (you)"
    assert [window.owner_box.itemText(n) for n in range(window.owner_box.count())] == [
        "Alice Moreau (you)",
        "Ben Okafor",
    ]
    assert not window.desktop.welcome.is_done("study")  # the first study was selected for the user
    window.studies.table.selectRow(1)
    qtbot.waitUntil(lambda: window.desktop.welcome.is_done("study"))
    qtbot.waitUntil(lambda: window.controller.loaded_study_id == window.studies.selected_study_id())
    page = window.forms.pages["aih"]
    assert page.owner_label.text() == "Answers of Alice Moreau"
    country = page.editor("country").edit
    assert country.text() == "Greece"  # Alice's own answer, ready to work on
    country.clear()
    qtbot.mouseClick(country, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(country, "Hellenic Republic")
    qtbot.keyClick(country, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: page.rows["country"].state.text() == "✓ Saved")
    assert asked == []  # no profile question in the middle of the work
    assert AppConfig.load().profile is None
    with ProjectFile.open(window.project.path) as project, project.reading() as repo:
        alice, study = repo.reviewers.find("Alice Moreau"), repo.studies.find("Arvaniti et al")
        answers = repo.answers.load(study.id, repo.forms.get("aih"), alice.id)
        assert answers.values["country"] == "Hellenic Republic"
        assert [r.name for r in repo.reviewers.list()] == ["Alice Moreau", "Ben Okafor"]

    monkeypatch.setattr(
        "extractor.gui.main_window.QInputDialog.getItem", lambda *a, **k: ("Ben Okafor", True)
    )
    assert window.work_as_action.isVisible()
    window.work_as_action.trigger()
    qtbot.waitUntil(lambda: window.owner_box.itemText(0) == "Ben Okafor (you)")
    qtbot.waitUntil(lambda: page.owner_label.text() == "Answers of Ben Okafor")
    window.close()


def test_a_second_start_opens_the_last_project_without_the_welcome(qtbot):
    first = start(None)
    qtbot.addWidget(first)
    first.close()
    second = start(None)
    qtbot.addWidget(second)
    assert second.project.path == demo_project_path() and second.desktop.welcome is None
    second.close()


def test_help_settings_and_empty_states(qtbot, monkeypatch):
    window = start(None)
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    labels = [a.text() for a in help_menu.actions()]
    assert "&User guide" in labels and "&About Extractor" in labels
    next(a for a in help_menu.actions() if a.text() == "&User guide").trigger()
    assert "Extractor user guide" in window.desktop.open_dialog.text.toPlainText()
    next(a for a in help_menu.actions() if a.text() == "&Keyboard shortcuts").trigger()
    assert "Use as value" in window.desktop.open_dialog.text.toPlainText()
    next(a for a in help_menu.actions() if a.text() == "&About Extractor").trigger()
    about = window.desktop.open_dialog.text.toPlainText()
    assert "GNU Affero General Public License" in about and "PyMuPDF" in about

    from extractor.gui.settings_dialog import SettingsDialog

    def accept(dialog):
        dialog.name.setText("Sam Settings")
        dialog.page_size.setCurrentText("Letter")
        dialog.backup.setValue(0)
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", accept)
    window.desktop.edit_settings()
    saved = AppConfig.load()
    assert (saved.profile.name, saved.page_size, saved.backup_minutes) == (
        "Sam Settings",
        "Letter",
        0,
    )
    assert not window.desktop.backups.isActive()
    window.close()


def test_a_new_project_takes_the_page_size_and_a_form_from_the_menu(
    qtbot, monkeypatch, tmp_path, demo_path
):
    import json

    import extractor.gui.desktop_controller as desktop
    from extractor.app.outputs import table_settings
    from extractor.gui.main_window import MainWindow
    from extractor.store.project import ProjectFile

    window = MainWindow(ProjectFile.open(demo_path), AppConfig(page_size="Letter"))
    qtbot.addWidget(window)
    window.show()
    target = tmp_path / "Mine.extractor"
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    monkeypatch.setattr(desktop.QInputDialog, "getText", lambda *a, **k: ("My review", True))
    window.desktop.new_project()
    qtbot.waitUntil(lambda: window.project.path == target)
    qtbot.waitUntil(lambda: window.windowTitle().startswith("My review"))
    with window.project.transaction() as repo:
        assert table_settings(repo).page_size == "Letter"

    form = tmp_path / "outcomes.json"
    form.write_text(
        json.dumps(
            {
                "key": "outcomes",
                "name": "Outcomes",
                "version": 1,
                "sections": [
                    {
                        "title": "Outcome",
                        "fields": [{"key": "alt", "label": "ALT", "type": "decimal"}],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getOpenFileName", lambda *a, **k: (str(form), "")
    )
    import_action = next(
        a
        for menu in window.menuBar().actions()
        for a in menu.menu().actions()
        if a.text() == "&Import form…"
    )
    import_action.trigger()
    qtbot.waitUntil(lambda: "outcomes" in window.forms.pages)
    window.close()
    with ProjectFile.open(target) as project, project.transaction() as repo:
        assert [f.key for f in repo.forms.list()] == ["characteristics", "outcomes"]


def test_opening_another_project_closes_what_belonged_to_the_last_and_the_welcome_follows(
    qtbot, tmp_path
):
    from extractor.app.project import create_project
    from extractor.gui.readiness_dialog import ReadinessDialog

    window = start(None)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.studies.proxy.rowCount() == 11)
    assert "This is a demo review" in window.desktop.welcome.intro.text()
    window.outputs.check_then_export(tmp_path / "outputs")  # the demo has open conflicts
    qtbot.waitUntil(lambda: window.findChild(ReadinessDialog) is not None)
    readiness = window.findChild(ReadinessDialog)
    qtbot.waitUntil(readiness.isVisible)
    mine = tmp_path / "mine.extractor"
    create_project(mine, "Statins and myopathy").close()
    window.open_project(mine)
    qtbot.waitUntil(lambda: window.project.path == mine)
    qtbot.waitUntil(lambda: not readiness.isVisible())
    qtbot.waitUntil(lambda: "Statins and myopathy" in window.desktop.welcome.intro.text())
    assert not (tmp_path / "outputs").exists()
    window.close()
