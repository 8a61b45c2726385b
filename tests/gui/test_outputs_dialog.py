import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QTableWidgetItem

from extractor.app.desktop import AppConfig
from extractor.app.outputs import prisma_counts, table_settings
from extractor.gui.main_window import MainWindow
from extractor.gui.readiness_dialog import ReadinessDialog
from extractor.store.project import ProjectFile

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot, demo_path):
    window = MainWindow(ProjectFile.open(demo_path), AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.outputs.show_outputs()
    qtbot.waitUntil(lambda: window.outputs.dialog is not None)
    opened = window.outputs.dialog
    preview = opened.tables.preview
    qtbot.waitUntil(lambda: preview.pixmap() is not None and not preview.pixmap().isNull())
    yield opened
    opened.close()
    window.close()


def test_table_options_preview_and_save(qtbot, dialog, demo_path, tmp_path, monkeypatch):
    tables = dialog.tables
    first = tables.preview.pixmap().toImage()
    country = tables.columns.item(0)
    assert country.text() == "Country"
    country.setCheckState(Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: tables.preview.pixmap().toImage() != first, timeout=10000)
    target = tmp_path / "tables.pdf"
    monkeypatch.setattr(
        "extractor.gui.file_dialogs.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )
    qtbot.mouseClick(tables.save_pdf, Qt.MouseButton.LeftButton)
    # The demo has open conflicts: what the tables lack is listed first.
    qtbot.waitUntil(lambda: dialog.findChild(ReadinessDialog) is not None)
    readiness = dialog.findChild(ReadinessDialog)
    qtbot.waitUntil(readiness.isVisible)
    assert readiness.gaps.count() == 8 and not target.exists()
    qtbot.mouseClick(readiness.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    text = " ".join(pymupdf.open(target)[0].get_text().split())
    assert "Country" not in text and "Patient comorbidity" in text
    qtbot.waitUntil(lambda: dialog.session.lanes.pending() == 0)
    status = dialog.parent().statusBar()
    qtbot.waitUntil(lambda: "Wrote a draft (8 unresolved conflicts) to" in status.currentMessage())
    written = dialog.tables.findChild(QMessageBox, "written")
    assert written is not None and written.isVisible()
    assert {b.text() for b in written.buttons()} >= {"Open file", "Open folder"}
    written.close()
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        saved = table_settings(repo)
    assert "country" not in saved.fields and saved.group_by == "category"


def test_prisma_counts_are_checked_as_typed_and_saved(qtbot, dialog, demo_path):
    dialog.tabs.setCurrentWidget(dialog.prisma)
    screened = dialog.prisma.boxes["records_screened"]
    screened.setValue(340)
    assert "Records screened is 340, but identified 352" in dialog.prisma.problems.text()
    screened.setValue(350)
    assert dialog.prisma.problems.text() == "The counts add up."
    dialog.prisma.boxes["register_results"].setValue(-1)  # not reported
    qtbot.mouseClick(dialog.prisma.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.session.lanes.pending() == 0)
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        counts = prisma_counts(repo)
    assert counts.numbers["records_screened"] == 350 and counts.numbers["register_results"] is None
    assert counts.lists["dbr_excluded"][0] == ("Age criteria", 15)


def test_the_glossary_is_edited_and_kept(qtbot, dialog, demo_path):
    dialog.tabs.setCurrentWidget(dialog.glossary)
    table = dialog.glossary.table
    rows = table.rowCount()
    qtbot.mouseClick(
        next(b for b in dialog.glossary.findChildren(QPushButton) if b.text() == "Add"),
        Qt.MouseButton.LeftButton,
    )
    assert table.rowCount() == rows + 1
    table.setItem(rows, 0, QTableWidgetItem("ZZT"))
    table.setItem(rows, 1, QTableWidgetItem("zebra therapy"))
    qtbot.mouseClick(dialog.glossary.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.session.lanes.pending() == 0)
    with ProjectFile.open(demo_path) as project, project.transaction() as repo:
        assert repo.settings.get("glossary")["ZZT"] == "zebra therapy"


def test_the_synthesis_shows_sums_per_agent(qtbot, dialog):
    """The reference review's synthesis: belimumab 5 of 8 patients improved across 2
    studies, rituximab 41 of 45 across 6 once the demo's one conflict there is decided;
    typing new keys regroups."""
    synthesis = dialog.synthesis
    dialog.tabs.setCurrentWidget(synthesis)
    qtbot.waitUntil(lambda: synthesis.table.rowCount() > 0)
    by_category = table_rows(synthesis.table)
    assert list(by_category[0])[:3] == ["category", "arms.agent", "studies"]
    treated = [r for r in by_category if r["category"] == "treatment"]
    assert (
        sum(int(r["patients"]) for r in treated) == 8 + 45 + 1
    )  # belimumab, rituximab, basiliximab
    synthesis.keys.clear()
    chooser = synthesis.add_field  # fields are chosen by their labels
    chooser.setCurrentIndex(chooser.findText("Arms: Agent"))
    chooser.activated.emit(chooser.currentIndex())
    assert synthesis.keys.text() == "arms.agent"
    qtbot.waitUntil(lambda: synthesis.table.horizontalHeaderItem(0).text() == "Agent")
    rows = {row["arms.agent"]: row for row in table_rows(synthesis.table)}
    assert set(rows) == {"Belimumab", "Rituximab", "Basiliximab", "Infliximab"}
    summed = {
        agent: (row["studies"], row["improved"], row["patients"]) for agent, row in rows.items()
    }
    assert summed["Belimumab"] == ("2", "5", "8")
    # Burak et al's improved count is in conflict (6 or 4): left out of the sum, and said.
    assert summed["Rituximab"] == ("6", "35", "45")
    assert rows["Rituximab"]["improved_in_conflict"] == "1"
    assert synthesis.note.text() == "4 groups"
    titles = [
        synthesis.table.horizontalHeaderItem(c).text() for c in range(synthesis.table.columnCount())
    ]
    assert titles[:3] == ["Agent", "Studies", "Patients (sum)"]
    assert "Improved, in conflict" in titles
    assert not any("_" in title or "." in title for title in titles)  # never a key


def table_rows(table) -> list[dict[str, str]]:
    """The rows by column key (each column is titled by its label, its key kept)."""
    header = [
        table.horizontalHeaderItem(c).data(Qt.ItemDataRole.UserRole)
        for c in range(table.columnCount())
    ]
    return [
        {name: table.item(r, c).text() for c, name in enumerate(header)}
        for r in range(table.rowCount())
    ]


def test_the_preview_shows_every_page_of_the_tables(qtbot, dialog, demo_path):
    import pymupdf

    from extractor.app.outputs import render_tables, table_settings

    with ProjectFile.open(demo_path) as project:
        with project.reading() as repo:
            settings = table_settings(repo)
        data, _ = render_tables(project, settings)
    pages = pymupdf.open(stream=data, filetype="pdf").page_count
    assert pages > 1  # the demo's tables run over several pages
    preview = dialog.tables.preview
    qtbot.waitUntil(lambda: preview.toolTip() == f"{pages} pages")
    image = preview.pixmap().toImage()
    # As tall as all the pages one under another, not one page.
    assert image.height() > pages * image.width() * 0.6
