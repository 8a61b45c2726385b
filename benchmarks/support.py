"""Shared by the benchmark scripts: the result line, timing, test documents."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

import pymupdf


def result(metric: str, value: float, budget: float, ok: bool) -> None:
    """The last line of every benchmark, as CLI.md describes it."""
    print(f"RESULT {metric}={value:.3f} budget={budget:g} {'ok' if ok else 'FAIL'}")


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def article_pdf(pages: int) -> bytes:
    """A text-heavy document with a few lines and a table-like block per page."""
    document = pymupdf.open()
    for number in range(pages):
        page = document.new_page()
        page.insert_text((72, 60), f"Page {number + 1}: Results of the extraction", fontsize=14)
        y = 90
        for line in range(45):
            text = (
                f"Line {line + 1}: patients treated with rituximab 375 mg/m2 weekly; ALT and AST "
                f"fell in {line % 7 + 1} of 8 patients within {line % 5 + 2} months."
            )
            page.insert_text((56, y), text, fontsize=8.5)
            y += 15
        page.draw_rect(pymupdf.Rect(56, y, 540, y + 40), color=(0, 0, 0), fill=(0.9, 0.93, 0.97))
    return document.tobytes()


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process (by default this one), in MB (Linux)."""
    with open(f"/proc/{pid or os.getpid()}/statm") as handle:
        resident_pages = int(handle.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
