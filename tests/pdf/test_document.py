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
    assert quote_of(chosen) == "treated in Switzerland."


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
