"""Light, dark, or whatever the system uses; and the few colours of our own, in a
shade that reads on either.

Qt 6.8 can ask the platform for a colour scheme, but not every platform answers
(a bare X11 desktop, older Qt): a chosen light or dark theme is therefore also set
as a palette of our own on the Fusion style, so that the choice always shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

_DARK = {
    Role.Window: "#2b2d30",
    Role.WindowText: "#e6e6e6",
    Role.Base: "#1e1f22",
    Role.AlternateBase: "#26282b",
    Role.ToolTipBase: "#3c3f41",
    Role.ToolTipText: "#e6e6e6",
    Role.PlaceholderText: "#8c9096",
    Role.Text: "#e6e6e6",
    Role.Button: "#3c3f41",
    Role.ButtonText: "#e6e6e6",
    Role.BrightText: "#ff6b68",
    Role.Light: "#4a4d50",
    Role.Midlight: "#404346",
    Role.Mid: "#313335",
    Role.Dark: "#1b1c1e",
    Role.Shadow: "#111213",
    Role.Highlight: "#2f65ca",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#6ea8fe",
    Role.LinkVisited: "#b48ead",
}
_DISABLED_DARK = {Role.WindowText: "#7a7d80", Role.Text: "#7a7d80", Role.ButtonText: "#7a7d80"}


def apply_theme(theme: str) -> None:
    """Follow `theme` ("light", "dark" or "system") from now on."""
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8 and newer
        hints.setColorScheme(
            {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
                theme, Qt.ColorScheme.Unknown
            )
        )
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    global _native_style
    if not _native_style:
        _native_style = app.style().name()
        if theme == "system":  # as the app started: nothing to undo, no style to build
            return
    wanted = "fusion" if theme in ("light", "dark") else _native_style
    if app.style().name().lower() != wanted.lower():
        style = QStyleFactory.create(wanted)
        if style is not None:
            app.setStyle(style)
    if theme == "dark":
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())


_native_style = ""  # the platform's own style, to go back to for "system"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DISABLED_DARK.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def is_dark() -> bool:
    """Whether the window is drawn light on dark now."""
    return QApplication.palette().color(Role.Window).lightness() < 128


def shade(light: str, dark: str) -> str:
    """The colour for the theme in use: `light` on a light window, else `dark`."""
    return dark if is_dark() else light


def muted() -> str:
    """Help text and hints: quieter than the text, readable on either theme."""
    return shade("#5f6368", "#9aa0a6")


def tint(kind: str) -> QColor:
    """A cell's or a row's background that says something: "resolved", "quoted",
    "invalid", "warning", "band"."""
    light, dark = _TINTS[kind]
    return QColor(shade(light, dark))


_TINTS = {
    "resolved": ("#e8f5e9", "#1e3b26"),
    "quoted": ("#dcedc8", "#2f4a1f"),
    "invalid": ("#ffcdd2", "#5c2b2b"),
    "warning": ("#fff3cd", "#4d3d12"),
    "band": ("#f3f6fa", "#2a2f36"),  # every other outcome's rows, to tell outcomes apart
}

# Words that say how a save went, or what is wrong.
GOOD = ("#2e7d32", "#81c784")
BAD = ("#c62828", "#ef9a9a")
NOTE = ("#1f5f99", "#8ab4f8")
