"""The PDF view on its own: its pages come from a render process that may die."""

import os
import signal
import sys

import pymupdf
import pytest
from PySide6.QtCore import Qt

from extractor.gui.pdf_view import PdfView
from extractor.pdf.document import MAX_PAGE_PIXELS

from pdfs import slow_page_pdf, text_pdf

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot):
    shown = PdfView()
    qtbot.addWidget(shown)
    shown.resize(700, 800)
    shown.show()
    yield shown
    shown.shutdown()


def show(qtbot, view, data, name):
    with qtbot.waitSignal(view.page_rendered):
        view.load(data, name)
    return view.renderer_pid


def test_pages_arrive_from_the_render_process(qtbot, view):
    renderer = show(qtbot, view, text_pdf(3), "three.pdf")
    assert renderer is not None and renderer != os.getpid()
    assert view.page_count == 3 and 0 in view.cached_pages()


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_a_render_process_that_dies_is_reported_and_replaced(qtbot, view):
    first = show(qtbot, view, text_pdf(3), "crashing.pdf")
    failures = []
    view.failed.connect(failures.append)
    os.kill(first, signal.SIGKILL)  # as MuPDF would take it down on a malformed file
    qtbot.waitUntil(lambda: bool(failures))
    assert "crashing.pdf" in failures[0] and "stopped" in failures[0]
    assert view.page_count == 0 and view.message == failures[0]

    second = show(qtbot, view, text_pdf(2), "next.pdf")
    assert second != first and view.page_count == 2


def test_after_quick_switches_only_the_last_document_shows(qtbot, view):
    failures = []
    view.failed.connect(failures.append)
    view.load(text_pdf(5), "first.pdf")
    view.load(text_pdf(4), "second.pdf")
    view.clear("No PDF for this study")
    view.load(text_pdf(2, "Treated in Norway."), "last.pdf")
    qtbot.waitUntil(lambda: view.page_count == 2 and 0 in view.cached_pages())
    assert view.message == "" and failures == []
    qtbot.waitUntil(lambda: view.words(1) is not None)
    assert "Norway." in [word.text for word in view.words(1)]


def test_a_landscape_page_keeps_its_shape_and_fitting_the_width_makes_room_for_it(qtbot, view):
    document = pymupdf.open()
    document.new_page(width=595, height=842)
    document.new_page(width=842, height=595)
    show(qtbot, view, document.tobytes(), "mixed.pdf")
    qtbot.waitUntil(lambda: view.page_rect(1).width() > view.page_rect(1).height())
    assert view.page_rect(0).width() < view.page_rect(1).width() <= view.viewport().width()


def test_a_poster_sized_page_zoomed_in_is_drawn_within_the_pixel_limit(qtbot, view):
    document = pymupdf.open()
    page = document.new_page(width=14400, height=14400)  # the largest page PDF allows
    page.insert_text((100, 200), "Poster", fontsize=120)
    show(qtbot, view, document.tobytes(), "poster.pdf")
    with qtbot.waitSignal(view.page_rendered, timeout=20000):
        view.set_zoom(1.0)  # 19,200 pixels square if drawn in full
    assert view.cached_pages() == [0]
    assert view.cached_bytes() <= 4 * MAX_PAGE_PIXELS  # four bytes a pixel on screen
    view.viewport().repaint()  # stretched to its place, without complaint


def test_a_page_that_takes_too_long_is_stopped_and_the_other_pages_stay(qtbot, view, monkeypatch):
    from extractor.gui.pdf_renderer import RenderProcess

    monkeypatch.setattr(RenderProcess, "runaway_seconds", 1.0)
    first = show(qtbot, view, slow_page_pdf(3, slow=1), "bomb.pdf")
    failures = []
    view.failed.connect(failures.append)
    view.set_zoom(0.25)  # all three pages in view: page 2 is asked for
    qtbot.waitUntil(lambda: view.broken_pages() == [1], timeout=15000)
    assert failures == [
        "bomb.pdf: page 2 took longer than 1 s to read, so it was stopped: the page may be "
        "damaged or made to hang a PDF reader. The other pages are shown."
    ]
    # The view goes on in a new process, with its document and its other pages.
    qtbot.waitUntil(lambda: view.renderer_pid not in (None, first), timeout=5000)
    qtbot.waitUntil(lambda: view.cached_pages() == [0, 2], timeout=5000)
    assert view.page_count == 3 and view.message == ""
    with qtbot.waitSignal(view.page_rendered):
        view.load(text_pdf(2), "next.pdf")
    assert view.broken_pages() == []


def test_a_first_page_that_takes_too_long_costs_that_page_not_the_document(
    qtbot, view, monkeypatch
):
    from extractor.gui.pdf_renderer import RenderProcess

    monkeypatch.setattr(RenderProcess, "runaway_seconds", 1.0)
    view.load(slow_page_pdf(3, slow=0), "slow-start.pdf")
    qtbot.waitUntil(lambda: view.broken_pages() == [0], timeout=15000)
    view.set_zoom(0.25)  # every page in view
    qtbot.waitUntil(lambda: view.cached_pages() == [1, 2], timeout=10000)
    assert view.page_count == 3


def test_the_keys_of_every_pdf_reader(qtbot, view):
    show(qtbot, view, text_pdf(6), "six.pdf")
    bar = view.verticalScrollBar()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert bar.value() == bar.maximum() and view.current_page == 6
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert bar.value() == 0 and view.current_page == 1
    qtbot.keyClick(view, Qt.Key.Key_Space)
    down = bar.value()
    assert 0 < down < view.viewport().height()  # a screen, less a little to read on
    qtbot.keyClick(view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert bar.value() == 0
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert bar.value() > 0


def test_find_next_brings_a_hit_into_view_across_as_well_as_down(qtbot, view):
    document = pymupdf.open()
    for _ in range(2):
        page = document.new_page()
        page.insert_text((60, 80), "Left margin text.", fontsize=11)
        page.insert_text((480, 700), "Eculizumab", fontsize=11)  # far right, low down
    show(qtbot, view, document.tobytes(), "wide.pdf")
    view.set_zoom(3.0)  # the page is far wider than the view
    with qtbot.waitSignal(view.search_finished):
        view.find("Eculizumab")
    view.next_hit()
    view.next_hit()  # the hit on page 2
    across, down = view.horizontalScrollBar(), view.verticalScrollBar()
    assert across.value() > 0 and down.value() > 0
    hit = view.page_rect(1)
    x = hit.left() + 480 * view.unit
    assert 0 <= x <= view.viewport().width()  # the word is on screen, not off to the right
