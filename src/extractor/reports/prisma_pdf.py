"""The PRISMA 2020 flow diagram as a vector PDF, with the statement's boxes and labels.

A new review gets the template for new reviews ("Studies included in review");
the template for updated reviews (a column of previous studies, new and total
included) is drawn only when the counts of previous studies are given. A line
whose count is not given is left out, never written "(n = NA)", and a side box
left with nothing to count is not drawn. The diagram fills its page: the room
left below it goes between the rows of boxes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from extractor import __version__
from extractor.core.prisma import PrismaCounts
from extractor.reports.draft import marked
from extractor.reports.fonts import escaped, register_fonts

PHASE = colors.HexColor("#a9c6e8")
HEADER = colors.HexColor("#ffc000")
GREY = colors.HexColor("#dddddd")
PAGE_SIZES = {"A4": A4, "Letter": letter}
LEFT, RIGHT, TOP, BOTTOM = 24 * mm, 12 * mm, 22 * mm, 14 * mm
GAP = 8 * mm  # between rows of boxes, before the page's spare room is shared out
MOST_GAP = 30 * mm
ROWS = 5  # the gaps that share the spare room: header, screening, retrieval, eligibility, included
FOOTNOTE = (  # the template's own words
    "*Consider, if feasible to do so, reporting the number of records identified from each "
    "database or register searched (rather than the total number across all "
    "databases/registers). **If automation tools were used, indicate how many records were "
    "excluded by a human and how many were excluded by automation tools. From: Page MJ, "
    "McKenzie JE, Bossuyt PM, Boutron I, Hoffmann TC, Mulrow CD, et al. The PRISMA 2020 "
    "statement: an updated guideline for reporting systematic reviews. BMJ 2021;372:n71. "
    "doi: 10.1136/bmj.n71"
)


@dataclass
class Box:
    x: float
    y: float  # top
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y - self.h

    @property
    def middle(self) -> float:
        return self.y - self.h / 2


TYPED = "†"
TYPED_NOTE = f"{TYPED}Typed in by hand, not counted from the project's screening log. "


def prisma_pdf(
    counts: PrismaCounts,
    title: str,
    draft: str | None = None,
    page_size: str = "A4",
    typed: frozenset[str] = frozenset(),
) -> bytes:
    """The diagram; the counts named in `typed` are marked as typed in by hand (where
    the others come from the screening log)."""
    size = PAGE_SIZES.get(page_size, A4)
    # Drawn once to measure, then again with the spare room between the rows.
    lowest = _Diagram(Canvas(io.BytesIO(), pagesize=size), counts, size, 0.0, typed).draw()
    rows = ROWS + counts.previous  # the updated template has a row for the total
    extra = min(max((lowest - BOTTOM) / rows, 0.0), MOST_GAP - GAP)
    buffer = io.BytesIO()
    canvas = marked(draft)(buffer, pagesize=size, invariant=1)
    canvas.setTitle(f"PRISMA 2020 flow diagram: {title}")
    canvas.setCreator(f"Extractor {__version__}")
    _Diagram(canvas, counts, size, extra, typed).draw()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _Diagram:
    def __init__(
        self,
        canvas: Canvas,
        counts: PrismaCounts,
        size: tuple[float, float],
        extra: float,
        typed: frozenset[str] = frozenset(),
    ) -> None:
        self.canvas, self.counts, self.gap = canvas, counts, GAP + extra
        self.typed, self.marked = typed, False
        self.regular, self.bold = register_fonts()
        self.text = ParagraphStyle("box", fontName=self.regular, fontSize=8.5, leading=11)
        self.head = ParagraphStyle("head", fontName=self.bold, fontSize=9, leading=11, alignment=1)
        self.width, self.height = size
        columns = 2 + counts.previous + counts.other_methods
        self.column = (self.width - LEFT - RIGHT - 4 * mm * (columns - 2)) / columns
        self.box_w = self.column * 0.95
        self.step = self.column * 1.05  # a box and the room for an arrow beside it

    def count(self, label: str, key: str) -> str | None:
        """ "Label (n = 12)", or None where the count is not given: the line is left out."""
        value = self.counts.get(key)
        return None if value is None else f"{escaped(label)} (n = {value}){self.mark(key)}"

    def mark(self, key: str) -> str:
        """The typed-in mark, for a count typed in by hand."""
        if key not in self.typed:
            return ""
        self.marked = True
        return TYPED

    def box(
        self,
        x: float,
        y: float,
        lines: list[str | None],
        fill: colors.Color = colors.white,
        style: ParagraphStyle | None = None,
        width: float | None = None,
    ) -> Box:
        w = width or self.box_w
        paragraph = Paragraph("<br/>".join(line for line in lines if line), style or self.text)
        _, h = paragraph.wrap(w - 6 * mm, 200 * mm)
        h += 6 * mm
        self.canvas.setFillColor(fill)
        self.canvas.setStrokeColor(colors.black)
        self.canvas.rect(x, y - h, w, h, stroke=1, fill=1)
        paragraph.drawOn(self.canvas, x + 3 * mm, y - h + 3 * mm)
        return Box(x, y, w, h)

    def side_box(self, x: float, y: float, title: str, lines: list[str | None]) -> Box | None:
        """A box beside the flow, drawn only if it has something to count."""
        if not any(lines):
            return None
        return self.box(x, y, [title, *lines] if title else lines)

    def draw(self) -> float:
        """Draw the diagram; returns the lowest point it reaches."""
        counts, gap = self.counts, self.gap
        x = LEFT
        x_previous = None
        if counts.previous:
            x_previous, x = x, x + self.step
        x_main, x_side = x, x + self.step
        x_other = x_side + self.step if counts.other_methods else None
        top = self.height - TOP
        headers = [(x_main, "Identification of studies via databases and registers", HEADER, 2)]
        if x_previous is not None:
            headers.append((x_previous, "Previous studies", GREY, 1))
        if x_other is not None:
            headers.append((x_other, "Identification of studies via other methods", GREY, 1))
        header_bottom = min(
            self.box(
                hx, top, [text], fill, self.head, width=self.box_w + (span - 1) * self.step
            ).bottom
            for hx, text, fill, span in headers
        )
        y = header_bottom - gap
        ident = self.box(
            x_main,
            y,
            ["Records identified from*:", *self._sources("database", "Databases")]
            + self._sources("register", "Registers"),
        )
        removed = self.side_box(
            x_side,
            y,
            "Records removed <i>before screening</i>:",
            [
                self.count("Duplicate records removed", "duplicates"),
                self.count(
                    "Records marked as ineligible by automation tools", "excluded_automatic"
                ),
                self.count("Records removed for other reasons", "excluded_other"),
            ],
        )
        self.arrow_right(ident, removed)
        y = _lowest(ident, removed) - gap
        screened = self.main(x_main, y, "Records screened", "records_screened")
        excluded = self.side_box(
            x_side, y, "", [self.count("Records excluded**", "records_excluded")]
        )
        self.arrow_down(ident, screened)
        self.arrow_right(screened, excluded)
        y = _lowest(screened, excluded) - gap
        sought = self.main(x_main, y, "Reports sought for retrieval", "dbr_sought_reports")
        missing = self.side_box(
            x_side, y, "", [self.count("Reports not retrieved", "dbr_notretrieved_reports")]
        )
        self.arrow_down(screened, sought)
        self.arrow_right(sought, missing)
        y = _lowest(sought, missing) - gap
        assessed = self.main(x_main, y, "Reports assessed for eligibility", "dbr_assessed")
        rejected = self.side_box(x_side, y, "Reports excluded:", self._reasons("dbr_excluded"))
        self.arrow_down(sought, assessed)
        self.arrow_right(assessed, rejected)
        y = _lowest(assessed, rejected) - gap
        if counts.previous:
            included = self.box(
                x_main,
                y,
                [
                    self.count("New studies included in review", "new_studies"),
                    self.count("Reports of new included studies", "new_reports"),
                ],
            )
        else:
            included = self.box(
                x_main,
                y,
                [
                    self.count("Studies included in review", "new_studies")
                    or "Studies included in review",
                    self.count("Reports of included studies", "new_reports"),
                ],
            )
        self.arrow_down(assessed, included)
        lowest = included.bottom
        if x_previous is not None:
            lowest = self._updated_review(x_previous, header_bottom - gap, included)
        if x_other is not None:
            self._other_column(x_other, header_bottom - gap, ident, sought, assessed, included)
        self.phase("Identification", ident.y, _lowest(ident, removed))
        self.phase("Screening", screened.y, _lowest(assessed, rejected))
        self.phase("Included", included.y, lowest)
        return self.footnote(lowest)

    def main(self, x: float, y: float, label: str, key: str) -> Box:
        """A box of the flow itself: always drawn, with its count where given."""
        return self.box(x, y, [self.count(label, key) or escaped(label)])

    def _sources(self, kind: str, label: str) -> list[str | None]:
        """Each database (or register) with its count where they are listed one by
        one, else their number together."""
        key = f"{kind}_specific_results"
        listed = self.counts.lists.get(key)
        if listed:
            return [f"{escaped(name)} (n = {n}){self.mark(key)}" for name, n in listed]
        return [self.count(label, f"{kind}_results")]

    def _reasons(self, key: str) -> list[str | None]:
        listed = self.counts.lists.get(key) or []
        return [f"{escaped(label)} (n = {n}){self.mark(key)}" for label, n in listed]

    def _updated_review(self, x: float, y: float, included: Box) -> float:
        """The previous studies, and the total they make with the new ones."""
        previous = self.box(
            x,
            y,
            [
                self.count("Studies included in previous version of review", "previous_studies"),
                self.count(
                    "Reports of studies included in previous version of review",
                    "previous_reports",
                ),
            ],
        )
        total = self.box(
            included.x,
            included.bottom - self.gap,
            [
                self.count("Total studies included in review", "total_studies")
                or "Total studies included in review",
                self.count("Reports of total included studies", "total_reports"),
            ],
        )
        self.arrow_down(included, total)
        # From the previous studies down beside the flow, then across to the total.
        down_x = previous.x + previous.w / 2
        self.canvas.setStrokeColor(colors.black)
        self.canvas.line(down_x, previous.bottom, down_x, total.middle)
        _arrow(self.canvas, down_x, total.middle, total.x, total.middle)
        return total.bottom

    def _other_column(
        self, x: float, y: float, ident: Box, sought: Box, assessed: Box, included: Box
    ) -> None:
        found = self.box(
            x,
            ident.y,
            [
                "Records identified from:",
                self.count("Websites", "website_results"),
                self.count("Organisations", "organisation_results"),
                self.count("Citation searching", "citations_results"),
            ],
            GREY,
        )
        retrieval = self.box(
            x,
            sought.y,
            [
                self.count("Reports sought for retrieval", "other_sought_reports")
                or "Reports sought for retrieval",
                self.count("Reports not retrieved", "other_notretrieved_reports"),
            ],
            GREY,
        )
        reasons = self._reasons("other_excluded")
        eligibility = self.box(
            x,
            assessed.y,
            [
                self.count("Reports assessed for eligibility", "other_assessed")
                or "Reports assessed for eligibility",
                "Reports excluded:" if reasons else None,
                *reasons,
            ],
            GREY,
        )
        self.arrow_down(found, retrieval)
        self.arrow_down(retrieval, eligibility)
        # Into the included box, from the side.
        down_x = eligibility.x + eligibility.w / 2
        self.canvas.setStrokeColor(colors.black)
        self.canvas.line(down_x, eligibility.bottom, down_x, included.middle)
        _arrow(self.canvas, down_x, included.middle, included.x + included.w, included.middle)

    def arrow_down(self, a: Box, b: Box) -> None:
        x = a.x + a.w / 2
        _arrow(self.canvas, x, a.bottom, x, b.y)

    def arrow_right(self, a: Box, b: Box | None) -> None:
        if b is not None:
            _arrow(self.canvas, a.x + a.w, a.middle, b.x, a.middle)

    def phase(self, label: str, top: float, bottom: float) -> None:
        canvas, font = self.canvas, self.regular
        x, w = 10 * mm, 8 * mm
        room = canvas.stringWidth(label, font, 9) + 4 * mm
        if top - bottom < room:  # a short box: the bar grows around its middle for the label
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

    def footnote(self, lowest: float) -> float:
        note = ParagraphStyle("note", fontName=self.regular, fontSize=7, leading=9)
        paragraph = Paragraph((TYPED_NOTE if self.marked else "") + FOOTNOTE, note)
        _, h = paragraph.wrap(self.width - LEFT - RIGHT, 40 * mm)
        y: float = lowest - 10 * mm - h
        paragraph.drawOn(self.canvas, LEFT, y)
        return y


def _lowest(*boxes: Box | None) -> float:
    return min(box.bottom for box in boxes if box is not None)


def _arrow(canvas: Canvas, x1: float, y1: float, x2: float, y2: float) -> None:
    canvas.setStrokeColor(colors.black)
    canvas.setFillColor(colors.black)
    canvas.line(x1, y1, x2, y2)
    size = 1.8 * mm
    if x1 == x2:  # down
        points = [(x2, y2), (x2 - size / 2, y2 + size), (x2 + size / 2, y2 + size)]
    elif x2 > x1:  # right
        points = [(x2, y2), (x2 - size, y2 + size / 2), (x2 - size, y2 - size / 2)]
    else:  # left
        points = [(x2, y2), (x2 + size, y2 + size / 2), (x2 + size, y2 - size / 2)]
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
