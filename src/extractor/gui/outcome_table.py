"""An outcome field as a compact grid: one row per outcome, time point and arm,
rows of one outcome banded together, the columns a row uses (more on request),
typing checks shown under the grid as they are found, and the calculators."""

from __future__ import annotations

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from extractor.core.field_types.base import normalise_text
from extractor.core.field_types.outcomes import DERIVATION, OUTCOME, TIMEPOINT
from extractor.core.forms import Field
from extractor.core.model import Evidence
from extractor.core.outcome_checks import add_derivation, outcome_warnings
from extractor.core.values import Value
from extractor.gui.group_table import GroupEditor
from extractor.gui.theme import BAD, shade, tint

# The columns a continuous row shows unless a row uses the others or the user asks.
_ALWAYS = {"outcome", "timepoint", "arm", "unit", "n", "events", "mean", "sd", DERIVATION}


class OutcomeEditor(GroupEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.study_n: float | None = None
        self.warnings: dict[int, list[str]] = {}
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Never wider than the form: the grid scrolls sideways instead.
        self.table.setMinimumWidth(120)
        self.table.setSizePolicy(
            QSizePolicy.Policy.Ignored, self.table.sizePolicy().verticalPolicy()
        )
        self.more_button = QToolButton()
        self.more_button.setText("⋯")
        self.more_button.setCheckable(True)
        self.more_button.setAccessibleName(f"Show every column of {field.label}")
        self.more_button.setToolTip("Show every column, not only those the rows use")
        self.more_button.toggled.connect(lambda _: self._show_columns())
        self.calculate_button = QToolButton()
        self.calculate_button.setText("ƒx")
        self.calculate_button.setAccessibleName("Calculate values of the current row")
        self.calculate_button.setToolTip(
            "Work out an SD, or a mean and SD, from what the paper reports, or combine two groups"
        )
        self.calculate_button.clicked.connect(self._calculate)
        self.calculate_button.setVisible(field.type == "continuous")
        self.more_button.setVisible(field.type == "continuous")
        self.checks = QLabel("")
        self.checks.setWordWrap(True)
        self.checks.setAccessibleName(f"{field.label} checks")
        self.checks.hide()
        self.buttons.insertWidget(4, self.calculate_button)
        self.buttons.insertWidget(5, self.more_button)
        self.column.addWidget(self.checks)
        self._show_columns()

    def set_rows(self, rows: list[dict[str, Value]], evidence: dict[str, list[Evidence]]) -> None:
        super().set_rows(rows, evidence)
        self._show_columns()
        self._check()
        # The grid scrolls sideways within itself, so keep room for its scroll bar.
        bar = self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(self.table.height() + bar)

    def set_study_n(self, study_n: Value) -> None:
        self.study_n = float(study_n) if isinstance(study_n, int | float) else None
        self._check()

    def _show_columns(self) -> None:
        show_all = self.more_button.isChecked() or self.field.type != "continuous"
        for column, sub in enumerate(self.field.fields):
            used = any(row.get(sub.key) not in (None, "") for row in self._rows)
            self.table.setColumnHidden(column, not (show_all or used or sub.key in _ALWAYS))
        self.table.resizeColumnsToContents()

    def _check(self) -> None:
        self.warnings = outcome_warnings(self.field, self._rows, self.study_n)
        self.table.blockSignals(True)
        band, last = False, None
        for number, row in enumerate(self._rows):
            where = (
                normalise_text(str(row.get(OUTCOME) or "")),
                normalise_text(str(row.get(TIMEPOINT) or "")),
            )
            if where != last:
                band, last = not band, where
            reasons = self.warnings.get(number + 1, [])
            for column, sub in enumerate(self.field.fields):
                item = self.table.item(number, column)
                if item is None:
                    continue
                self._decorate(item, number, sub)
                if self._evidence.get(f"{self.field.key}[{number + 1}].{sub.key}"):
                    continue  # a quoted cell keeps its colour
                if reasons:
                    item.setBackground(QBrush(tint("warning")))
                    item.setToolTip("\n".join(reasons))
                elif not band:
                    item.setBackground(QBrush(tint("band")))
        self.table.blockSignals(False)
        lines = [
            f"⚠ Row {number} ({self._name(number)}): {reason}"
            for number, reasons in sorted(self.warnings.items())
            for reason in reasons
        ]
        self.checks.setText("\n".join(lines))
        self.checks.setStyleSheet(f"color: {shade(*BAD)};")
        self.checks.setVisible(bool(lines))

    def _name(self, number: int) -> str:
        row = self._rows[number - 1]
        parts = [str(row.get(key)) for key in (OUTCOME, TIMEPOINT, "arm") if row.get(key)]
        return ", ".join(parts) or "no outcome yet"

    def _calculate(self) -> None:
        from extractor.gui.calculator_dialog import CalculatorDialog

        number = self.table.currentRow()
        if number < 0 or number >= len(self._rows):
            self.checks.setText("Choose a row first: the calculators fill in the current row.")
            self.checks.setVisible(True)
            return
        row = self._rows[number]
        dialog = CalculatorDialog(row, self)
        if not dialog.exec() or dialog.result_values is None:
            return
        values, method = dialog.result_values
        for key, value in values.items():
            if value != row.get(key):
                self.cell_committed.emit(number + 1, key, value)
        derivation = add_derivation(str(row.get(DERIVATION) or ""), method)
        self.cell_committed.emit(number + 1, DERIVATION, derivation)

    def _decorate(self, item: QTableWidgetItem, number: int, sub: Field) -> None:
        super()._decorate(item, number, sub)
        derivation = self._rows[number].get(DERIVATION) if number < len(self._rows) else None
        if not derivation:
            return
        if sub.key == DERIVATION:
            item.setToolTip(str(derivation))
        elif sub.kind.summable and item.text():  # a number: how the row's values were found
            shown = item.toolTip()
            item.setToolTip(
                f"{shown}\nDerivation: {derivation}" if shown else f"Derivation: {derivation}"
            )
