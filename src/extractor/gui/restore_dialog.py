"""File > Restore from backup: this project's backups, newest first, with what
each holds; the chosen one is written out as a project of its own and opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app.backups import Backup


def describe(backup: Backup) -> str:
    studies = f"{backup.studies:,} stud{'y' if backup.studies == 1 else 'ies'}"
    answers = f"{backup.answers:,} answer{'' if backup.answers == 1 else 's'}"
    return f"{backup.taken:%d %b %Y, %H:%M:%S}  ·  {studies}, {answers}"


class RestoreDialog(QDialog):
    def __init__(self, found: list[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.found = found
        layout = QVBoxLayout(self)
        hint = (
            "Choose a backup. It opens as a project of its own, beside this one; "
            "this project stays as it is."
            if found
            else "This project has no backups yet. Extractor backs up the open project "
            "every few minutes (Edit > Settings)."
        )
        text = QLabel(hint)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.choices = QListWidget()
        self.choices.setAccessibleName("Backups")
        for backup in found:
            item = QListWidgetItem(describe(backup))
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        layout.addWidget(self.choices)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(
            "Restore as a new project", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(found))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.choices.itemDoubleClicked.connect(lambda _: self.accept())
        layout.addWidget(buttons)
        self.resize(520, 320)

    def chosen(self) -> Backup | None:
        row = self.choices.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None
