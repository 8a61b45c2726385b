"""Screenshots of the main views, taken from the real window on the demo project.

    python scripts/screenshots.py [--out docs/screenshots] [--sizes 1280x800,1920x1080]

Runs under any Qt platform (offscreen included: the window paints itself into the
picture). Each view is saved as `<view>-<width>x<height>.png`: the workspace with a
PDF and its evidence, each form and risk-of-bias tab, the conflict view, the outputs
dialog and the first run's welcome panel.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]


def settle(app: QApplication, window: QWidget, until: float = 0.0) -> None:
    """Let the window finish what it does in the background (reads, renders)."""
    deadline = time.monotonic() + max(until, 0.3)
    lanes = getattr(getattr(window, "session", None), "lanes", None)
    while time.monotonic() < deadline or (lanes is not None and lanes.pending()):
        app.processEvents()
        time.sleep(0.02)
        if time.monotonic() > deadline + 20:
            break


def shoot(widget: QWidget, out: Path, name: str, size: str) -> Path:
    path = out / f"{name}-{size}.png"
    widget.grab().save(str(path), "PNG", 0)  # 0: the smallest file, losslessly
    print(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--sizes", default="1280x800,1920x1080")
    parser.add_argument(
        "--theme", choices=("light", "dark"), help="instead of the desktop's; in the file names"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    home = Path(tempfile.mkdtemp(prefix="extractor-screens-"))
    # A desktop of its own: the screenshots never touch the user's settings or projects.
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(home / name)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("Extractor-screenshots")
    app.setApplicationName("Extractor")
    QSettings().clear()

    from extractor.app.demo import write_demo
    from extractor.app.desktop import AppConfig
    from extractor.gui.main_window import MainWindow
    from extractor.gui.theme import apply_theme

    for width, height in sizes:
        demo = home / f"demo-{width}.extractor"
        project = write_demo(demo)
        config = AppConfig.load()
        apply_theme(args.theme or config.theme)
        window = MainWindow(project, config, first_start=True)
        window.resize(width, height)
        window.show()
        settle(app, window, 1.0)
        size = f"{width}x{height}" + (f"-{args.theme}" if args.theme else "")
        shoot(window, args.out, "first-run", size)
        for dialog in window.findChildren(QWidget):
            if dialog.isWindow() and dialog is not window and dialog.isVisible():
                dialog.close()
        if window.desktop.welcome is not None:  # the working layout from here on
            window.desktop.welcome.close()
        window.studies.select_study(window.studies.model.row_at(0).id)
        settle(app, window, 2.0)
        shoot(window, args.out, "workspace", size)
        for index in range(window.forms.count()):
            window.forms.setCurrentIndex(index)
            settle(app, window, 0.5)
            page = window.forms.widget(index)
            key = next(k for k, shown in window.forms.pages.items() if shown is page)
            shoot(window, args.out, f"form-{key}", size)
        window.review.action.trigger()
        settle(app, window, 1.5)
        shoot(window, args.out, "conflicts", size)
        window.review.action.trigger()
        settle(app, window, 0.5)
        window.outputs.show_outputs()
        settle(app, window, 3.0)
        dialog = window.outputs.dialog
        if isinstance(dialog, QWidget):
            shoot(dialog, args.out, "outputs", size)
            dialog.close()
        window.forms.setCurrentWidget(window.forms.pages["aih"])
        window.form_menu_part.edit_current()
        settle(app, window, 1.5)
        editor = window.form_menu_part.editor
        if editor is not None:
            editor.resize(width - 40, height - 60)
            settle(app, editor, 1.0)
            shoot(editor, args.out, "form-editor", size)
            editor.close()
        window.close()
        settle(app, window, 0.2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
