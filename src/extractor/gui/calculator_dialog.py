"""The calculators for a continuous row: SD from an SE or a CI, mean and SD from a
median, two groups as one. The result is previewed with its method before it is
written into the row; the method goes into the row's derivation."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from extractor.core.errors import ExtractorError
from extractor.core.meta.conversions import (
    MedianMethod,
    combine_groups,
    mean_sd_from_median,
    sd_from_ci,
    sd_from_se,
)
from extractor.core.values import Value, format_number

Result = tuple[dict[str, Value], str]  # the values for the row, and how they were worked out

_INPUTS = {
    "SD from the SE": [("se", "SE"), ("n", "n")],
    "SD from a CI of the mean": [("ci_low", "CI low"), ("ci_high", "CI high"), ("n", "n"), ("level", "Level (0.95)")],
    "Mean and SD from the median": [
        ("n", "n"), ("median", "Median"), ("q1", "Q1"), ("q3", "Q3"), ("min", "Min"), ("max", "Max"),
    ],
    "Two groups as one": [
        ("n1", "Group 1 n"), ("mean1", "Group 1 mean"), ("sd1", "Group 1 SD"),
        ("n2", "Group 2 n"), ("mean2", "Group 2 mean"), ("sd2", "Group 2 SD"),
    ],
}  # fmt: skip


class CalculatorDialog(QDialog):
    def __init__(self, row: Mapping[str, Value], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Calculate")
        self.result_values: Result | None = None
        self.choice = QComboBox()
        self.choice.setAccessibleName("Calculation")
        self.pages = QStackedWidget()
        self.inputs: dict[str, dict[str, QLineEdit]] = {}
        for name, fields in _INPUTS.items():
            self.choice.addItem(name)
            page = QWidget()
            form = QFormLayout(page)
            edits: dict[str, QLineEdit] = {}
            for key, label in fields:
                edit = QLineEdit(_shown(row.get(key)) if key in row else "")
                edit.setAccessibleName(label)
                edit.textChanged.connect(self._preview)
                form.addRow(label, edit)
                edits[key] = edit
            if name == "Mean and SD from the median":
                self.method = QComboBox()
                self.method.setAccessibleName("Method")
                for method, text in (
                    (MedianMethod.SHI, "Luo (mean), Wan / Shi (SD): metafor's default"),
                    (MedianMethod.LUO_WAN, "Luo (mean), Wan (SD)"),
                    (MedianMethod.HOZO, "Hozo et al. 2005 (median and range only)"),
                ):
                    self.method.addItem(text, method)
                self.method.currentIndexChanged.connect(self._preview)
                form.addRow("Method", self.method)
            self.inputs[name] = edits
            self.pages.addWidget(page)
        self.preview = QLabel("")
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("Result")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Write into the row")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addWidget(self.pages)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.choice.currentIndexChanged.connect(self.pages.setCurrentIndex)
        self.choice.currentIndexChanged.connect(lambda _: self._preview())
        self.choice.setCurrentIndex(_first_fitting(row))
        self.setMinimumWidth(460)
        self._preview()

    def _numbers(self) -> dict[str, float | None]:
        found: dict[str, float | None] = {}
        for key, edit in self.inputs[self.choice.currentText()].items():
            text = edit.text().strip()
            if not text:
                found[key] = None
                continue
            try:
                found[key] = float(text)
            except ValueError:
                raise ExtractorError(f"{edit.accessibleName()}: {text!r} is not a number") from None
        return found

    def _preview(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            self.result_values = _CALCULATIONS[self.choice.currentText()](self._numbers(), self)
        except (ExtractorError, TypeError) as problem:
            self.result_values = None
            reason = str(problem) if isinstance(problem, ExtractorError) else "fill in every box"
            self.preview.setText(f"Cannot calculate yet: {reason}")
            ok.setEnabled(False)
            return
        values, method = self.result_values
        shown = ", ".join(f"{key} = {_shown(value)}" for key, value in values.items())
        self.preview.setText(f"{shown}\n{method}")
        ok.setEnabled(True)


def _shown(value: Value) -> str:
    if isinstance(value, float):
        return format_number(round(value, 4))
    return "" if value is None else str(value)


def _need(numbers: Mapping[str, float | None], key: str) -> float:
    value = numbers.get(key)
    if value is None:
        raise ExtractorError(f"{key} is empty")
    return value


def _sd_from_se(numbers: Mapping[str, float | None], _: CalculatorDialog) -> Result:
    derived = sd_from_se(_need(numbers, "se"), _need(numbers, "n"))
    return {"sd": round(derived.value, 4)}, derived.method


def _sd_from_ci(numbers: Mapping[str, float | None], _: CalculatorDialog) -> Result:
    derived = sd_from_ci(
        _need(numbers, "ci_low"),
        _need(numbers, "ci_high"),
        _need(numbers, "n"),
        numbers.get("level") or 0.95,
    )
    return {"sd": round(derived.value, 4)}, derived.method


def _from_median(numbers: Mapping[str, float | None], dialog: CalculatorDialog) -> Result:
    found = mean_sd_from_median(
        _need(numbers, "n"),
        numbers.get("median"),
        q1=numbers.get("q1"),
        q3=numbers.get("q3"),
        minimum=numbers.get("min"),
        maximum=numbers.get("max"),
        method=dialog.method.currentData(),
    )
    values: dict[str, Value] = {"mean": round(found.mean.value, 4), "sd": round(found.sd.value, 4)}
    return values, f"{found.mean.method}; {found.sd.method}"


def _combine(numbers: Mapping[str, float | None], _: CalculatorDialog) -> Result:
    keys = ("n1", "mean1", "sd1", "n2", "mean2", "sd2")
    n1, mean1, sd1, n2, mean2, sd2 = (_need(numbers, key) for key in keys)
    combined = combine_groups(n1, mean1, sd1, n2, mean2, sd2)
    values: dict[str, Value] = {
        "n": int(combined.n),
        "mean": round(combined.mean, 4),
        "sd": round(combined.sd, 4),
    }
    return values, combined.method


_CALCULATIONS: dict[str, Callable[[Mapping[str, float | None], CalculatorDialog], Result]] = {
    "SD from the SE": _sd_from_se,
    "SD from a CI of the mean": _sd_from_ci,
    "Mean and SD from the median": _from_median,
    "Two groups as one": _combine,
}


def _first_fitting(row: Mapping[str, Value]) -> int:
    """The calculation the row's values suggest: the one it has the inputs for."""
    names = list(_INPUTS)
    if row.get("median") is not None:
        return names.index("Mean and SD from the median")
    if row.get("ci_low") is not None and row.get("ci_high") is not None:
        return names.index("SD from a CI of the mean")
    return names.index("SD from the SE")
