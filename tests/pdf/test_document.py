import pymupdf
import pytest

from extractor.core.errors import InputError
from extractor.core.selection import quote_of, select_words
from extractor.pdf.document import MAX_PAGE_PIXELS, PdfDocument
from extractor.pdf.inspect import inspect_pdf

from pdfs import damaged_pdf, encrypted_pdf, scanned_pdf, text_pdf, truncated_pdf


def test_pages_words_rendering_and_search():
    document = PdfDocument.open(text_pdf(3), "t.pdf")
    assert document.page_count == 3 and document.has_text()
    assert document.true_size(0) == (595.0, 842.0) and document.crop_sizes() == [(595.0, 842.0)] * 3
    words = document.words(1)
    assert [w.text for w in words[:3]] == ["Page", "2.", "Patients"]
    page = document.render(0, 0.5)
    assert (page.width, page.height) == (298, 421)
    assert len(page.samples) == page.stride * page.height
    hits = document.search("switzerland")
    assert [hit.page for hit in hits] == [0, 1, 2]
    document.close()


def test_dragging_selects_words_in_reading_order():
    words = PdfDocument.open(text_pdf(1), "t.pdf").words(0)
    treated = next(w for w in words if w.text == "treated")
    switzerland = next(w for w in words if w.text.startswith("Switzerland"))
    chosen = select_words(
        words, (switzerland.x1 - 1, switzerland.y0 + 2), (treated.x0 + 1, treated.y0 + 2)
    )
    assert quote_of(chosen) == "treated in Switzerland"  # dragged backwards; no final stop


def test_quotes_are_normalised():
    from extractor.core.selection import Word

    words = [Word(0, 0, 10, 10, "ﬁbrosis", 0), Word(12, 0, 20, 10, "grade\u00a0 2", 1)]
    assert quote_of(words) == "fibrosis grade 2"


def test_a_scanned_pdf_has_no_text_layer():
    document = PdfDocument.open(scanned_pdf(), "scan.pdf")
    assert not document.has_text()
    assert inspect_pdf(scanned_pdf(), "scan.pdf").has_text is False


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "the file is empty"),
        (b"Hello, I am a text file" * 10, "not a PDF file"),
        (damaged_pdf(), "the PDF is damaged"),
        (truncated_pdf(), "the file is truncated"),
        (encrypted_pdf(), "the PDF is protected by a password"),
    ],
)
def test_unreadable_files_are_refused_by_name(data, problem):
    with pytest.raises(InputError, match=f"bad.pdf: {problem}"):
        PdfDocument.open(data, "bad.pdf")
    with pytest.raises(InputError, match=f"bad.pdf: {problem}"):
        inspect_pdf(data, "bad.pdf")


def test_a_page_too_large_to_draw_at_a_scale_is_drawn_smaller():
    document = pymupdf.open()
    document.new_page(width=14400, height=7200)
    big = PdfDocument.open(document.tobytes(), "poster.pdf")
    drawn = big.render(0, 2.0)
    assert drawn.width * drawn.height <= MAX_PAGE_PIXELS
    assert drawn.scale < 2.0 and abs(drawn.width / drawn.height - 2) < 0.01
    big.close()


def two_column_article() -> bytes:
    """A page as journals print it: a running header, a title across both columns,
    two columns of text, a hyphenated line break, and the publisher's footer."""
    document = pymupdf.open()
    page = document.new_page(width=612, height=792)
    page.insert_text((72, 40), "Journal of Hepatology Cases 12 (2023) 1-9", fontsize=8)
    page.insert_textbox(pymupdf.Rect(72, 70, 540, 110), "Belimumab in refractory AIH", fontsize=16)
    left = (
        "Six patients were treated. Their disease had not responded to shal-\n"
        "low courses of steroids. The last line of the left column."
    )
    right = "The first line of the right column. Ten more lines follow here."
    page.insert_textbox(pymupdf.Rect(72, 130, 300, 300), left, fontsize=10)
    page.insert_textbox(pymupdf.Rect(320, 130, 540, 300), right, fontsize=10)
    page.insert_text((72, 770), "© 2023 ACM. Permission to make digital copies", fontsize=7)
    return document.tobytes()


def test_a_selection_across_two_columns_reads_as_the_reader_reads_it():
    words = PdfDocument.open(two_column_article(), "article.pdf").words(0)
    last = next(w for w in words if w.text == "last")
    first = next(w for w in words if w.text == "first" and w.x0 > 300)
    column = next(w for w in words if w.text.startswith("column.") and w.x0 > 300)
    start = (last.x0 - 12, last.y0 + 2)  # "The last line…", left column
    end = (column.x1 - 1, column.y0 + 2)  # "…of the right column." in the right one
    chosen = select_words(words, start, end)
    assert quote_of(chosen) == (
        "The last line of the left column. The first line of the right column"
    )
    assert first in chosen
    assert not any("ACM" in w.text or "Journal" in w.text for w in chosen)


def test_a_word_broken_across_lines_is_joined_and_the_ends_are_trimmed():
    words = PdfDocument.open(two_column_article(), "article.pdf").words(0)
    their = next(w for w in words if w.text == "Their")
    steroids = next(w for w in words if w.text.startswith("steroids"))
    chosen = select_words(words, (their.x0 + 1, their.y0 + 2), (steroids.x1 - 1, steroids.y0 + 2))
    assert quote_of(chosen) == "Their disease had not responded to shallow courses of steroids"


def test_a_drag_starting_between_lines_starts_on_the_line_below():
    words = PdfDocument.open(two_column_article(), "article.pdf").words(0)
    low = next(w for w in words if w.text == "low")
    above = next(w for w in words if w.line == low.line - 1)  # "responded to shal-"
    gap = (low.x0 + 1, max(above.y1, low.y0) - 0.5)  # just above "low courses…"
    courses = next(w for w in words if w.text == "courses")
    chosen = select_words(words, gap, (courses.x1 - 1, courses.y0 + 2))
    assert quote_of(chosen) == "low courses"
