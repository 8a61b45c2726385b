"""A study's details, as the reviewer adds or edits one: its label, reference number,
authors, year, title, journal, DOI and PMID."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from extractor.core.model import Citation, StudyInfo

NO_YEAR = 0


class StudyDialog(QDialog):
    def __init__(self, study: StudyInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit study" if study else "Add a study")
        citation = study.citation if study else Citation()
        self.label = QLineEdit(study.label if study else "")
        self.label.setPlaceholderText("e.g. Kolev et al")
        self.label.setAccessibleName("Label")
        self.ref = QLineEdit((study.ref or "") if study else "")
        self.ref.setAccessibleName("Reference number")
        self.authors = QLineEdit(citation.authors or "")
        self.year = QSpinBox(minimum=NO_YEAR, maximum=2100)
        self.year.setSpecialValueText("not given")
        self.year.setValue(citation.year or NO_YEAR)
        self.title = QLineEdit(citation.title or "")
        self.journal = QLineEdit(citation.journal or "")
        self.doi = QLineEdit(citation.doi or "")
        self.doi.setPlaceholderText("10.…")
        self.pmid = QLineEdit(citation.pmid or "")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QFormLayout(self)
        for text, widget in (
            ("Label *", self.label),
            ("Reference number", self.ref),
            ("Authors", self.authors),
            ("Year", self.year),
            ("Title", self.title),
            ("Journal", self.journal),
            ("DOI", self.doi),
            ("PMID", self.pmid),
        ):
            layout.addRow(text, widget)
        layout.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.label.textChanged.connect(self._changed)
        self._changed(self.label.text())
        self.resize(520, self.sizeHint().height())

    def _changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(text.strip()))

    def details(self) -> tuple[str, str | None, Citation]:
        """The label, the reference number and the citation as entered."""

        def given(box: QLineEdit) -> str | None:
            return box.text().strip() or None

        citation = Citation(
            given(self.authors),
            self.year.value() or None,
            given(self.title),
            given(self.journal),
            given(self.doi),
            given(self.pmid),
        )
        return self.label.text().strip(), given(self.ref), citation
