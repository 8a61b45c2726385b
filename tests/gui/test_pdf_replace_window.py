"""Study > Replace the PDF shown: the new version takes the old one's place, its
quotes found again; quotes it lacks go only after the user agreed."""

from __future__ import annotations

import pymupdf
import pytest
from PySide6.QtWidgets import QMessageBox

from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile

from helpers import dump

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, team_demo_path):
    AppConfig(profile=ReviewerProfile.new("Tess Tester")).save()
    opened = MainWindow(ProjectFile.open(team_demo_path), AppConfig.load())
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(lambda: opened.controller.loaded_study_id is not None)
    yield opened
    opened.close()


def shown_pdf(qtbot, window, label):
    """Show a study's PDF, as clicking it in the list does."""
    with ProjectFile.open(window.project.path) as project, project.reading() as repo:
        study = repo.studies.find(label)
        [document] = repo.documents.list(study.id)
        quotes = repo.documents.quotes_in(document.id)
        data = repo.documents.data(document.id)
    window.studies.select_study(study.id)
    qtbot.waitUntil(lambda: window.controller.loaded_study_id == study.id)
    qtbot.waitUntil(lambda: window.pdf.current_document() is not None)
    return document, quotes, data


def quotes_of(path, document_id):
    with ProjectFile.open(path) as project, project.reading() as repo:
        return repo.documents.quotes_in(document_id)


def test_the_published_version_with_a_cover_page_keeps_every_quote(
    qtbot, window, team_demo_path, tmp_path
):
    document, quotes, data = shown_pdf(qtbot, window, "Kolev et al")
    assert quotes
    published = pymupdf.open(stream=data, filetype="pdf")
    published.insert_page(0, text="Journal of Hepatology: accepted manuscript")
    path = tmp_path / "kolev-published.pdf"
    path.write_bytes(published.tobytes())

    window.study_files.replace_with(document, path)
    qtbot.waitUntil(lambda: "Replaced" in window.statusBar().currentMessage(), timeout=30000)
    assert window.statusBar().currentMessage() == (
        f"Replaced {document.filename} by kolev-published.pdf: "
        f"{len(quotes)} quote{'s' if len(quotes) > 1 else ''} found again"
    )
    qtbot.waitUntil(lambda: window.pdf.current_document().filename == "kolev-published.pdf")
    new = window.pdf.current_document()
    moved = quotes_of(team_demo_path, new.id)
    assert [(q.page, q.quote) for q in moved] == [(q.page + 1, q.quote) for q in quotes]


def test_quotes_the_new_file_lacks_are_listed_and_kept_unless_the_user_agrees(
    qtbot, window, team_demo_path, tmp_path
):
    document, quotes, _ = shown_pdf(qtbot, window, "Kolev et al")
    other = pymupdf.open()
    other.new_page().insert_text((72, 72), "A different article altogether.")
    path = tmp_path / "wrong.pdf"
    path.write_bytes(other.tobytes())
    before = dump(team_demo_path)

    window.study_files.replace_with(document, path)
    qtbot.waitUntil(lambda: window.study_files.report is not None, timeout=30000)
    box = window.study_files.report
    qtbot.waitUntil(box.isVisible)
    assert box.text().startswith(f"{len(quotes)} quote")
    assert quotes[0].quote in box.detailedText()
    box.button(QMessageBox.StandardButton.No).click()
    qtbot.waitUntil(lambda: "was not replaced" in window.statusBar().currentMessage())
    assert dump(team_demo_path) == before

    window.study_files.report = None
    window.study_files.replace_with(document, path)
    qtbot.waitUntil(lambda: window.study_files.report is not None, timeout=30000)
    window.study_files.report.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "Replaced" in window.statusBar().currentMessage())
    assert quotes_of(team_demo_path, document.id) == []
    qtbot.waitUntil(lambda: window.pdf.current_document().filename == "wrong.pdf")
