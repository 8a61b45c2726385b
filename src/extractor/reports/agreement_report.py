"""A one-page PDF report of the agreement between two reviewers."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from extractor import __version__
from extractor.core.agreement import FieldAgreement
from extractor.core.words import counted
from extractor.reports.draft import marked
from extractor.reports.fonts import escaped, register_fonts

EXPLANATION = (
    "Computed on the reviewers' own answers, before any disagreement was resolved. "
    "Compared: studies (or aligned group rows) where at least one reviewer answered. "
    "Agreed: both gave the same answer after normalisation (text without case or spacing "
    "differences, numbers as numbers, choices as sets). Cohen's kappa and Gwet's AC1 for "
    "categorical fields, on the items both answered (AC1 with as many categories as the "
    "field has options); a dash where they do not apply or are undefined."
)


def agreement_pdf(
    title: str, pair: str, fields: list[FieldAgreement], draft: str | None = None
) -> bytes:
    regular, bold = register_fonts()
    text = ParagraphStyle("text", fontName=regular, fontSize=8, leading=10)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=13, leading=16, spaceAfter=2 * mm)
    header = ["Field", "Compared", "Agreed", "Agreement", "Kappa", "AC1"]
    rows: list[list[object]] = [list(header)]
    form_rows = []  # a form's name heads its fields, across the table
    shown_form = None
    silent = [f for f in fields if not f.compared]  # nobody answered them: nothing to show
    for item in (f for f in fields if f.compared):
        if item.form_name != shown_form:
            shown_form = item.form_name
            form_rows.append(len(rows))
            rows.append([Paragraph(f"<b>{escaped(shown_form)}</b>", text), "", "", "", "", ""])
        rows.append(
            [
                Paragraph(escaped(item.label), text),
                str(item.compared),
                str(item.agreed),
                _percent(item.percent),
                _stat(item.kappa),
                _stat(item.ac1),
            ]
        )
    compared = sum(f.compared for f in fields)
    agreed = sum(f.agreed for f in fields)
    overall = round(100 * agreed / compared, 2) if compared else None
    rows.append(["Overall", str(compared), str(agreed), _percent(overall), "", ""])
    table = Table(
        rows,
        colWidths=[84 * mm, 18 * mm, 16 * mm, 20 * mm, 16 * mm, 16 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 8),
                ("FONT", (0, 0), (-1, 0), bold, 8),
                ("FONT", (0, -1), (-1, -1), bold, 8),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                *(("SPAN", (0, row), (-1, row)) for row in form_rows),
                *(("TOPPADDING", (0, row), (-1, row), 5) for row in form_rows),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Agreement: {title}",
        creator=f"Extractor {__version__}",
        invariant=1,
    )
    document.build(
        [
            Paragraph(f"Agreement between reviewers — {escaped(title)}", heading),
            Paragraph(escaped(pair), text),
            Spacer(1, 3 * mm),
            table,
            Spacer(1, 3 * mm),
            Paragraph(
                EXPLANATION
                + (
                    f" {counted(len(silent), 'field')} that neither reviewer answered "
                    f"{'is' if len(silent) == 1 else 'are'} left out."
                    if silent
                    else ""
                ),
                text,
            ),
        ],
        canvasmaker=marked(draft),
    )
    return buffer.getvalue()


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"


def _stat(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
