"""Review > Search the PDFs…: the PDFs are indexed on first use, hits are listed by
study and page, and opening one shows its page with the words highlighted."""

from __future__ import annotations

import pymupdf
import pytest
from PySide6.QtCore import Qt

from windows import open_window, trigger

from helpers import run_cli

pytestmark = pytest.mark.gui


def article(*pages: str) -> bytes:
    document = pymupdf.open()
    for text in pages:
        document.new_page().insert_text((72, 72), text, fontsize=11)
    return document.tobytes()


@pytest.fixture
def window(qtbot, tmp_path, capsys):
    project = tmp_path / "review.extractor"
    run_cli(capsys, "new", project, "--title", "Biologics in AIH")
    for label, year in (("Kolev et al", "2023"), ("Burak et al", "2013")):
        run_cli(capsys, "study", "add", project, "--label", label, "--year", year)
    (tmp_path / "Kolev2023.pdf").write_bytes(
        article("Methods and patients.", "Belimumab was given weekly.", "Belimumab again.")
    )
    (tmp_path / "Burak2013.pdf").write_bytes(article("Rituximab 1000 mg on days 1 and 15."))
    run_cli(
        capsys, "import", "pdfs", project, tmp_path / "Kolev2023.pdf", tmp_path / "Burak2013.pdf"
    )
    opened = open_window(qtbot, project)
    qtbot.waitUntil(lambda: opened.studies.selected_study_id() is not None)
    yield opened
    if opened.project.is_open:
        opened.close()


def shown(window):
    document = window.pdf.current_document()
    return None if document is None else document.filename


def test_a_hit_opens_its_page_with_the_words_highlighted(qtbot, window):
    window.studies.step(+1)  # Burak et al: the result must bring its own study
    qtbot.waitUntil(lambda: shown(window) == "Burak2013.pdf")
    trigger(window, "Review", "Search the PDFs…")
    dialog = window.review.search_dialog
    qtbot.keyClicks(dialog.query, "belimumab")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    assert "2 PDFs indexed" in dialog.status.text()
    pages = [dialog.table.item(row, 2).text() for row in range(2)]
    assert sorted(pages) == ["2", "3"]  # best match first
    assert {dialog.table.item(row, 0).text() for row in range(2)} == {"Kolev et al"}
    second = pages.index("2")
    assert "[Belimumab] was given weekly." in dialog.table.item(second, 3).toolTip()
    assert "<b>Belimumab</b> was given weekly." in dialog.table.cellWidget(second, 3).text()

    third = pages.index("3")
    dialog.table.setCurrentCell(third, 0)
    dialog.table.cellActivated.emit(third, 0)
    view = window.pdf.view
    qtbot.waitUntil(lambda: len(view.hits) == 2)
    assert window.pdf.find_box.text() == "Belimumab"
    assert shown(window) == "Kolev2023.pdf"
    assert view.hits[view._hit].page == 2  # the third page: the hit opened, not the first

    dialog.query.setText('"unclosed')
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "cannot be read" in dialog.status.text())
