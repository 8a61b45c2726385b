"""A 500-study characteristics table, against reportlab building the same table.

Baseline: reportlab lays out the same cell texts as Paragraphs in one Table with
a repeated header, equal column widths, on landscape A4. Measured: Extractor's
table export from the studies' answers (cell texts, column widths fitted to the
content, captions, abbreviations footnote, Unicode font). Budget: at most 2x.
"""

from __future__ import annotations

import io
import random
import sys

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
from support import median_seconds, result

from extractor.core.forms import load_form_json
from extractor.core.model import Citation, ExtractionData, StudyInfo
from extractor.core.sources import Sourced
from extractor.core.tables import build_tables
from extractor.reports.fonts import register_fonts
from extractor.reports.tables_pdf import tables_pdf
from extractor.resources import resource

BUDGET = 2.0
STUDIES = 500
WORDS = [
    "patients",
    "treated",
    "with",
    "rituximab",
    "azathioprine",
    "prednisolone",
    "improved",
    "ALT",
    "AST",
    "response",
    "relapse",
    "weeks",
]


def row_of(label: str, ref: str, data: ExtractionData) -> Sourced:
    """A study's answers as an export gathers them: one reviewer's, nothing open."""
    return Sourced.alone(StudyInfo(ref, label, ref, Citation()), None, data)


def studies() -> list[Sourced]:
    rng = random.Random(500)
    found = []
    for number in range(STUDIES):

        def text(n: int) -> str:
            return " ".join(rng.choice(WORDS) for _ in range(n))

        data = ExtractionData(
            values={
                "category": rng.choice(["treatment", "induced"]),
                "country": rng.choice(["Spain", "Canada", "Greece"]),
                "design": "Case series",
                "age": f"{rng.randint(18, 40)}-{rng.randint(41, 80)}",
                "comorbidity": text(12),
                "aih_type": "Refractory AIH",
                "previous_intervention": text(10),
                "comparison": "None",
                "outcomes": text(6),
                "result": text(15),
            },
            groups={
                "arms": [
                    {
                        "agent": "Rituximab",
                        "dose": "375 mg/m2 weekly",
                        "patients": rng.randint(1, 40),
                        "improved": rng.randint(0, 10),
                    }
                ]
            },
        )
        found.append(row_of(f"Author{number} et al", str(number + 1), data))
    return found


def reportlab_alone(rows: list[list[str]]) -> bytes:
    regular, _ = register_fonts()
    style = ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9.2)
    data = [[Paragraph(text, style) for text in row] for row in rows]
    width = landscape(A4)[0] - 28 * mm
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), invariant=1)
    document.build([Table(data, colWidths=[width / len(rows[0])] * len(rows[0]), repeatRows=1)])
    return buffer.getvalue()


def main() -> int:
    path = resource("demo", "aih_form.json")
    form = load_form_json(path.read_text(encoding="utf-8"), str(path))
    items = studies()
    glossary = {
        "ALT": "alanine aminotransferase",
        "AST": "aspartate aminotransferase",
        "AIH": "autoimmune hepatitis",
    }
    [table] = build_tables(form, items, glossary=glossary)
    rows = [table.headers, *table.rows]
    register_fonts()
    baseline = median_seconds(lambda: reportlab_alone(rows), 3)
    ours = median_seconds(
        lambda: tables_pdf(build_tables(form, items, glossary=glossary), "Benchmark"), 3
    )
    ratio = ours / baseline
    print(f"{STUDIES} studies, {len(table.headers)} columns")
    print(f"reportlab building the same table: {baseline:.2f} s; Extractor's export: {ours:.2f} s")
    result("table_export_ratio", ratio, BUDGET, ratio <= BUDGET)
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
