"""Drawing a 200-study forest plot, against bare reportlab drawing as many lines.

The baseline draws, on the same number of landscape A4 pages and in the same
embedded font, one line and one string per study and the axis. Measured: the whole forest plot of a REML
analysis of 200 studies: wrapped labels, arms, boxes, intervals, weights, the
diamond, the prediction interval and the heterogeneity lines, paginated with the
header on every page. Budget: at most 12 times the baseline.
"""

from __future__ import annotations

import io
import random
import sys

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from support import median_seconds, result

from extractor.core.meta.analysis import StudyInput, analyse
from extractor.core.meta.effect_sizes import ArmCounts, Measure
from extractor.core.meta.pooling import Method
from extractor.reports.fonts import register_fonts
from extractor.reports.forest_plot import ForestPlot, forest_pdf

STUDIES = 200
BUDGET = 12.0


def bare(pages: int, font: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4), invariant=1)
    canvas.setFont(font, 7.5)
    per_page = -(-STUDIES // pages)
    for page in range(pages):
        for row in range(per_page):
            y = 520 - row * 12
            canvas.drawString(40, y, f"Study {page * per_page + row}")
            canvas.line(300, y, 420, y)
        canvas.line(250, 40, 500, 40)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main() -> int:
    rng = random.Random(16)
    studies = []
    for number in range(STUDIES):
        n1, n2 = rng.randint(20, 400), rng.randint(20, 400)
        label = f"Author{number} et al, a multicentre trial of the vaccine {number}"
        studies.append(
            StudyInput(
                label,
                ArmCounts(rng.randint(1, n1 // 3), n1),
                ArmCounts(rng.randint(1, n2 // 2), n2),
            )
        )
    analysis = analyse(studies, Measure.RR, Method.REML)
    plot = ForestPlot(analysis, "Death: vaccine vs placebo", "Vaccine", "Placebo")
    regular, _ = register_fonts()
    pdf = forest_pdf(plot)
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        pages = document.page_count
    baseline = median_seconds(lambda: bare(pages, regular), 5)
    ours = median_seconds(lambda: forest_pdf(plot), 5)
    ratio = ours / baseline
    print(f"{STUDIES} studies on {pages} pages")
    print(f"bare reportlab: {baseline * 1e3:.1f} ms; the forest plot: {ours * 1e3:.1f} ms")
    result("forest_plot_ratio", ratio, BUDGET, ratio <= BUDGET)
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
