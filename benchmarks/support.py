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


def article_pdf(pages: int, figure_every: int = 0) -> bytes:
    """A text-heavy document with a few lines and a table-like block per page; with
    `figure_every`, every so many pages is a dense vector figure (a plot or a map),
    slow to draw."""
    document = pymupdf.open()
    figure = _figure() if figure_every else None
    for number in range(pages):
        page = document.new_page()
        if figure is not None and number % figure_every == figure_every - 1:
            page.show_pdf_page(page.rect, figure, 0)
            continue
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


def _figure(strokes: int = 1500) -> pymupdf.Document:
    """A page crossed by one long path of many strokes (about 0.1 s to draw), drawn
    once and shown on every figure page."""
    figure = pymupdf.open()
    shape = figure.new_page().new_shape()
    points = [(50 + (index * 37) % 500, 50 + (index * 91) % 700) for index in range(strokes)]
    shape.draw_polyline(points)
    shape.finish(color=(0, 0, 0.5), width=0.3)
    shape.commit()
    return figure


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process (by default this one), in MB (Linux)."""
    with open(f"/proc/{pid or os.getpid()}/statm") as handle:
        resident_pages = int(handle.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
