"""The PRISMA 2020 flow diagram as a vector PDF, with the statement's boxes and labels."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from extractor import __version__
from extractor.core.prisma import PrismaCounts, identified
from extractor.reports.draft import marked
from extractor.reports.fonts import register_fonts

PHASE = colors.HexColor("#a9c6e8")
HEADER = colors.HexColor("#ffc000")
GREY = colors.HexColor("#dddddd")


@dataclass
class Box:
    x: float
    y: float  # top
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y - self.h


def prisma_pdf(counts: PrismaCounts, title: str, draft: str | None = None) -> bytes:
    regular, bold = register_fonts()
    text = ParagraphStyle("box", fontName=regular, fontSize=8.5, leading=11)
    head = ParagraphStyle("head", fontName=bold, fontSize=9, leading=11, alignment=1)
    buffer = io.BytesIO()
    canvas = marked(draft)(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(f"PRISMA 2020 flow diagram: {title}")
    canvas.setCreator(f"Extractor {__version__}")
    width, height = A4
    other = counts.other_methods
    left = 24 * mm
    column = (width - left - 12 * mm - (10 * mm if other else 0)) / (3 if other else 2)
    main_w, side_w = column * 0.95, column * 0.95
    gap = column * 0.1
    x_main, x_side = left, left + main_w + gap
    top = height - 22 * mm

    def n(key: str) -> str:
        value = counts.get(key)
        return "n = NA" if value is None else f"n = {value}"

    def box(
        x: float,
        y: float,
        w: float,
        lines: list[str],
        fill: colors.Color = colors.white,
        style: ParagraphStyle = text,
    ) -> Box:
        paragraph = Paragraph("<br/>".join(lines), style)
        _, h = paragraph.wrap(w - 6 * mm, 200 * mm)
        h += 6 * mm
        canvas.setFillColor(fill)
        canvas.setStrokeColor(colors.black)
        canvas.rect(x, y - h, w, h, stroke=1, fill=1)
        paragraph.drawOn(canvas, x + 3 * mm, y - h + 3 * mm)
        return Box(x, y, w, h)

    def arrow_down(a: Box, b: Box) -> None:
        x = a.x + a.w / 2
        _arrow(canvas, x, a.bottom, x, b.y)

    def arrow_right(a: Box, b: Box) -> None:
        y = a.y - a.h / 2
        _arrow(canvas, a.x + a.w, y, b.x, y)

    header = box(
        x_main,
        top,
        main_w + gap + side_w,
        ["Identification of studies via databases and registers"],
        HEADER,
        head,
    )
    y = header.bottom - 6 * mm
    if other:
        box(
            x_side + side_w + gap,
            top,
            column * 0.95,
            ["Identification of studies via other methods"],
            HEADER,
            head,
        )
    found = [
        f"Records identified from*: <b>{_n(identified(counts))}</b>",
        f"Databases ({n('database_results')})",
        f"Registers ({n('register_results')})",
    ]
    ident = box(x_main, y, main_w, found)
    removed = box(
        x_side,
        y,
        side_w,
        [
            "Records removed <i>before screening</i>:",
            f"Duplicate records removed ({n('duplicates')})",
            f"Records marked as ineligible by automation tools ({n('excluded_automatic')})",
            f"Records removed for other reasons ({n('excluded_other')})",
        ],
    )
    arrow_right(ident, removed)
    y = min(ident.bottom, removed.bottom) - 8 * mm
    screened = box(x_main, y, main_w, [f"Records screened ({n('records_screened')})"])
    excluded = box(x_side, y, side_w, [f"Records excluded** ({n('records_excluded')})"])
    arrow_down(ident, screened)
    arrow_right(screened, excluded)
    y = min(screened.bottom, excluded.bottom) - 8 * mm
    sought = box(x_main, y, main_w, [f"Reports sought for retrieval ({n('dbr_sought_reports')})"])
    missing = box(x_side, y, side_w, [f"Reports not retrieved ({n('dbr_notretrieved_reports')})"])
    arrow_down(screened, sought)
    arrow_right(sought, missing)
    y = min(sought.bottom, missing.bottom) - 8 * mm
    assessed = box(x_main, y, main_w, [f"Reports assessed for eligibility ({n('dbr_assessed')})"])
    reasons = counts.lists.get("dbr_excluded")
    lines = ["Reports excluded:"] + (
        [f"{_escape(label)} (n = {value})" for label, value in reasons] if reasons else ["(n = NA)"]
    )
    rejected = box(x_side, y, side_w, lines)
    arrow_down(sought, assessed)
    arrow_right(assessed, rejected)
    y = min(assessed.bottom, rejected.bottom) - 8 * mm
    included_lines = [
        f"New studies included in review ({n('new_studies')})",
        f"Reports of new included studies ({n('new_reports')})",
    ]
    if counts.previous:
        included_lines += [
            f"Total studies included in review ({n('total_studies')})",
            f"Reports of total included studies ({n('total_reports')})",
        ]
    included = box(x_main, y, main_w, included_lines)
    arrow_down(assessed, included)
    _phase(canvas, "Identification", ident.y, min(ident.bottom, removed.bottom), regular)
    _phase(canvas, "Screening", screened.y, min(assessed.bottom, rejected.bottom), regular)
    _phase(canvas, "Included", included.y, included.bottom, regular)
    if other:
        _other_column(
            canvas,
            counts,
            x_side + side_w + gap,
            header.bottom - 6 * mm,
            column * 0.95,
            text,
            ident,
            sought,
            assessed,
            included,
        )
    note = ParagraphStyle("note", fontName=regular, fontSize=7, leading=9)
    footer = Paragraph(
        "*Report the number of records identified from each database or register searched. "
        "**Records excluded at title and abstract screening. From: Page MJ, et al. The PRISMA 2020 "
        "statement: an updated guideline for reporting systematic reviews. BMJ 2021;372:n71.",
        note,
    )
    _, h = footer.wrap(width - 2 * left, 30 * mm)
    footer.drawOn(canvas, left, max(12 * mm, included.bottom - 10 * mm - h))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _other_column(
    canvas: Canvas,
    counts: PrismaCounts,
    x: float,
    y: float,
    w: float,
    style: ParagraphStyle,
    ident: Box,
    sought: Box,
    assessed: Box,
    included: Box,
) -> None:
    def n(key: str) -> str:
        value = counts.get(key)
        return "n = NA" if value is None else f"n = {value}"

    def box(top: float, lines: list[str]) -> Box:
        paragraph = Paragraph("<br/>".join(lines), style)
        _, h = paragraph.wrap(w - 6 * mm, 200 * mm)
        h += 6 * mm
        canvas.setFillColor(GREY)
        canvas.rect(x, top - h, w, h, stroke=1, fill=1)
        paragraph.drawOn(canvas, x + 3 * mm, top - h + 3 * mm)
        return Box(x, top, w, h)

    box(
        ident.y,
        [
            "Records identified from:",
            f"Websites ({n('website_results')})",
            f"Organisations ({n('organisation_results')})",
            f"Citation searching ({n('citations_results')})",
        ],
    )
    box(
        sought.y,
        [
            f"Reports sought for retrieval ({n('other_sought_reports')})",
            f"Reports not retrieved ({n('other_notretrieved_reports')})",
        ],
    )
    reasons = counts.lists.get("other_excluded") or []
    box(
        assessed.y,
        [f"Reports assessed for eligibility ({n('other_assessed')})", "Reports excluded:"]
        + [f"{_escape(label)} (n = {value})" for label, value in reasons],
    )


def _arrow(canvas: Canvas, x1: float, y1: float, x2: float, y2: float) -> None:
    canvas.setStrokeColor(colors.black)
    canvas.setFillColor(colors.black)
    canvas.line(x1, y1, x2, y2)
    size = 1.8 * mm
    if x1 == x2:  # down
        points = [(x2, y2), (x2 - size / 2, y2 + size), (x2 + size / 2, y2 + size)]
    else:  # right
        points = [(x2, y2), (x2 - size, y2 + size / 2), (x2 - size, y2 - size / 2)]
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _phase(canvas: Canvas, label: str, top: float, bottom: float, font: str) -> None:
    x, w = 10 * mm, 8 * mm
    room = canvas.stringWidth(label, font, 9) + 4 * mm
    if top - bottom < room:  # a short box: the bar grows around its middle to hold the label
        middle = (top + bottom) / 2
        top, bottom = middle + room / 2, middle - room / 2
    canvas.setFillColor(PHASE)
    canvas.roundRect(x, bottom, w, top - bottom, 2 * mm, stroke=0, fill=1)
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.setFont(font, 9)
    canvas.translate(x + w / 2 + 3, (top + bottom) / 2)
    canvas.rotate(90)
    canvas.drawCentredString(0, 0, label)
    canvas.restoreState()


def _n(value: int | None) -> str:
    return "NA" if value is None else str(value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
