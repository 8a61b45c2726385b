"""A PDF opened with PyMuPDF: page sizes, rendering, words with boxes, search.

A PdfDocument is not thread-safe (nor is PyMuPDF): one thread owns it.
Rendering returns raw RGB bytes; turning them into images is the GUI's job.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pymupdf

from extractor.core.errors import InputError, PasswordError
from extractor.core.selection import Word, reading_order

# MuPDF reports every oddity it repairs on stdout; a reviewer reads our messages instead.
pymupdf.TOOLS.mupdf_display_errors(False)  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
pymupdf.TOOLS.mupdf_display_warnings(False)  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF

TEXT_PROBE_PAGES = 5
EOF_MARKER = b"%%EOF"
MAX_PAGE_PIXELS = 24_000_000  # about 72 MB of RGB: an A4 page at 600 % on a 96 dpi screen
PDF_MAGIC = b"%PDF-"


DAMAGED = "the PDF is damaged and cannot be read (save or download it again)"
PASSWORD_NEEDED = "the PDF is protected by a password; give the password to attach it"
PASSWORD_WRONG = "the PDF is protected by a password, and the password given is not right"


@dataclass(frozen=True)
class RenderedPage:
    page: int  # 0-based
    scale: float  # device pixels per PDF point, as drawn
    width: int
    height: int
    stride: int
    samples: memoryview  # RGB, 3 bytes a pixel, valid while `pixmap` lives
    pixmap: object


@dataclass(frozen=True)
class SearchHit:
    page: int  # 0-based
    rect: tuple[float, float, float, float]


class PdfDocument:
    def __init__(self, document: pymupdf.Document, source: str, locked: bool = False) -> None:
        self._document = document
        self.source = source
        self.locked = locked  # it opened only with its password
        self._words: dict[int, list[Word]] = {}

    @classmethod
    def open(cls, data: bytes, source: str, password: str | None = None) -> PdfDocument:
        """Open PDF bytes; a clear InputError for empty, non-PDF, damaged files, and
        a PasswordError for a protected one without its right password."""
        if not data:
            raise InputError.at(source, None, "the file is empty")
        if PDF_MAGIC not in data[:1024]:
            raise InputError.at(source, None, "not a PDF file")
        # A file cut short lacks the end marker (junk may follow it) and still holds
        # objects, or is cut before its first one.
        if EOF_MARKER not in data[-32768:] and (b" obj" in data or len(data) < 1024):
            raise InputError.at(
                source,
                None,
                "the file is truncated: it ends before the PDF does (copy or download it again)",
            )
        try:
            document = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
        except Exception:  # MuPDF raises several kinds for broken files
            raise InputError.at(source, None, DAMAGED) from None
        locked = bool(document.needs_pass)
        if locked and not (password and document.authenticate(password)):  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
            document.close()  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
            problem = PASSWORD_WRONG if password else PASSWORD_NEEDED
            raise PasswordError.at(source, None, problem)
        if document.page_count == 0:
            document.close()  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
            raise InputError.at(source, None, "the PDF has no pages")
        return cls(document, source, locked)

    def unlocked_bytes(self) -> bytes:
        """The document written again without encryption, so that it opens without
        the password (for every reviewer's copy of the project)."""
        unencrypted: int = pymupdf.PDF_ENCRYPT_NONE  # type: ignore[attr-defined]  # not in PyMuPDF's stubs
        data: bytes = self._document.tobytes(encryption=unencrypted)  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
        return data

    @property
    def metadata(self) -> dict[str, object]:
        return dict(self._document.metadata or {})

    @property
    def page_count(self) -> int:
        count: int = self._document.page_count
        return count

    def has_text(self) -> bool:
        """Whether the first pages carry a text layer (a scanned PDF has none)."""
        return any(self.words(n) for n in range(min(self.page_count, TEXT_PROBE_PAGES)))

    def crop_sizes(self) -> list[tuple[float, float]]:
        """Every page's size from its crop box, read without loading the pages: quick
        on a long document, but blind to a page's rotation (`true_size` sees it)."""
        crop_box = self._document.page_cropbox
        return [(box.width, box.height) for box in map(crop_box, range(self.page_count))]

    def true_size(self, page: int) -> tuple[float, float]:
        """The page's size as shown, rotation included."""
        rect = self._document[page].rect
        return (rect.width, rect.height)

    def render(self, page: int, scale: float) -> RenderedPage:
        """The page drawn at `scale` pixels per point, or at the largest scale that
        stays within MAX_PAGE_PIXELS: a poster-sized page zoomed in would otherwise
        ask for gigabytes."""
        loaded = self._document[page]
        area = loaded.rect.width * loaded.rect.height
        if area * scale * scale > MAX_PAGE_PIXELS:
            scale = math.sqrt(MAX_PAGE_PIXELS / area) * 0.998  # room for rounding up
        matrix = pymupdf.Matrix(scale, scale)  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
        pixmap = loaded.get_pixmap(matrix=matrix, alpha=False, colorspace=pymupdf.csRGB)
        return RenderedPage(
            page=page,
            scale=scale,
            width=pixmap.width,
            height=pixmap.height,
            stride=pixmap.stride,
            samples=pixmap.samples_mv,
            pixmap=pixmap,
        )

    def words(self, page: int) -> list[Word]:
        """The page's words in reading order, each with its box in PDF points."""
        if page not in self._words:
            found = self._document[page]
            raw = found.get_text("words", sort=False)  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
            self._words[page] = reading_order(raw, found.rect.width, found.rect.height)
        return self._words[page]

    def search(self, text: str, limit: int = 5000) -> list[SearchHit]:
        """Every place the text occurs (case-insensitive), page by page."""
        needle = text.strip()
        hits: list[SearchHit] = []
        if not needle:
            return hits
        for number in range(self.page_count):
            for rect in self._document[number].search_for(needle):
                hits.append(SearchHit(number, (rect.x0, rect.y0, rect.x1, rect.y1)))
                if len(hits) >= limit:
                    return hits
        return hits

    def close(self) -> None:
        self._document.close()  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
        self._words.clear()


def all_pages(
    data: bytes, width: int, limit: int, source: str = "preview"
) -> tuple[list[RenderedPage], int]:
    """The first `limit` pages of PDF bytes, each `width` pixels wide, and how many
    pages the document has (for previews of what we write ourselves)."""
    document = PdfDocument.open(data, source)
    try:
        pages = []
        for number in range(min(document.page_count, limit)):
            page_width = document.true_size(number)[0]
            pages.append(document.render(number, width / page_width))
        return pages, document.page_count
    finally:
        document.close()


def all_words(data: bytes, source: str) -> list[list[Word]]:
    """Every page's words in reading order (to find quotes again in a new version)."""
    document = PdfDocument.open(data, source)
    try:
        return [document.words(number) for number in range(document.page_count)]
    except Exception:  # a damaged content stream, found only now
        raise InputError.at(source, None, DAMAGED) from None
    finally:
        document.close()


def first_text(data: bytes, source: str, pages: int = 2) -> tuple[str, str]:
    """The words of the first pages in reading order, and the document information
    (title, subject, keywords), to tell which article a file is."""
    document = PdfDocument.open(data, source)
    try:
        words = [
            w.text
            for number in range(min(pages, document.page_count))
            for w in document.words(number)
        ]
        info = document.metadata
        return " ".join(words), " ".join(
            str(info.get(k) or "") for k in ("title", "subject", "keywords")
        )
    except Exception:  # a damaged content stream, found only now
        raise InputError.at(source, None, DAMAGED) from None
    finally:
        document.close()


def first_page(data: bytes, width: int, source: str = "preview") -> RenderedPage:
    """The first page of PDF bytes rendered `width` pixels wide (for previews)."""
    document = PdfDocument.open(data, source)
    try:
        page_width = document.true_size(0)[0]
        return document.render(0, width / page_width)
    finally:
        document.close()
