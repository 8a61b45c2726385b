"""The synthesis summary as a PDF table."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from extractor import __version__
from extractor.core.forms import Form
from extractor.core.synthesis import GAP_COLUMNS, column_label, columns
from extractor.reports.draft import marked
from extractor.reports.fonts import escaped, register_fonts

COUNTS = ("_missing", *(f"_{name}" for name in GAP_COLUMNS.values()))


def synthesis_pdf(
    title: str,
    form: Form,
    by: list[str],
    rows: list[dict[str, object]],
    draft: str | None = None,
) -> bytes:
    regular, bold = register_fonts()
    cell = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
    head = ParagraphStyle("head", fontName=bold, fontSize=8, leading=10)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=13, leading=16)
    header = [c for c in columns(rows) if not c.endswith(COUNTS)]
    labels = [_label(form, c) for c in header]
    data = [[Paragraph(label, head) for label in labels]]
    for row in rows:
        data.append([Paragraph(_cell(row, c), cell) for c in header])
    width = landscape(A4)[0] - 30 * mm
    table: Flowable = Paragraph(
        "No study has a row to group yet: nothing to sum. The table fills in as reviewers "
        "extract the groups' rows.",
        cell,
    )
    if rows:
        table = _table(data, width / len(header))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Synthesis: {title}",
        creator=f"Extractor {__version__}",
        invariant=1,
    )
    by_text = ", ".join(_label(form, key) for key in by)
    note = (
        "Sums add each arm's numbers. Values the studies do not report, values not "
        "extracted yet and values in conflict are left out of sums and statistics; the "
        "last two are counted under each sum. Studies: distinct studies with at least one "
        "matching row."
    )
    document.build(
        [
            Paragraph(f"Synthesis by {escaped(by_text)} — {escaped(title)}", heading),
            Spacer(1, 4 * mm),
            table,
            Spacer(1, 3 * mm),
            Paragraph(note, cell),
        ],
        canvasmaker=marked(draft),
    )
    return buffer.getvalue()


def _label(form: Form, column: str) -> str:
    return escaped(column_label(form, column))


def _table(data: list[list[Paragraph]], column: float) -> Table:
    table = Table(data, repeatRows=1, colWidths=[column] * len(data[0]), splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _cell(row: dict[str, object], column: str) -> str:
    """The value, and beside a sum or a count of values, how many are gaps of the
    review (in conflict, not extracted) rather than not reported."""
    text = _text(row.get(column))
    key = column.removesuffix("_n")
    counts = [(name, row.get(f"{key}_{name}")) for name in GAP_COLUMNS.values()]
    gaps = [f"{n} {name.replace('_', ' ')}" for name, n in counts if isinstance(n, int) and n]
    return text + (f"<br/><i>({', '.join(gaps)})</i>" if gaps else "")


def _text(value: object) -> str:
    return "–" if value is None else escaped(str(value))
