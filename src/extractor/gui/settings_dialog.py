"""The desktop's settings: reviewer profile, the page size of new projects, backups,
theme. What a project's outputs look like is kept in the project (Publication outputs)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from extractor.app.desktop import AppConfig, ReviewerProfile
from extractor.core.model import initials_of


class SettingsDialog(QDialog):
    def __init__(self, config: AppConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.config = config
        profile = config.profile
        self.name = QLineEdit(profile.name if profile else "")
        self.name.setAccessibleName("Your name")
        self.initials = QLineEdit(profile.initials if profile else "")
        self.initials.setAccessibleName("Your initials")
        self.initials.setMaxLength(4)
        self.page_size = QComboBox()
        self.page_size.setAccessibleName("Page size of new projects")
        self.page_size.addItems(["A4", "Letter"])
        self.page_size.setCurrentText(config.page_size)
        self.backup = QSpinBox(minimum=0, maximum=240, suffix=" min")
        self.backup.setSpecialValueText("never")
        self.backup.setAccessibleName("Backup interval")
        self.backup.setValue(config.backup_minutes)
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for text, value in (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark")):
            self.theme.addItem(text, value)
        self.theme.setCurrentIndex(max(self.theme.findData(config.theme), 0))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Your name", self.name)
        form.addRow("Initials", self.initials)
        form.addRow("Page size of new projects", self.page_size)
        form.addRow("Back up the open project every", self.backup)
        form.addRow("Theme", self.theme)
        form.addRow(buttons)

    def apply(self) -> AppConfig:
        """Write what the dialog shows into the config (the caller saves it)."""
        name = self.name.text().strip()
        if name:
            initials = self.initials.text().strip() or initials_of(name)
            old = self.config.profile
            self.config.profile = (
                ReviewerProfile(old.id, name, initials)
                if old
                else ReviewerProfile.new(name, initials)
            )
        self.config.page_size = self.page_size.currentText()
        self.config.backup_minutes = self.backup.value()
        self.config.theme = self.theme.currentData()
        return self.config
