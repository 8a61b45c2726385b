"""The column of pages: where each page is at a zoom, and what a stretch shows."""

from hypothesis import given
from hypothesis import strategies as st

from extractor.pdf.layout import GAP, MARGIN, PageColumn, Viewport, fitted_zoom

A4, LANDSCAPE = (595.0, 842.0), (842.0, 595.0)


def column(sizes, unit=1.0):
    pages = PageColumn()
    pages.arrange(sizes, unit)
    return pages


def test_pages_stack_with_a_gap_and_the_widest_sets_the_width():
    pages = column([A4, LANDSCAPE, A4])
    assert pages.tops == [MARGIN, MARGIN + 842 + GAP, MARGIN + 842 + GAP + 595 + GAP]
    assert pages.content_size() == (842 + 2 * MARGIN, int(pages.tops[2] + 842 + MARGIN))


def test_narrower_pages_are_centred_at_whole_pixels():
    pages = column([A4, LANDSCAPE], unit=1.1)
    room = 1000
    left, top, width, height = pages.page_box(0, room)
    assert left == round((room - 595 * 1.1) / 2) and top == round(pages.tops[0])
    assert (width, height) == (595 * 1.1, 842 * 1.1)


def test_a_stretch_shows_the_pages_it_crosses():
    pages = column([A4] * 10)
    second = pages.tops[1]
    assert pages.pages_in(0, 500) == range(0, 1)
    assert pages.pages_in(second - 5, second + 100) == range(0, 2)
    assert pages.pages_in(pages.tops[9] + 900, pages.tops[9] + 2000) == range(9, 10)
    assert PageColumn().pages_in(0, 100) == range(0)


@given(
    st.lists(st.sampled_from([A4, LANDSCAPE]), min_size=1, max_size=30),
    st.floats(0, 1),
    st.floats(0.25, 6),
    st.floats(0.25, 6),
)
def test_the_point_at_the_top_stays_there_when_the_zoom_changes(sizes, where, before, after):
    pages = column(sizes, before)
    top = where * pages.content_size()[1]
    anchor = pages.anchor(top)
    pages.arrange(unit=after)
    page, offset = anchor
    assert pages.page_at(pages.height_of(page, offset)) == page


def test_fitting_the_width_leaves_the_margins():
    viewport = Viewport("width", 1.0, 900, 1000, 1.0)
    zoom = fitted_zoom(viewport, *A4)
    pages = column([A4], unit=zoom * 96 / 72)
    assert abs(pages.content_size()[0] - 900) <= 1
