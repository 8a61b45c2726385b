"""PDFs made by the tests themselves: long, scanned, damaged, encrypted."""

from __future__ import annotations

import pymupdf


def text_pdf(pages: int = 3, text: str = "Patients were treated in Switzerland.") -> bytes:
    document = pymupdf.open()
    for number in range(pages):
        page = document.new_page()
        page.insert_text((72, 72), f"Page {number + 1}. {text}", fontsize=11)
        page.insert_text((72, 100), "Outcome: ALT normalised in 5 of 6 patients.", fontsize=11)
    return document.tobytes()


def scanned_pdf() -> bytes:
    """A page holding only a picture: no text layer."""
    picture = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), False)
    picture.clear_with(200)
    document = pymupdf.open()
    page = document.new_page()
    page.insert_image(pymupdf.Rect(72, 72, 300, 400), pixmap=picture)
    return document.tobytes()


def scanned_text_pdf(with_text_page: bool = True) -> bytes:
    """A page of text photographed (only a picture, for OCR to read), then, with
    `with_text_page`, a page of born-digital text."""
    typed = pymupdf.open()
    page = typed.new_page()
    page.insert_text((72, 100), "Rituximab was given to six patients.", fontsize=14)
    page.insert_text((72, 130), "Transaminases normalised within three months.", fontsize=14)
    picture = page.get_pixmap(dpi=200)
    scan = pymupdf.open()
    scan.new_page(width=page.rect.width, height=page.rect.height).insert_image(
        page.rect, pixmap=picture
    )
    if with_text_page:
        second = scan.new_page()
        second.insert_text((72, 100), "Methods: born-digital text on page two.", fontsize=11)
    return scan.tobytes()


def damaged_pdf() -> bytes:
    """A PDF header followed by noise: nothing MuPDF can repair."""
    noise = bytes((index * 7919 + 13) % 251 for index in range(4000))
    return b"%PDF-1.7\n" + noise


def truncated_pdf() -> bytes:
    """The first third of a PDF: MuPDF repairs what it can and the rest is lost."""
    whole = text_pdf(2)
    return whole[: len(whole) // 3]


def encrypted_pdf() -> bytes:
    document = pymupdf.open(stream=text_pdf(1), filetype="pdf")
    return document.tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner"
    )


def slow_page_pdf(pages: int = 3, slow: int = 1) -> bytes:
    """A PDF whose page `slow` (0-based) takes minutes to draw: a few kilobytes of
    compressed strokes across the whole page, as a hostile file would carry."""
    document = pymupdf.open(stream=text_pdf(pages), filetype="pdf")
    strokes = b"0.1 w 10 10 m 580 830 l 20 700 l h S\n" * 100_000
    document.update_stream(document[slow].get_contents()[0], strokes, compress=True)
    return document.tobytes(garbage=1, deflate=True)
