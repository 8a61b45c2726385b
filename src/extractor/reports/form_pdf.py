"""A form as a readable PDF, as a reviewer meets it: for a protocol's appendix, or a
team's reading before piloting. Every section and field in order, with its type, its
choices as boxes to tick, its unit, bounds and help; a group as a table with empty
rows to fill."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from extractor import __version__
from extractor.core.field_types.numbers import format_number
from extractor.core.forms import Field, Form, FormKind
from extractor.reports.fonts import escaped, register_fonts

TYPE_WORDS = {
    "text": "short text",
    "longtext": "text",
    "integer": "whole number",
    "decimal": "number",
    "date": "date (YYYY-MM-DD)",
    "choice": "one choice",
    "multichoice": "one or more choices",
    "yesno": "one choice",
    "group": "one row per item",
    "dichotomous": "one row per outcome, time point and arm",
    "continuous": "one row per outcome, time point and arm",
    "effect_estimate": "one row per outcome, time point and comparison",
}
EMPTY_ROWS = 3
WIDE_GROUP = 5  # more fields than this read down the page, not across it
BOX = "\u2610"  # ☐


def form_pdf(form: Form, page_size: str = "A4") -> bytes:
    regular, bold = register_fonts()
    styles = _Styles(regular, bold)
    size = letter if page_size == "Letter" else A4
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=form.name,
        author="Extractor",
    )
    width = size[0] - 36 * mm
    story: list[Flowable] = [
        Paragraph(escaped(form.name), styles.title),
        Paragraph(
            escaped(f"Form '{form.key}', version {form.version}{_kind_words(form)}"),
            styles.muted,
        ),
    ]
    if form.description:
        story.append(Paragraph(escaped(form.description), styles.text))
    story.append(Paragraph("Fields marked * must be answered. ☐ marks a choice.", styles.muted))
    for section in form.sections:
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(escaped(section.title), styles.section))
        for item in section.fields:
            story.append(KeepTogether(_field(item, styles, width)))

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(regular, 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(
            18 * mm,
            9 * mm,
            f"{form.name}, version {form.version} · page {doc.page} · Extractor {__version__}",
        )
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _kind_words(form: Form) -> str:
    tool = form.extra.get("tool")
    return f" · risk-of-bias tool {tool}" if form.kind is FormKind.ROB and tool else ""


class _Styles:
    def __init__(self, regular: str, bold: str) -> None:
        self.title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19)
        self.section = ParagraphStyle(
            "section", fontName=bold, fontSize=11.5, leading=14, spaceAfter=1.5 * mm
        )
        self.label = ParagraphStyle("label", fontName=bold, fontSize=9.5, leading=12)
        self.text = ParagraphStyle("text", fontName=regular, fontSize=9, leading=11.5)
        self.muted = ParagraphStyle(
            "muted", fontName=regular, fontSize=8, leading=10, textColor=colors.HexColor("#555555")
        )
        self.cell = ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9)
        self.head = ParagraphStyle("head", fontName=bold, fontSize=7.5, leading=9)


def _field(item: Field, styles: _Styles, width: float) -> list[Flowable]:
    star = " *" if item.required else ""
    parts: list[Flowable] = [
        Spacer(1, 2.2 * mm),
        Paragraph(f"{escaped(item.label)}{star}", styles.label),
        Paragraph(escaped(_described(item)), styles.muted),
    ]
    if item.help:
        parts.append(Paragraph(f"<i>{escaped(item.help)}</i>", styles.text))
    if item.choices:
        ticks = "&nbsp;&nbsp;&nbsp; ".join(
            f"{BOX}&nbsp;{escaped(item.kind.option_label(o)).replace(' ', '&nbsp;')}"
            for o in item.choices
        )
        parts.append(Paragraph(ticks, styles.text))
    elif item.is_group:
        parts.append(_rows_table(item, styles, width))
    else:
        parts.append(_answer_line(width, 3 if item.type == "longtext" else 1))
    return parts


def _described(item: Field) -> str:
    words = [TYPE_WORDS.get(item.type, item.type)]
    if item.unit:
        words.append(f"in {item.unit}")
    if item.min is not None and item.max is not None:
        words.append(f"from {format_number(item.min)} to {format_number(item.max)}")
    elif item.min is not None:
        words.append(f"at least {format_number(item.min)}")
    elif item.max is not None:
        words.append(f"at most {format_number(item.max)}")
    if item.is_group and item.key_field:
        key = item.subfield(item.key_field)
        words.append(f"rows paired between reviewers by {key.label if key else item.key_field}")
    return ", ".join(words)


def _rows_table(group: Field, styles: _Styles, width: float) -> Table:
    """The group's rows to fill: a column per field, or where the fields are too many
    to read across a page, a line per field and a column per row."""
    names = [Paragraph(escaped(sub.label), styles.head) for sub in group.fields]
    kinds = [Paragraph(escaped(_sub_described(sub)), styles.cell) for sub in group.fields]
    if len(group.fields) > WIDE_GROUP:
        rows = [
            [Paragraph("Field", styles.head), Paragraph("Answer", styles.head)]
            + [Paragraph(f"Row {n}", styles.head) for n in range(1, EMPTY_ROWS + 1)],
            *([name, kind] + [""] * EMPTY_ROWS for name, kind in zip(names, kinds, strict=True)),
        ]
        share = width * 0.5 / EMPTY_ROWS
        table = Table(rows, colWidths=[width * 0.22, width * 0.28] + [share] * EMPTY_ROWS)
    else:
        blank = [["" for _ in group.fields] for _ in range(EMPTY_ROWS)]
        table = Table(
            [names, kinds, *blank],
            colWidths=[width / len(group.fields)] * len(group.fields),
            rowHeights=[None, None, *([7 * mm] * EMPTY_ROWS)],
        )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _sub_described(sub: Field) -> str:
    said = _described(sub)
    if sub.choices:
        said += ": " + " / ".join(sub.kind.option_label(o) for o in sub.choices)
    return said


def _answer_line(width: float, lines: int) -> Table:
    table = Table([[""] for _ in range(lines)], colWidths=[width], rowHeights=[6 * mm] * lines)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999"))]))
    return table
