import pytest
from PySide6.QtCore import Qt

from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, demo_path):
    opened = MainWindow(ProjectFile.open(demo_path))
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    yield opened
    opened.close()


def shown_labels(window):
    proxy = window.proxy
    return [proxy.index(row, 1).data() for row in range(proxy.rowCount())]


def test_the_demo_shows_its_eleven_studies_in_reference_order(window):
    labels = shown_labels(window)
    assert len(labels) == 11
    assert labels[0] == "Kolev et al" and labels[-1] == "Wong et al"
    headers = [window.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Ref.", "Study", "PDFs", "Alice Moreau", "Ben Okafor"]
    assert not window.empty_hint.isVisible()
    assert "Biologics in autoimmune hepatitis" in window.windowTitle()


def test_typing_a_filter_narrows_the_list(window, qtbot):
    qtbot.keyClicks(window.filter_box, "in progress")
    assert sorted(shown_labels(window)) == ["Santos et al", "Zarrabi et al"]
    window.filter_box.clear()
    assert len(shown_labels(window)) == 11


def test_clicking_a_study_shows_its_citation_and_documents(window, qtbot):
    row = shown_labels(window).index("Jenkins et al")
    rect = window.table.visualRect(window.proxy.index(row, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = window.details.toPlainText()
    assert "Jenkins et al" in text
    assert "Jenkins.pdf (1 page)" in text
    assert "Ben Okafor, complete" in text


def test_closing_the_window_closes_the_project(qtbot, demo_path):
    window = MainWindow(ProjectFile.open(demo_path))
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert not window.project.is_open
    wal = demo_path.with_name(demo_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_an_empty_project_says_what_to_do(qtbot, project):
    window = MainWindow(project)
    qtbot.addWidget(window)
    window.show()
    assert window.empty_hint.isVisible()
    assert "Import studies" in window.empty_hint.text()
