"""Scroll a 500-page PDF from top to bottom and watch resident memory.

Baseline: the resident memory of the application's process and of its PDF
render process together, once the document is open and its first page shown. Measured: the highest resident memory while scrolling to the
end, a screen at a time, each screen's pages drawn before the next step.
Budget: it grows by less than 150 MB; pages off screen are released.
"""

from __future__ import annotations

import gc
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from support import article_pdf, result, rss_mb

from extractor.gui.pdf_view import LOOKAHEAD, PdfView

BUDGET_MB = 150.0
PAGES = 500


def wait_until_drawn(view: PdfView) -> None:
    """Return once every visible page of the view has its image."""
    loop = QEventLoop()
    scale = view._scale()

    def check(_page: int = 0) -> None:
        if all(view._drawn(page, scale) for page in view.visible_pages()):
            loop.quit()

    view.page_rendered.connect(check)
    QTimer.singleShot(0, check)
    loop.exec()
    view.page_rendered.disconnect(check)


def main() -> int:
    QApplication.instance() or QApplication(sys.argv[:1])
    data = article_pdf(PAGES)
    view = PdfView()
    view.resize(900, 1000)
    view.show()
    view.load(data, "long.pdf")
    loop = QEventLoop()
    view.document_ready.connect(lambda _pages: loop.quit())
    loop.exec()
    wait_until_drawn(view)
    gc.collect()
    renderer = view.renderer_pid

    def resident() -> float:
        return rss_mb() + rss_mb(renderer)

    opened = resident()
    peak = opened
    most_cached = 0
    bar = view.verticalScrollBar()
    steps = 0
    while bar.value() < bar.maximum():
        bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
        wait_until_drawn(view)
        most_cached = max(most_cached, len(view.cached_pages()))
        peak = max(peak, resident())
        steps += 1
    growth = peak - opened
    last_page = view.visible_pages().stop
    view.shutdown()
    print(f"{PAGES}-page document, {steps} screens scrolled, reached page {last_page}")
    print(
        f"resident memory (window and render processes): {opened:.0f} MB opened, "
        f"{peak:.0f} MB at most while scrolling"
    )
    print(
        f"page images held at once: at most {most_cached} (visible pages and {LOOKAHEAD} on each side)"
    )
    ok = growth < BUDGET_MB and last_page == PAGES
    result("scroll_rss_growth_mb", growth, BUDGET_MB, ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
