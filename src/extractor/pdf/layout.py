"""How big pages are drawn and where: zoom, render scale and the column of pages.

Shared by the view and the render process, so that the first page can be drawn
before the view asks for it."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

POINTS_TO_PIXELS = 96 / 72  # 100 % shows a page at its printed size on a 96 dpi screen
MARGIN = 12  # pixels around the column of pages
GAP = 10  # pixels between pages
ZOOM_MIN, ZOOM_MAX = 0.25, 6.0


@dataclass(frozen=True)
class Viewport:
    fit: str | None  # "width", "page" or None for a fixed zoom
    zoom: float
    width: int
    height: int
    pixel_ratio: float


def clamp_zoom(zoom: float) -> float:
    return min(max(zoom, ZOOM_MIN), ZOOM_MAX)


def fitted_zoom(viewport: Viewport, page_width: float, page_height: float) -> float:
    """The zoom that shows a page of this size as the viewport's fit asks."""
    if viewport.fit is None:
        return clamp_zoom(viewport.zoom)
    zoom = (viewport.width - 2 * MARGIN) / (page_width * POINTS_TO_PIXELS)
    if viewport.fit == "page":
        zoom = min(zoom, (viewport.height - 2 * MARGIN) / (page_height * POINTS_TO_PIXELS))
    return clamp_zoom(zoom)


def render_scale(zoom: float, pixel_ratio: float) -> float:
    """Device pixels per PDF point: crisp on high-DPI screens."""
    return round(zoom * POINTS_TO_PIXELS * pixel_ratio, 4)


class PageColumn:
    """Pages stacked top to bottom at one zoom, in pixels of the scrolled content:
    where each page is, which pages a stretch of the content shows, and which point
    of which page is at a given height (to keep it in place when the zoom changes)."""

    def __init__(self) -> None:
        self.sizes: list[tuple[float, float]] = []  # in points
        self.unit = POINTS_TO_PIXELS  # pixels per point
        self.tops: list[float] = []

    def arrange(
        self, sizes: list[tuple[float, float]] | None = None, unit: float | None = None
    ) -> None:
        """Lay the pages out again, with new sizes or at a new zoom."""
        if sizes is not None:
            self.sizes = [(width, height) for width, height in sizes]
        if unit is not None:
            self.unit = unit
        self.tops, y = [], float(MARGIN)
        for _, height in self.sizes:
            self.tops.append(y)
            y += height * self.unit + GAP

    def __len__(self) -> int:
        return len(self.sizes)

    @property
    def widest(self) -> float:
        """The widest page's width, in points."""
        return max((width for width, _ in self.sizes), default=0.0)

    def content_size(self) -> tuple[int, int]:
        if not self.sizes:
            return 0, 0
        width = self.widest * self.unit + 2 * MARGIN
        height = self.tops[-1] + self.sizes[-1][1] * self.unit + MARGIN
        return int(width), int(height)

    def page_box(self, page: int, room: float) -> tuple[float, float, float, float]:
        """Left, top, width and height of a page centred in `room` pixels of width.
        Left and top are whole pixels, so that page images are drawn without
        resampling."""
        width, height = self.sizes[page]
        pixel_width = width * self.unit
        return (
            round((room - pixel_width) / 2),
            round(self.tops[page]),
            pixel_width,
            height * self.unit,
        )

    def page_at(self, y: float) -> int:
        """The page at height `y` (or the gap below it)."""
        return max(0, bisect.bisect_right(self.tops, y) - 1)

    def pages_in(self, top: float, bottom: float) -> range:
        """The pages that a stretch of the content, from `top` to `bottom`, shows."""
        if not self.tops:
            return range(0)
        first, last = self.page_at(top), self.page_at(bottom)
        return range(first, min(max(first, last), len(self.sizes) - 1) + 1)

    def height_of(self, page: int, y: float) -> float:
        """The content height of point `y` (in points) on a page."""
        return self.tops[page] + y * self.unit

    def anchor(self, top: float) -> tuple[int, float] | None:
        """The page at height `top` and how far down it, in points."""
        if not self.tops:
            return None
        page = self.page_at(top)
        # In the gap below a page: its bottom edge, since the gap does not grow with the zoom.
        return page, min((top - self.tops[page]) / self.unit, self.sizes[page][1])
