"""The file dialogs, all starting where the reviewer last chose a file, else in
their documents folder: never the folder the program was started from, nor a
hidden data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

LAST_FOLDER = "files/last_folder"


def start_folder() -> Path:
    saved = QSettings().value(LAST_FOLDER)
    if isinstance(saved, str) and Path(saved).is_dir():
        return Path(saved)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def _chosen(path: Path) -> Path:
    QSettings().setValue(LAST_FOLDER, str(path if path.is_dir() else path.parent))
    return path


def open_file(parent: QWidget, title: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    return _chosen(Path(name)) if name else None


def open_files(parent: QWidget, title: str, filters: str) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder()), filters)
    return [_chosen(Path(name)) for name in names]


def save_file(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    """A file to write, offered as `suggested` in the start folder (a bare name) or
    where `suggested` says (a path)."""
    place = Path(suggested) if Path(suggested).is_absolute() else start_folder() / suggested
    name, _ = QFileDialog.getSaveFileName(parent, title, str(place), filters)
    return _chosen(Path(name)) if name else None


def folder(parent: QWidget, title: str) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, str(start_folder()))
    return _chosen(Path(name)) if name else None


def show_written(parent: QWidget, text: str, path: Path) -> QMessageBox:
    """Say what was written, with buttons to open the file (or folder) and the folder
    it is in, as a reviewer wants after an export. Not modal: work goes on."""
    box = QMessageBox(QMessageBox.Icon.Information, "Written", text, parent=parent)
    box.setObjectName("written")
    folder = path if path.is_dir() else path.parent
    if not path.is_dir():
        opening = box.addButton("Open file", QMessageBox.ButtonRole.ActionRole)
        opening.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
    showing = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    showing.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
    box.addButton(QMessageBox.StandardButton.Close)
    box.setModal(False)
    box.show()
    return box
