import pymupdf
import pytest
from PySide6.QtCore import Qt

from extractor.app.desktop import AppConfig
from extractor.app.outputs import prisma_counts, table_settings
from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot, demo_path):
    window = MainWindow(ProjectFile.open(demo_path), AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.show_outputs()
    qtbot.waitUntil(lambda: getattr(window, "_outputs_dialog", None) is not None)
    opened = window._outputs_dialog
    qtbot.waitUntil(
        lambda: opened.preview.pixmap() is not None and not opened.preview.pixmap().isNull()
    )
    yield opened
    opened.close()
    window.close()


def test_table_options_preview_and_save(qtbot, dialog, demo_path, tmp_path, monkeypatch):
    first = dialog.preview.pixmap().toImage()
    country = dialog.columns.item(0)
    assert country.text() == "Country"
    country.setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: dialog.preview.pixmap().toImage() != first, timeout=10000)
    target = tmp_path / "tables.pdf"
    monkeypatch.setattr(
        "extractor.gui.outputs_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )
    qtbot.mouseClick(dialog.save_pdf, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    text = " ".join(pymupdf.open(target)[0].get_text().split())
    assert "Country" not in text and "Patient comorbidity" in text
    qtbot.waitUntil(lambda: dialog.runner.pending() == 0)
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        saved = table_settings(repo)
    assert "country" not in saved.fields and saved.group_by == "category"


def test_prisma_counts_are_checked_as_typed_and_saved(qtbot, dialog, demo_path):
    dialog.tabs.setCurrentIndex(3)
    screened = dialog.prisma_boxes["records_screened"]
    screened.setValue(340)
    assert "Records screened is 340, but identified 352" in dialog.prisma_problems.text()
    screened.setValue(350)
    assert dialog.prisma_problems.text() == "The counts add up."
    dialog.prisma_boxes["register_results"].setValue(-1)  # not reported
    save = next(b for b in dialog.findChildren(type(dialog.save_pdf)) if b.text() == "Save counts")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.pending() == 0)
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        counts = prisma_counts(repo)
    assert counts.numbers["records_screened"] == 350 and counts.numbers["register_results"] is None
    assert counts.lists["dbr_excluded"][0] == ("Age criteria", 15)


def test_the_glossary_is_edited_and_kept(qtbot, dialog, demo_path):
    dialog.tabs.setCurrentIndex(2)
    rows = dialog.glossary.rowCount()
    dialog.glossary.insertRow(rows)
    from PySide6.QtWidgets import QTableWidgetItem

    dialog.glossary.setItem(rows, 0, QTableWidgetItem("ZZT"))
    dialog.glossary.setItem(rows, 1, QTableWidgetItem("zebra therapy"))
    save = next(
        b for b in dialog.findChildren(type(dialog.save_pdf)) if b.text() == "Save glossary"
    )
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.runner.pending() == 0)
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        assert repo.settings.get("glossary")["ZZT"] == "zebra therapy"


def test_the_synthesis_shows_sums_per_agent(qtbot, dialog):
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.synthesis_table.rowCount() > 0)
    header = [
        dialog.synthesis_table.horizontalHeaderItem(c).text()
        for c in range(dialog.synthesis_table.columnCount())
    ]
    assert header[:3] == ["category", "arms.agent", "studies"]
    dialog.synthesis_keys.setText("arms.agent")
    qtbot.keyClick(dialog.synthesis_keys, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.synthesis_table.horizontalHeaderItem(0).text() == "arms.agent")
    agents = [
        dialog.synthesis_table.item(r, 0).text() for r in range(dialog.synthesis_table.rowCount())
    ]
    assert agents == ["Belimumab", "Rituximab", "Basiliximab", "Infliximab"]
