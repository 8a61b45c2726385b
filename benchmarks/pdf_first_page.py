"""Open a PDF and show its first page in the viewer, against PyMuPDF alone.

Baseline: PyMuPDF opens the same bytes and renders page 1 at the viewer's scale.
Measured: from asking the viewer to show the bytes until page 1 is painted in
the view, on Qt's offscreen platform. Each run of either starts after the same
pause, with the event loop idle. Budget: at most 3x.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pymupdf
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from support import article_pdf, result

from extractor.gui.pdf_view import PdfView

BUDGET = 3.0
RUNS = 15


def main() -> int:
    QApplication.instance() or QApplication(sys.argv[:1])
    data = article_pdf(40)
    view = PdfView()
    view.resize(900, 1000)
    view.show()

    def show_first_page() -> None:
        loop = QEventLoop()

        def shown(page: int) -> None:
            if page == 1:
                loop.quit()

        view.page_rendered.connect(shown)
        view.load(data, "bench.pdf")
        loop.exec()
        view.page_rendered.disconnect(shown)
        view.viewport().repaint()  # the page on screen, painted now

    def settle() -> None:
        """Let the work that follows a shown page (the next page, the text check) end
        outside the timed part, so that each run starts from rest."""
        loop = QEventLoop()
        QTimer.singleShot(150, loop.quit)
        loop.exec()

    def timed_show() -> float:
        start = time.perf_counter()
        show_first_page()
        elapsed = time.perf_counter() - start
        settle()
        return elapsed

    timed_show()  # warm up: thread started, fonts loaded
    scale = view._scale()

    def pymupdf_alone() -> None:
        document = pymupdf.open(stream=data, filetype="pdf")
        document[0].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        document.close()

    def timed_baseline() -> float:
        start = time.perf_counter()
        pymupdf_alone()
        elapsed = time.perf_counter() - start
        settle()
        return elapsed

    pymupdf_alone()
    # Both sides start each run from the same rest, so that neither gains from warm caches.
    baselines = [timed_baseline() for _ in range(RUNS)]
    baseline = statistics.median(baselines)
    shows = [timed_show() for _ in range(RUNS)]
    viewer = statistics.median(shows)
    print("baseline runs (ms):", " ".join(f"{t * 1000:.1f}" for t in baselines))
    print("viewer runs (ms):  ", " ".join(f"{t * 1000:.1f}" for t in shows))
    ratio = viewer / baseline
    print(f"PyMuPDF open + render page 1: {baseline * 1000:.1f} ms (median of {RUNS})")
    print(f"viewer load to first page shown: {viewer * 1000:.1f} ms (median of {RUNS})")
    view.shutdown()
    result("first_page_ratio", ratio, BUDGET, ratio <= BUDGET)
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
