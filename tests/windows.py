"""The main window as the window tests open it, and its menu actions by name."""

from __future__ import annotations

from pathlib import Path

from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.gui.main_window import MainWindow
from extractor.store.project import ProjectFile


def open_window(qtbot, project: Path, reviewer: str = "Tess Tester") -> MainWindow:
    """The project in a shown window, this desktop's profile being `reviewer`."""
    AppConfig(profile=ReviewerProfile.new(reviewer)).save()
    window = MainWindow(ProjectFile.open(project), AppConfig.load())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def trigger(window: MainWindow, menu: str, item: str) -> None:
    """Choose a menu item, as "File", "Import references…"."""
    for entry in window.menuBar().actions():
        if entry.text().replace("&", "") == menu:
            for action in entry.menu().actions():
                if action.text().replace("&", "") == item:
                    action.trigger()
                    return
    raise AssertionError(f"no menu item {menu} > {item}")
