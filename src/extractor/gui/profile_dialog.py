"""Asking who works at this desktop: the reviewer profile."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from extractor.app.desktop import ReviewerProfile
from extractor.core.model import initials_of


class ProfileDialog(QDialog):
    def __init__(
        self, profile: ReviewerProfile | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your reviewer profile")
        self._profile = profile
        intro = QLabel(
            "Every answer you give is recorded with your name, so that two reviewers' "
            "extractions can be compared and the audit log says who did what."
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(profile.name if profile else "")
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Alice Moreau")
        self.initials = QLineEdit(profile.initials if profile else "")
        self.initials.setAccessibleName("Your initials")
        self.initials.setMaxLength(4)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QFormLayout(self)
        layout.addRow(intro)
        layout.addRow("Name", self.name)
        layout.addRow("Initials", self.initials)
        layout.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._changed)
        self._changed(self.name.text())

    def _changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))
        self.initials.setPlaceholderText(initials_of(text))

    def profile(self) -> ReviewerProfile:
        """The profile as entered; the id of an existing profile is kept."""
        name, initials = self.name.text().strip(), self.initials.text().strip()
        if self._profile is not None:
            return ReviewerProfile(self._profile.id, name, initials or initials_of(name))
        return ReviewerProfile.new(name, initials)
