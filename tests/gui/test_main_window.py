import pytest
from PySide6.QtCore import Qt

from extractor.app.desktop import AppConfig
from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, demo_path):
    opened = MainWindow(ProjectFile.open(demo_path), AppConfig())
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    qtbot.waitUntil(lambda: opened.studies.proxy.rowCount() > 0)
    yield opened
    opened.close()


def shown_labels(window):
    proxy = window.studies.proxy
    return [proxy.index(row, 1).data() for row in range(proxy.rowCount())]


def test_the_demo_shows_its_eleven_studies_in_reference_order(window):
    labels = shown_labels(window)
    assert len(labels) == 11
    assert labels[0] == "Kolev et al" and labels[-1] == "Wong et al"
    proxy = window.studies.proxy
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["#", "Study", "PDF", "Status"]
    # One mark per form, each form named (in order) in the tooltips.
    tip = Qt.ItemDataRole.ToolTipRole
    legend = proxy.headerData(3, Qt.Orientation.Horizontal, tip)
    assert "● complete, ◐ in progress, ○ not started" in legend
    assert legend.split("\n")[1] == "Biologics in autoimmune hepatitis"
    forms = window.forms.count()
    assert proxy.index(0, 3).data() == "●●○"  # Kolev: no case report, so no JBI CR yet
    assert len(proxy.index(0, 3).data(tip).split("\n")) == forms
    assert not window.studies.empty_hint.isVisible()
    assert "Biologics in autoimmune hepatitis" in window.windowTitle()


def test_typing_a_filter_narrows_the_list(window, qtbot):
    qtbot.keyClicks(window.studies.filter_box, "wong")
    assert shown_labels(window) == ["Wong et al"]
    window.studies.filter_box.clear()
    qtbot.keyClicks(window.studies.filter_box, "25")
    assert shown_labels(window) == ["Carey et al"]
    window.studies.filter_box.clear()
    assert len(shown_labels(window)) == 11


def test_clicking_a_study_shows_its_pdf(window, qtbot):
    row = shown_labels(window).index("Jenkins et al")
    table = window.studies.table
    rect = table.visualRect(window.studies.proxy.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.pdf.documents.currentText() == "Jenkins.pdf (1 p.)")
    qtbot.waitUntil(lambda: window.pdf.view.page_count == 1)


def test_closing_the_window_closes_the_project(qtbot, demo_path):
    window = MainWindow(ProjectFile.open(demo_path), AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert not window.project.is_open
    wal = demo_path.with_name(demo_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_an_empty_project_says_what_to_do(qtbot, project):
    window = MainWindow(project, AppConfig())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.forms.pages))
    assert window.studies.empty_hint.isVisible()
    assert "Import studies" in window.studies.empty_hint.text()
    window.close()


def test_opening_another_project_and_a_file_that_is_not_one(qtbot, window, tmp_path, monkeypatch):
    other = tmp_path / "other.extractor"
    ProjectFile.create(other, "Another review").close()
    window.open_project(other)
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Another review"))
    assert window.studies.proxy.rowCount() == 0 and window.studies.empty_hint.isVisible()
    warnings = []
    monkeypatch.setattr(
        "extractor.gui.main_window.QMessageBox.warning", lambda *a: warnings.append(a[2])
    )
    notes = tmp_path / "notes.extractor"
    notes.write_text("not a project")
    window.open_project(notes)
    qtbot.waitUntil(lambda: bool(warnings))
    assert "not an Extractor project" in warnings[0]
    assert window.project.path == other and window.project.is_open
    assert notes.read_text() == "not a project"


def test_restore_from_backup_opens_the_chosen_backup_as_a_new_project(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from extractor.app.backups import back_up
    from extractor.gui.restore_dialog import RestoreDialog

    back_up(window.session.project)
    original = window.session.path
    shown = []

    def choose_first(dialog):
        shown.append([dialog.choices.item(i).text() for i in range(dialog.choices.count())])
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreDialog, "exec", choose_first)
    window.desktop.restore_from_backup()
    qtbot.waitUntil(lambda: window.session.path != original)
    assert "restored" in window.session.path.name and original.exists()
    [[line]] = shown
    assert "11 studies" in line and "answers" in line
    qtbot.waitUntil(lambda: window.studies.proxy.rowCount() == 11)


def test_value_history_shows_the_studys_changes_and_filters_by_reviewer(qtbot, window):
    table = window.studies.table
    rect = table.visualRect(window.studies.proxy.index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.current_study_label() == "Kolev et al")
    window.review.show_history(window.current_study_label())
    qtbot.waitUntil(lambda: window.review.history_dialog is not None)
    dialog = window.review.history_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0)
    studies = {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())}
    assert studies == {"Kolev et al"}
    everyone = dialog.table.rowCount()
    dialog.reviewer.setCurrentText("Alice Moreau")
    qtbot.waitUntil(lambda: dialog.table.rowCount() < everyone)
    who = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert who == {"Alice Moreau"}
    assert "newest first" in dialog.summary.text()
