"""The render process's request handling, driven in this process."""

from multiprocessing.shared_memory import SharedMemory

import pymupdf
import pytest

from extractor.pdf.layout import Viewport, fitted_zoom, render_scale
from extractor.pdf.render_service import FREE_SLOTS_KEPT, RenderService

from pdfs import damaged_pdf, text_pdf

VIEWPORT = Viewport("width", 1.0, 900, 1000, 1.0)


@pytest.fixture
def service():
    replies = []
    opened = RenderService(replies.append)
    opened.replies = replies
    yield opened
    opened.close()


def ask(service, *message):
    if service.note(message):
        service.handle(message)


def kinds(service):
    return [reply[0] for reply in service.replies]


def test_opening_says_the_page_sizes_then_brings_the_first_page(service):
    ask(service, "open", 1, 1, text_pdf(3), "study.pdf", VIEWPORT)
    assert kinds(service) == ["opened", "rendered"]
    _, channel, generation, sizes = service.replies[0]
    assert (channel, generation) == (1, 1)
    assert sizes == [(595.0, 842.0)] * 3  # A4
    _, _, _, page, scale, width, _height, stride, slot = service.replies[1]
    assert page == 0 and scale == render_scale(fitted_zoom(VIEWPORT, 595, 842), 1.0)
    assert abs(width - 595 * scale) <= 1 and stride == 3 * width
    memory = SharedMemory(name=slot)
    try:
        corner = bytes(memory.buf[:3])
        assert corner == b"\xff\xff\xff"  # the page's white margin
    finally:
        memory.close()


def test_a_document_replaced_before_its_turn_is_never_opened(service):
    first = ("open", 1, 1, text_pdf(2), "old.pdf", VIEWPORT)
    second = ("open", 1, 2, text_pdf(2), "new.pdf", VIEWPORT)
    for message in (first, second):  # both waiting, as when a reviewer clicks quickly
        assert service.note(message)
    service.handle(first)
    assert service.replies == []
    service.handle(second)
    assert [reply[2] for reply in service.replies] == [2, 2]


def test_only_pages_still_wanted_are_drawn(service):
    ask(service, "open", 1, 1, text_pdf(5), "study.pdf", None)
    scale = 1.5
    ask(service, "wanted", 1, frozenset({(1, 3, scale)}))
    ask(service, "render", 1, 1, 2, scale)  # scrolled away before its turn
    ask(service, "render", 1, 1, 3, scale)
    ask(service, "render", 1, 0, 3, scale)  # an older document's
    drawn = [reply[3] for reply in service.replies if reply[0] == "rendered"]
    assert drawn == [3]


def test_image_blocks_are_reused_and_the_spare_ones_let_go(service):
    ask(service, "open", 1, 1, text_pdf(8), "study.pdf", None)
    pages = range(FREE_SLOTS_KEPT + 2)
    ask(service, "wanted", 1, frozenset((1, page, 1.0 + page / 10) for page in pages))
    for page in pages:  # growing sizes: none fits in another's block...
        ask(service, "render", 1, 1, page, 1.0 + page / 10)
    slots = [reply[-1] for reply in service.replies if reply[0] == "rendered"]
    assert len(set(slots)) == len(slots)
    for slot in slots:  # ...until they come back
        ask(service, "release", slot)
    dropped = [reply[1] for reply in service.replies if reply[0] == "dropped"]
    assert len(dropped) == len(slots) - FREE_SLOTS_KEPT
    ask(service, "render", 1, 1, 0, 1.0)
    assert service.replies[-1][-1] in set(slots) - set(dropped)


def test_words_search_and_the_text_check_answer_for_the_open_document(service):
    ask(service, "open", 1, 1, text_pdf(2), "study.pdf", None)
    ask(service, "words", 1, 1, 0)
    ask(service, "search", 1, 1, "switzerland")
    ask(service, "text", 1, 1)
    words, searched, text = service.replies[1:]
    assert words[0] == "words" and [w.text for w in words[4][:2]] == ["Page", "1."]
    assert searched[0] == "searched" and [hit.page for hit in searched[4]] == [0, 1]
    assert text == ("text", 1, 1, True)


def test_a_damaged_file_is_named_in_the_failure(service):
    ask(service, "open", 1, 1, damaged_pdf(), "broken.pdf", VIEWPORT)
    assert kinds(service) == ["failed"]
    assert "broken.pdf" in service.replies[0][3]


def test_a_document_asked_for_right_after_a_close_is_opened(service):
    waiting = [("close", 1), ("open", 1, 3, text_pdf(1), "next.pdf", None)]
    for message in waiting:
        assert service.note(message)
    for message in waiting:
        service.handle(message)
    assert kinds(service) == ["opened"]


def test_channels_keep_their_own_documents(service):
    ask(service, "open", 1, 1, text_pdf(2), "one.pdf", None)
    ask(service, "open", 2, 1, text_pdf(4), "two.pdf", None)
    ask(service, "leave", 1)
    ask(service, "words", 1, 1, 0)  # closed: no answer
    ask(service, "words", 2, 1, 3)
    assert [reply[:4] for reply in service.replies[2:]] == [("words", 2, 1, 3)]


def test_pages_of_another_size_or_turned_are_corrected_after_the_first_page(service):
    document = pymupdf.open()
    document.new_page(width=595, height=842)
    document.new_page(width=842, height=595)  # a landscape table
    document.new_page(width=595, height=842).set_rotation(90)  # turned: its crop box says portrait
    ask(service, "open", 1, 1, document.tobytes(), "mixed.pdf", VIEWPORT)
    assert kinds(service) == ["opened", "rendered", "sizes"]
    assert service.replies[0][3] == [(595.0, 842.0)] * 3  # told at once: the first page's size
    assert service.replies[2][3] == {1: (842.0, 595.0)}
    ask(service, "wanted", 1, frozenset({(1, 2, 1.0)}))
    ask(service, "render", 1, 1, 2, 1.0)
    assert service.replies[3][0] == "sizes" and service.replies[3][3] == {2: (842.0, 595.0)}
    assert service.replies[4][0] == "rendered"


def test_the_watch_says_what_runs_and_for_which_page_until_it_ends():
    from extractor.pdf.render_service import Runaway, Watch

    watch = Watch()
    assert watch.overdue(0.0) is None  # idle
    watch.begin(("render", 4, 7, 2, 1.5))
    assert watch.overdue(3600.0) is None  # still within its time
    assert watch.overdue(0.0) == Runaway("render", 4, 7, 2, 0.0)
    watch.end()
    assert watch.overdue(0.0) is None
    watch.begin(("wanted", 4, frozenset()))  # taken in at once: never watched
    assert watch.overdue(0.0) is None
    watch.begin(("search", 4, 7, "ALT"))
    runaway = watch.overdue(0.0)
    assert runaway is not None and (runaway.kind, runaway.page) == ("search", -1)
