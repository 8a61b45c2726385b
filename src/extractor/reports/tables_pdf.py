"""Characteristics tables as a PDF: landscape, header repeated on every page,
text wrapped inside cells, a cell taller than a page split across pages."""

from __future__ import annotations

import io
import math
import re

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape, letter, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from extractor import __version__
from extractor.core.tables import CharacteristicsTable, footnote
from extractor.reports.draft import marked
from extractor.reports.fonts import breakable, escaped, has_cjk, register_fonts

PAGE_SIZES = {"A4": A4, "Letter": letter}
MARGIN = 14 * mm
FONT_SIZE = 7.5


def tables_pdf(
    tables: list[CharacteristicsTable],
    title: str,
    page_size: str = "A4",
    landscape_pages: bool = True,
    draft: str | None = None,
) -> bytes:
    regular, bold = register_fonts()
    size = PAGE_SIZES.get(page_size, A4)
    size = landscape(size) if landscape_pages else portrait(size)
    width = size[0] - 2 * MARGIN
    cell = ParagraphStyle("cell", fontName=regular, fontSize=FONT_SIZE, leading=FONT_SIZE * 1.23)
    cjk = ParagraphStyle("cjk", parent=cell, wordWrap="CJK")  # may break between any characters
    head = ParagraphStyle("head", fontName=bold, fontSize=FONT_SIZE, leading=FONT_SIZE * 1.23)
    # The caption goes with its table, never alone at the foot of a page.
    caption = ParagraphStyle(
        "caption", fontName=bold, fontSize=10, leading=13, spaceAfter=2 * mm, keepWithNext=1
    )
    note = ParagraphStyle("note", fontName=regular, fontSize=7, leading=9)
    story: list[Flowable] = []
    page_height = size[1] - 2 * MARGIN
    for index, table in enumerate(tables):
        if index:
            story.append(PageBreak())
        widths = _widths(table, width, regular, bold)
        header = [Paragraph(markup(text), head) for text in table.headers]
        room = page_height - _height(header, widths) - ROOM_FOR_CAPTION
        body = [
            piece
            for row in table.rows
            for piece in _pieces(
                row, [Paragraph(markup(t), cjk if has_cjk(t) else cell) for t in row], widths, room
            )
        ]
        data = [header, *body]
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEABOVE", (0, 0), (-1, 0), 0.9, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEBELOW", (0, len(body)), (-1, len(body)), 0.9, colors.black),
            ("LINEBELOW", (0, 1), (-1, len(body) - 1), 0.25, colors.HexColor("#bbbbbb")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        if table.abbreviations:
            # The footnote is the table's last row, kept with the row above it, so it
            # never stands alone on a page.
            text = markup(f"Abbreviations: {footnote(table.abbreviations)}.")
            data.append([Paragraph(text, note)] + [""] * (len(header) - 1))
            last = len(data) - 1
            style += [
                ("SPAN", (0, last), (-1, last)),
                ("NOSPLIT", (0, last - 1), (-1, last)),
                ("TOPPADDING", (0, last), (-1, last), 2 * mm),
            ]
        # Rows are cut to fit a page beforehand (_pieces), so none is split by
        # reportlab: its split rows repeat the header inside a page.
        flowable = Table(data, colWidths=widths, repeatRows=1, splitInRow=0)
        flowable.setStyle(TableStyle(style))
        story.append(Paragraph(markup(table.caption), caption))
        story.append(flowable)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        creator=f"Extractor {__version__}",
        invariant=1,
    )
    document.build(story, canvasmaker=marked(draft))
    return buffer.getvalue()


ROOM_FOR_CAPTION = 16 * mm
CELL_PADDING = 3.0  # reportlab's default above and below a cell's text


def _height(row: list[Paragraph], widths: list[float]) -> float:
    tallest: float = max(p.wrap(w - 6, 10**6)[1] for p, w in zip(row, widths, strict=True))
    return tallest + 2 * CELL_PADDING


