"""Characteristics tables as an editable Word file, for journals that ask for one."""

from __future__ import annotations

import datetime
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Row

from extractor.core.tables import CharacteristicsTable, footnote
from extractor.zips import stable_zip

PAGE_SIZES_MM = {"A4": (210, 297), "Letter": (215.9, 279.4)}
FIXED_TIME = datetime.datetime(2000, 1, 1)


def tables_docx(
    tables: list[CharacteristicsTable],
    title: str,
    page_size: str = "A4",
    landscape_pages: bool = True,
    draft: str | None = None,
) -> bytes:
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "Extractor"
    document.core_properties.created = FIXED_TIME
    document.core_properties.modified = FIXED_TIME
    document.core_properties.last_modified_by = "Extractor"
    short, long = PAGE_SIZES_MM.get(page_size, PAGE_SIZES_MM["A4"])
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape_pages else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Mm(long), Mm(short)) if landscape_pages else (Mm(short), Mm(long))
    )
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(14))
    style = document.styles["Normal"]
    style.font.size = Pt(8)
    if draft:  # in the page header: on every page, as the PDF has it
        run = section.header.paragraphs[0].add_run(draft)
        run.bold = True
        run.font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
    for index, table in enumerate(tables):
        if index:
            document.add_page_break()  # type: ignore[no-untyped-call]  # unannotated in python-docx
        document.add_paragraph().add_run(table.caption).bold = True
        grid = document.add_table(rows=1, cols=len(table.headers))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        _repeat_header(grid.rows[0])
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
        if table.abbreviations:
            document.add_paragraph(f"Abbreviations: {footnote(table.abbreviations)}.").runs[
                0
            ].font.size = Pt(7)
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue())


def _repeat_header(row: _Row) -> None:
    """Word repeats a row marked as a table header at the top of every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
