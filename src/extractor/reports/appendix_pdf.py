"""The evidence appendix as a PDF: per study and form, each value beside the quotes
it was read from, ready to attach to a review as a supplementary file."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from extractor import __version__
from extractor.core.appendix import Quote, StudyPart
from extractor.reports.draft import marked
from extractor.reports.fonts import register_fonts
from extractor.reports.tables_pdf import markup

MARGIN = 15 * mm
SHARES = (0.27, 0.23, 0.50)  # field, value, quotes


def appendix_pdf(title: str, studies: list[StudyPart], draft: str | None = None) -> bytes:
    regular, bold = register_fonts()
    text = ParagraphStyle("text", fontName=regular, fontSize=7.5, leading=9.5)
    head = ParagraphStyle("head", fontName=bold, fontSize=7.5, leading=9.5)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=13, leading=16, spaceAfter=2 * mm)
    study_style = ParagraphStyle(
        "study", fontName=bold, fontSize=10.5, leading=13, spaceBefore=5 * mm, keepWithNext=1
    )
    form_style = ParagraphStyle(
        "form", fontName=regular, fontSize=8.5, leading=11, spaceBefore=2 * mm, keepWithNext=1
    )
    width = A4[0] - 2 * MARGIN
    story: list[Flowable] = [
        Paragraph(f"Evidence appendix — {markup(title)}", heading),
        Paragraph(
            "Each extracted value with the quotes the reviewers tied to it in the full "
            "text: the quote, its page and document, and who quoted it. Where a "
            "reviewer's own value differs from the value shown, it is given with their "
            "quote.",
            text,
        ),
    ]
    for study in studies:
        ref = f"{study.ref}. " if study.ref else ""
        story.append(Paragraph(markup(f"{ref}{study.label}"), study_style))
        if not study.forms:
            story.append(Paragraph("Not extracted yet.", text))
        for part in study.forms:
            story.append(Paragraph(markup(f"{part.form} (values: {part.source})"), form_style))
            rows: list[list[Flowable | str]] = [
                [Paragraph("Field", head), Paragraph("Value", head), Paragraph("Quotes", head)]
            ]
            for entry in part.entries:
                quotes = "<br/>".join(_quote(q) for q in entry.quotes) or "<i>no quote</i>"
                rows.append(
                    [
                        Paragraph(markup(entry.field), text),
                        Paragraph(markup(entry.value), text),
                        Paragraph(quotes, text),
                    ]
                )
            table = Table(rows, colWidths=[width * s for s in SHARES], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                        ("LEFTPADDING", (0, 0), (-1, -1), 2),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    ]
                )
            )
            story.append(table)
    story.append(Spacer(1, 4 * mm))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Evidence appendix: {title}",
        creator=f"Extractor {__version__}",
        invariant=1,
    )
    document.build(story, canvasmaker=marked(draft))
    return buffer.getvalue()


def _quote(quote: Quote) -> str:
    ocr = " (OCR text of a scanned page)" if quote.ocr else ""
    where = f"{quote.reviewer}, p. {quote.page}{ocr}, {quote.document}"
    theirs = f" (their value: {markup(quote.their_value)})" if quote.their_value else ""
    return f"“{markup(quote.text)}” — <i>{markup(where)}</i>{theirs}"
