"""How big pages are drawn: zoom and render scale, shared by the view and the
render thread so that the first page can be drawn before the view asks."""

from __future__ import annotations

from dataclasses import dataclass

POINTS_TO_PIXELS = 96 / 72  # 100 % shows a page at its printed size on a 96 dpi screen
MARGIN = 12
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
