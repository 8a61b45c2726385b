"""Light, dark, or whatever the system uses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication


def apply_theme(theme: str) -> None:
    hints = QGuiApplication.styleHints()
    if not hasattr(hints, "setColorScheme"):  # Qt before 6.8 always follows the system
        return
    scheme = {
        "light": Qt.ColorScheme.Light,
        "dark": Qt.ColorScheme.Dark,
    }.get(theme, Qt.ColorScheme.Unknown)
    hints.setColorScheme(scheme)