def _pieces(
    texts: list[str], row: list[Paragraph], widths: list[float], room: float
) -> list[list[Paragraph]]:
    """A row as rows that each fit on a page: a cell taller than a page goes on in
    the next piece, which repeats the Ref. and Study cells ("continued")."""
    if not any(
        _may_be_taller(text, width, room) for text, width in zip(texts, widths, strict=True)
    ):
        return [row]  # most rows: no need to lay them out twice to know they fit
    pieces = []
    pending = row
    while _height(pending, widths) > room:
        first, rest, split = [], [], set()
        for column, (paragraph, width) in enumerate(zip(pending, widths, strict=True)):
            parts = paragraph.split(width - 6, room - 2 * CELL_PADDING)
            if len(parts) > 1:
                first.append(parts[0])
                rest.append(parts[1])
                split.add(column)
            else:
                first.append(paragraph)
                rest.append(Paragraph("", paragraph.style))
        if _height(rest, widths) <= 2 * CELL_PADDING:
            break  # nothing would move on (a single line taller than a page): keep it
        # The Ref. and Study cells are repeated, unless they themselves go on.
        style = row[0].style
        if 0 not in split:
            rest[0] = Paragraph(markup(texts[0]), style)
        if 1 not in split:
            rest[1] = Paragraph(markup(f"{texts[1]} (continued)"), style)
        if _height(rest, widths) >= _height(pending, widths):
            break  # no shorter for being cut: keep what there is
        pieces.append(first)
        pending = rest
    return [*pieces, pending]


def _may_be_taller(text: str, width: float, room: float) -> bool:
    """Whether a cell could be taller than `room`, by a bound that never errs low:
    every word starting a line of its own, each character a full em wide."""
    room_in_line = max(width - 6, 1.0)
    lines = sum(
        max(1, math.ceil(len(word) * FONT_SIZE / room_in_line))
        for line in text.split("\n")
        for word in (line.split() or [""])
    )
    return lines * FONT_SIZE * 1.23 + 2 * CELL_PADDING > room


def _widths(table: CharacteristicsTable, width: float, regular: str, bold: str) -> list[float]:
    """Every column at least as wide as its longest word; the room left goes to the
    columns that say most, so long text wraps in wide columns, not short words in
    narrow ones."""
    padding = 7.0
    least, wanted = [], []
    for column in range(len(table.headers)):
        cells = [row[column] for row in table.rows]
        words = [w for text in cells for w in breakable(text)] or ["–"]
        if column == 1:
            words.append("(continued)")  # a row carried on to the next page says so
        header_words = table.headers[column].split() or [""]
        least.append(
            max(
                max(stringWidth(w, regular, FONT_SIZE) for w in words),
                max(stringWidth(w, bold, FONT_SIZE) for w in header_words),
            )
            + padding
        )
        average = sum(stringWidth(text, regular, FONT_SIZE) for text in cells) / max(len(cells), 1)
        wanted.append(min(average, 220.0) + padding)
    if sum(least) >= width:
        return [width * w / sum(least) for w in least]
    extra = width - sum(least)
    surplus = [max(w - m, 0.0) for w, m in zip(wanted, least, strict=True)]
    total = sum(surplus) or 1.0
    return [m + extra * s / total for m, s in zip(least, surplus, strict=True)]


# A place without a value stands out from every value: red where the reviewers
# disagree, grey where no one has extracted it yet.
GAP_MARKS = re.compile(r"\[(in conflict[^\]]*|not extracted)\]")


def markup(text: str) -> str:
    marked = GAP_MARKS.sub(
        lambda m: (
            f'<font color="{"#b3261e" if m.group(1) != "not extracted" else "#6b6b6b"}">'
            f"{m.group(0)}</font>"
        ),
        escaped(text),
    )
    return marked.replace("\n", "<br/>")
