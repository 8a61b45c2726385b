"""Agreement statistics in the window, with a one-click PDF or CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from extractor.app import formats
from extractor.core.agreement import FieldAgreement
from extractor.gui import file_dialogs

COLUMNS = ("Form", "Field", "Compared", "Agreed", "Agreement", "Kappa", "AC1")


class AgreementDialog(QDialog):
    def __init__(
        self,
        fields: list[FieldAgreement],
        save: Callable[[Path], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement between reviewers")
        self.resize(720, 560)
        self._save = save
        compared = sum(f.compared for f in fields)
        agreed = sum(f.agreed for f in fields)
        summary = (
            f"Overall: {agreed} of {compared} answers agree ({100 * agreed / compared:.1f} %), "
            "before any disagreement was resolved."
            if compared
            else "Nothing to compare yet: two reviewers must have answered the same studies."
        )
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(fields), len(COLUMNS))
        self.table.setAccessibleName("Agreement per field")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        for row, item in enumerate(fields):
            cells = (
                item.form_name,
                item.label,
                str(item.compared),
                str(item.agreed),
                "–" if item.percent is None else f"{item.percent:.1f} %",
                "–" if item.kappa is None else f"{item.kappa:.2f}",
                "–" if item.ac1 is None else f"{item.ac1:.2f}",
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(
            "Save as PDF or CSV…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.clicked.connect(self._choose_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _choose_file(self) -> None:
        path = file_dialogs.save_file(
            self, "Save agreement", "agreement.pdf", formats.AGREEMENT.dialog_filter()
        )
        if path is not None:
            self._save(path)
