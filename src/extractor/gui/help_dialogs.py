"""Help: the user guide, the keyboard shortcuts and what this program is."""

from __future__ import annotations

import importlib.metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from extractor import __version__
from extractor.gui.conflict_panel import KEYS
from extractor.resources import resource

LIBRARIES = (
    "SQLAlchemy",
    "alembic",
    "PyMuPDF",
    "reportlab",
    "openpyxl",
    "python-docx",
    "platformdirs",
)


class TextDialog(QDialog):
    def __init__(
        self, title: str, parent: QWidget | None = None, markdown: str = "", html: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 640)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setAccessibleName(title)
        if markdown:
            self.text.setMarkdown(markdown)
        else:
            self.text.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def guide(parent: QWidget) -> TextDialog:
    return TextDialog(
        "User guide", parent, markdown=resource("guide.md").read_text(encoding="utf-8")
    )


PDF_KEYS = (
    ("Home / End", "First page / last page"),
    ("Space / Shift+Space", "A screen down / up"),
    ("PgDn / PgUp", "A screen down / up"),
    ("Ctrl+= or Ctrl++ / Ctrl+-", "Zoom in / out"),
    ("Ctrl+mouse wheel", "Zoom in or out"),
)


def shortcuts(parent: QWidget, actions: list[QAction]) -> TextDialog:
    rows = sorted(
        (a.text().replace("&", ""), a.shortcut().toString())
        for a in actions
        if not a.shortcut().isEmpty()
    )
    table = "".join(f"<tr><td>{name}</td><td><b>{keys}</b></td></tr>" for name, keys in rows)
    reader = "".join(f"<tr><td>{what}</td><td><b>{keys}</b></td></tr>" for keys, what in PDF_KEYS)
    conflicts = "".join(
        f"<tr><td>{what.capitalize()}</td><td><b>{key}</b></td></tr>" for key, what in KEYS.items()
    )
    html = (
        f"<h3>Keyboard shortcuts</h3><table cellpadding='4'>{table}</table>"
        f"<h3>In the PDF</h3><table cellpadding='4'>{reader}</table>"
        f"<h3>In the list of conflicts</h3><table cellpadding='4'>{conflicts}</table>"
    )
    return TextDialog("Keyboard shortcuts", parent, html=html)


def about(parent: QWidget) -> TextDialog:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    html = (
        f"<h2>Extractor {__version__}</h2>"
        "<p>Offline data extraction for systematic reviews: dual independent review, every "
        "value traceable to its quote, publication outputs in one click.</p>"
        "<p>Free software under the GNU Affero General Public License, version 3 or later.</p>"
        f"<p>Built with Qt {qVersion()} (PySide6 {pyside_version}), " + ", ".join(versions) + ". "
        "Tables and reports embed the DejaVu Sans font.</p>"
    )
    return TextDialog("About Extractor", parent, html=html)
