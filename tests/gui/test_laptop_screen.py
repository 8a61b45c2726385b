"""The window on a 13-inch laptop's 1280×800 screen: nothing a reviewer needs is cut
off or squeezed out of sight."""

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QToolBar, QToolButton, QWidget

from extractor.app.desktop import AppConfig
from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile

pytestmark = pytest.mark.gui


@pytest.fixture
def laptop(qtbot, demo_path):
    window = MainWindow(ProjectFile.open(demo_path), AppConfig.load(), first_start=True)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.studies.proxy.rowCount() == 11 and bool(window.forms.pages))
    window.studies.table.selectRow(0)
    qtbot.waitUntil(lambda: window.controller.loaded_study_id is not None)
    qtbot.waitUntil(lambda: window.pdf.view.page_count > 0)
    yield window
    window.close()


def inside(widget: QWidget, area: QWidget) -> bool:
    """Whether the whole of a widget lies within another's rectangle on screen."""
    top_left = widget.mapTo(area, QPoint(0, 0))
    return QRect(QPoint(0, 0), area.size()).contains(QRect(top_left, widget.size()))


def test_every_pdf_button_is_on_screen_and_the_page_opens_readable(laptop):
    for bar in laptop.pdf.findChildren(QToolBar):
        for button in bar.findChildren(QToolButton):
            if button.isVisible() and button.defaultAction() is not None:
                assert inside(button, laptop), button.defaultAction().text()
    texts = {
        b.defaultAction().text()
        for bar in laptop.pdf.findChildren(QToolBar)
        for b in bar.findChildren(QToolButton)
        if b.isVisible() and b.defaultAction() is not None
    }
    assert {"Use as value", "Add as evidence"} <= texts
    assert laptop.pdf.view.zoom >= 0.65  # fit width leaves a page readable


def test_no_form_squeezes_a_field_out_of_sight(qtbot, laptop):
    for key, page in laptop.forms.pages.items():
        laptop.forms.setCurrentWidget(page)
        qtbot.waitUntil(page.isVisible)
        viewport = page._scroll.viewport()
        for field_key, row in page.rows.items():
            if not row.isVisibleTo(page):
                continue
            editor = row.editor.table if hasattr(row.editor, "table") else row.editor.widget
            left = editor.mapTo(viewport, QPoint(0, 0)).x()
            assert left >= 0 and left + editor.width() <= viewport.width(), (key, field_key)


def test_a_reason_to_depart_is_asked_only_where_a_rule_proposes(qtbot, laptop):
    laptop.review.add_rob_tool("ROB2")
    qtbot.waitUntil(lambda: "rob2" in laptop.forms.pages)
    checklist, rob2 = laptop.forms.pages["jbi_cr"], laptop.forms.pages["rob2"]
    assert not any(
        row.isVisibleTo(checklist) for key, row in checklist.rows.items() if "override" in key
    )
    assert all(row.isVisibleTo(rob2) for key, row in rob2.rows.items() if "override" in key)
