"""A short article-like PDF: title, authors, abstract paragraphs and a table.

The demo project attaches one per study so that a new user has a full text to
read, search and quote from. The text is synthetic and says so on every page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

NOTICE = "Synthetic demonstration text written by Extractor from published study facts; not the original article."


@dataclass(frozen=True)
class Article:
    title: str
    authors: str
    journal: str
    sections: list[tuple[str, str]] = field(default_factory=list)
    table_caption: str = ""
    table: list[list[str]] = field(default_factory=list)


def article_pdf(article: Article) -> bytes:
    """Render the article to PDF bytes (the same bytes for the same article)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=article.title,
        author=article.authors,
        creator="Extractor",
        invariant=1,
    )
    document.build(_story(article), onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _story(article: Article) -> list[Flowable]:
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13.5)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    story: list[Flowable] = [
        Paragraph(_escape(article.title), styles["Title"]),
        Paragraph(_escape(article.authors), ParagraphStyle("authors", parent=body, alignment=1)),
        Paragraph(
            f"<i>{_escape(article.journal)}</i>",
            ParagraphStyle("journal", parent=body, alignment=1, textColor=colors.grey),
        ),
        Spacer(1, 8 * mm),
    ]
    for heading, text in article.sections:
        story.append(Paragraph(_escape(heading), styles["Heading3"]))
        story.append(Paragraph(_escape(text), body))
    if article.table:
        story.append(Spacer(1, 5 * mm))
        if article.table_caption:
            story.append(Paragraph(f"<b>{_escape(article.table_caption)}</b>", body))
            story.append(Spacer(1, 2 * mm))
        data = [[Paragraph(_escape(text), cell) for text in row] for row in article.table]
        table = Table(data, repeatRows=1, hAlign="LEFT", colWidths=_widths(article.table))
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    return story


def _widths(rows: list[list[str]]) -> list[float]:
    """Share the text width among columns by the length of their longest cell."""
    usable = A4[0] - 40 * mm
    longest = [max(min(len(row[i]), 60) for row in rows) + 6 for i in range(len(rows[0]))]
    return [usable * n / sum(longest) for n in longest]


def _footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica-Oblique", 7.5)
    canvas.setFillColor(colors.grey)
    canvas.drawString(document.leftMargin, 12 * mm, NOTICE)
    canvas.drawRightString(A4[0] - document.rightMargin, 12 * mm, f"Page {document.page}")
    canvas.restoreState()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
