"""Risk-of-bias figures as vector PDF, robvis-compatible: a traffic-light plot
(a row per study, a column per domain plus Overall) and a summary plot (a 100 %
stacked bar per domain plus Overall)."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from extractor import __version__
from extractor.core.rob import (
    CRITICAL,
    HIGH,
    LOW,
    MODERATE,
    NO_INFO,
    NOT_APPLICABLE,
    ORDER,
    SERIOUS,
    SOME,
    UNCLEAR,
    VERY_HIGH,
    Instrument,
)
from extractor.core.rob_summary import (
    IN_CONFLICT,
    NOT_ASSESSED,
    Assessment,
    DomainShares,
    applicability_shares,
    shares,
)
from extractor.reports.draft import DRAFT_RED, marked
from extractor.reports.fonts import register_fonts

PALETTES = {
    "cochrane": {
        LOW: "#02C100",
        SOME: "#E2DF07",
        HIGH: "#BF0000",
        CRITICAL: "#820000",
        NO_INFO: "#4EA1F7",
        NOT_APPLICABLE: "#cccccc",
    },
    "colourblind": {
        LOW: "#fed98e",
        SOME: "#fe9929",
        HIGH: "#d95f0e",
        CRITICAL: "#993404",
        NO_INFO: "#ffffff",
        NOT_APPLICABLE: "#cccccc",
    },
}
SHADE = {MODERATE: SOME, UNCLEAR: SOME, SERIOUS: HIGH, VERY_HIGH: CRITICAL}  # in another's colour
SYMBOLS = {
    LOW: "+",
    SOME: "−",
    MODERATE: "−",
    UNCLEAR: "−",
    HIGH: "X",
    SERIOUS: "X",
    VERY_HIGH: "!",
    CRITICAL: "!",
    NO_INFO: "?",
    NOT_APPLICABLE: "",
}
PAGE = A4
MARGIN = 15 * mm
ROW = 7.5 * mm
CELL = 9 * mm
LABEL_FONT = 8


def colour(palette: str, level: str) -> colors.Color:
    table = PALETTES[palette]
    return colors.HexColor(table.get(SHADE.get(level, level), "#cccccc"))


def rob_pdf(
    instrument: Instrument,
    rows: list[Assessment],
    palette: str = "cochrane",
    weighted: bool = False,
    draft: str | None = None,
) -> bytes:
    """Traffic-light pages (continued on further pages, header repeated), then the summary."""
    if palette not in PALETTES:
        raise ValueError(f"palette must be one of {', '.join(PALETTES)}")
    regular, bold = register_fonts()
    buffer = io.BytesIO()
    canvas = marked(draft)(buffer, pagesize=PAGE, invariant=1)
    canvas.setTitle(f"{instrument.rules.subject} ({instrument.tool})")
    canvas.setCreator(f"Extractor {__version__}")
    _traffic_light(canvas, instrument, rows, palette, regular, bold)
    _summary(canvas, instrument, rows, palette, weighted, regular, bold)
    canvas.save()
    return buffer.getvalue()


def _traffic_light(
    canvas: Canvas,
    instrument: Instrument,
    rows: list[Assessment],
    palette: str,
    regular: str,
    bold: str,
) -> None:
    width, height = PAGE
    blocks = [[d.id for d in instrument.bias_domains()] + ["Overall"]]
    if instrument.applicability_domains():
        blocks.append([d.id for d in instrument.applicability_domains()])
    label_width = min(
        max((stringWidth(r.label, regular, LABEL_FONT) for r in rows), default=40) + 4 * mm,
        width - 2 * MARGIN - CELL * (sum(len(b) for b in blocks) + 1),
    )
    labels = [_fit(r.label, regular, label_width) for r in rows]
    legend_height = 40 * mm
    per_page = max(1, int((height - 2 * MARGIN - 14 * mm - legend_height) // ROW))
    pages = [
        list(range(i, min(i + per_page, len(rows)))) for i in range(0, max(len(rows), 1), per_page)
    ]
    for page_number, indexes in enumerate(pages, start=1):
        top = height - MARGIN
        canvas.setFont(bold, 11)
        title = f"{instrument.rules.subject} ({instrument.tool})"
        canvas.drawString(
            MARGIN,
            top,
            title + (f" — continued ({page_number}/{len(pages)})" if page_number > 1 else ""),
        )
        y = top - 10 * mm
        x0 = MARGIN + label_width
        x = x0
        for block_number, block in enumerate(blocks):
            if block_number:
                x += CELL
            canvas.setFont(bold, 7)
            canvas.drawCentredString(
                x + CELL * len(block) / 2,
                y + 6 * mm,
                instrument.rules.subject if block_number == 0 else "Applicability concerns",
            )
            for domain in block:
                if domain == "Overall":
                    canvas.setFillColor(colors.HexColor("#e6e6e6"))
                    canvas.rect(
                        x,
                        y - ROW * len(indexes) - 1 * mm,
                        CELL,
                        ROW * len(indexes) + 6 * mm,
                        stroke=0,
                        fill=1,
                    )
                    canvas.setFillColor(colors.black)
                canvas.setFont(bold, 7.5)
                canvas.drawCentredString(x + CELL / 2, y + 1.5 * mm, domain)
                x += CELL
        canvas.setFont(bold, 7.5)
        canvas.drawString(MARGIN, y + 1.5 * mm, "Study")
        canvas.setStrokeColor(colors.black)
        canvas.line(MARGIN, y, x, y)
        for row_number, index in enumerate(indexes):
            row = rows[index]
            cy = y - ROW * row_number - ROW / 2
            canvas.setFillColor(colors.black)
            canvas.setFont(regular, LABEL_FONT)
            canvas.drawString(MARGIN, cy - 2.8, labels[index])
            cx = x0
            for block_number, block in enumerate(blocks):
                if block_number:
                    cx += CELL
                for domain in block:
                    level = row.judgements.get(domain)
                    if level is not None:
                        draw_judgement(canvas, cx + CELL / 2, cy, level, palette, bold)
                    elif domain in row.gaps:
                        draw_gap(canvas, cx + CELL / 2, cy, row.gaps[domain], bold)
                    cx += CELL
        bottom = y - ROW * len(indexes)
        canvas.line(MARGIN, bottom, x, bottom)
        _caption_and_legend(canvas, instrument, rows, palette, regular, bold, bottom - 6 * mm)
        canvas.showPage()


def draw_judgement(canvas: Canvas, x: float, y: float, level: str, palette: str, bold: str) -> None:
    radius = 2.9 * mm
    canvas.setFillColor(colour(palette, level))
    canvas.setStrokeColor(colors.HexColor("#555555"))
    canvas.setLineWidth(0.6)
    canvas.circle(x, y, radius, stroke=1, fill=1)
    symbol = SYMBOLS.get(level, "")
    if symbol:
        canvas.setFillColor(colors.black)
        canvas.setFont(bold, 9)
        canvas.drawCentredString(x, y - 3.2, symbol)


GAP_SYMBOLS = {IN_CONFLICT: "!", NOT_ASSESSED: "?"}


def draw_gap(canvas: Canvas, x: float, y: float, gap: str, bold: str) -> None:
    """No judgement: a dashed ring with "!" (in conflict) or "?" (not assessed), never
    a colour a judgement could have."""
    canvas.saveState()
    canvas.setStrokeColor(DRAFT_RED if gap == IN_CONFLICT else colors.HexColor("#555555"))
    canvas.setFillColor(colors.white)
    canvas.setLineWidth(0.8)
    canvas.setDash(1.5, 1.2)
    canvas.circle(x, y, 2.9 * mm, stroke=1, fill=1)
    canvas.setFillColor(DRAFT_RED if gap == IN_CONFLICT else colors.HexColor("#555555"))
    canvas.setFont(bold, 9)
    canvas.drawCentredString(x, y - 3.2, GAP_SYMBOLS[gap])
    canvas.restoreState()


def _caption_and_legend(
    canvas: Canvas,
    instrument: Instrument,
    rows: list[Assessment],
    palette: str,
    regular: str,
    bold: str,
    y: float,
) -> None:
    canvas.setFillColor(colors.black)
    canvas.setFont(regular, 7)
    text = canvas.beginText(MARGIN, y)
    for domain in instrument.domains:
        text.textLine(f"{domain.id}: {domain.name}")
    canvas.drawText(text)
    present = sorted({level for r in rows for level in r.judgements.values()}, key=_order)
    widest = max((stringWidth(instrument.label(level), regular, 8) for level in present), default=0)
    lx = PAGE[0] - MARGIN - max(45 * mm, widest + 10 * mm)
    canvas.setFont(bold, 8)
    canvas.drawString(lx, y, "Judgement")
    for number, level in enumerate(present, start=1):
        draw_judgement(canvas, lx + 3 * mm, y - number * 7 * mm + 1 * mm, level, palette, bold)
        canvas.setFillColor(colors.black)
        canvas.setFont(regular, 8)
        canvas.drawString(lx + 8 * mm, y - number * 7 * mm - 1.5, instrument.label(level))
    gaps = [g for g in GAP_SYMBOLS if any(g in r.gaps.values() for r in rows)]
    for number, gap in enumerate(gaps, start=len(present) + 1):
        draw_gap(canvas, lx + 3 * mm, y - number * 7 * mm + 1 * mm, gap, bold)
        canvas.setFillColor(colors.black)
        canvas.setFont(regular, 8)
        canvas.drawString(
            lx + 8 * mm, y - number * 7 * mm - 1.5, f"{gap} (left out of the summary)"
        )


def _summary(
    canvas: Canvas,
    instrument: Instrument,
    rows: list[Assessment],
    palette: str,
    weighted: bool,
    regular: str,
    bold: str,
) -> None:
    width, height = PAGE
    data = shares(instrument, rows, weighted)
    extra = applicability_shares(instrument, rows, weighted)
    if extra:  # QUADAS-2: the applicability concerns as a second block of bars
        data = [*data, {"domain": "", "title": "Applicability concerns", "shares": {}}, *extra]
    names = [_bar_name(instrument, d) for d in data]
    label_width = min(max(stringWidth(n, regular, 8) for n in names) + 6, 95 * mm)
    bar_width = width - 2 * MARGIN - label_width
    top = height - MARGIN
    canvas.setFont(bold, 11)
    canvas.setFillColor(colors.black)
    canvas.drawString(
        MARGIN,
        top,
        f"{instrument.rules.subject} summary ({instrument.tool}{', weighted' if weighted else ''})",
    )
    y = top - 14 * mm
    bar = 7 * mm
    for name, entry in zip(names, data, strict=True):
        is_overall = entry["domain"] in ("Overall", "")  # bold: Overall and block headings
        canvas.setFillColor(colors.black)
        font = bold if is_overall else regular
        canvas.setFont(font, 8)
        # A long domain name takes two lines beside its bar, never cut short.
        lines = simpleSplit(name, font, 8, label_width - 6)
        lines = (
            lines
            if len(lines) <= 2
            else [lines[0], _fit(" ".join(lines[1:]), font, label_width - 6, 8)]
        )
        for number, line in enumerate(lines):
            baseline = y + bar / 2 - 3 + 4.5 * (len(lines) - 1) - 9 * number
            canvas.drawRightString(MARGIN + label_width - 3, baseline, line)
        x = MARGIN + label_width
        for level, share in entry["shares"].items():
            w = bar_width * share / 100
            canvas.setFillColor(colour(palette, level))
            canvas.setStrokeColor(colors.HexColor("#555555"))
            canvas.rect(x, y, w, bar, stroke=1, fill=1)
            x += w
        y -= bar + 3 * mm
    axis = y + bar
    canvas.setStrokeColor(colors.black)
    canvas.line(MARGIN + label_width, axis, MARGIN + label_width + bar_width, axis)
    canvas.setFont(regular, 7)
    canvas.setFillColor(colors.black)
    for tick in range(0, 101, 25):
        tx = MARGIN + label_width + bar_width * tick / 100
        canvas.line(tx, axis, tx, axis - 1.5 * mm)
        canvas.drawCentredString(tx, axis - 5 * mm, f"{tick}%")
    present = sorted({level for entry in data for level in entry["shares"]}, key=_order)
    lx, ly = MARGIN + label_width, axis - 13 * mm
    for level in present:
        words = instrument.label(level)
        wide = 5.5 * mm + stringWidth(words, regular, 8)
        if lx > MARGIN + label_width and lx + wide > width - MARGIN:  # the next line
            lx, ly = MARGIN + label_width, ly - 6 * mm
        canvas.setFillColor(colour(palette, level))
        canvas.setStrokeColor(colors.HexColor("#555555"))
        canvas.rect(lx, ly, 4 * mm, 4 * mm, stroke=1, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(regular, 8)
        canvas.drawString(lx + 5.5 * mm, ly + 1, words)
        lx += wide + 5.5 * mm
    canvas.showPage()


def _bar_name(instrument: Instrument, entry: DomainShares) -> str:
    if entry["domain"] == "Overall":
        return instrument.overall_name
    if not entry["domain"]:
        return entry["title"]
    return f"{entry['domain']}: {_name(instrument, entry['domain'])}"


def _name(instrument: Instrument, domain_id: str) -> str:
    return next((d.name for d in instrument.domains if d.id == domain_id), domain_id)


def _order(level: str) -> int:
    return ORDER.index(level) if level in ORDER else len(ORDER)


def _fit(text: str, font: str, width: float, size: float = LABEL_FONT) -> str:
    """The label as it fits on one line: shortened with an ellipsis only if it must be."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
