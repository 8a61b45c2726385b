"""The form editor's property pane: what a field (or a section) is, edited in place,
with what is wrong with it shown beside it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from extractor.core.field_types import FIELD_TYPES
from extractor.core.form_draft import DraftField, DraftSection, FormDraft
from extractor.gui.theme import muted

TYPE_NAMES = {
    "text": "Short text",
    "longtext": "Long text",
    "integer": "Whole number",
    "decimal": "Decimal number",
    "date": "Date",
    "choice": "One choice",
    "multichoice": "Several choices",
    "yesno": "Yes / no / unclear",
    "group": "Repeating rows (group)",
    "dichotomous": "Outcome: events / total per arm",
    "continuous": "Outcome: mean, SD… per arm",
    "effect_estimate": "Outcome: effect estimates",
}
_NUMBER = QRegularExpression(r"^[+-]?(\d+(\.\d*)?|\.\d+)?$")
PROBLEM_STYLE = "color: #c62828;"


class FieldProperties(QStackedWidget):
    """Shows the field or section chosen in the tree; `edited` after every change the
    user makes (the draft is changed in place), `relabelled` when a label or title
    changes (the tree shows it)."""

    edited = Signal()
    relabelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: FormDraft | None = None
        self.field: DraftField | None = None
        self.section: DraftSection | None = None
        self._filling = False
        self.addWidget(self._hint_page())
        self.addWidget(self._section_page())
        self.addWidget(self._field_page())

    # pages

    def _hint_page(self) -> QWidget:
        hint = QLabel(
            "Choose a section or a field on the left to edit it, or add one with the "
            "buttons below the list. Drag fields to reorder them."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {muted()};")
        return hint

    def _section_page(self) -> QWidget:
        page = QWidget()
        layout = QFormLayout(page)
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Section title")
        self.title_edit.textEdited.connect(self._title_edited)
        layout.addRow("Section title:", self.title_edit)
        self.section_problems = _problem_label()
        layout.addRow(self.section_problems)
        return page

    def _field_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        layout = QFormLayout()
        outer.addLayout(layout)
        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName("Label")
        self.label_edit.textEdited.connect(self._label_edited)
        layout.addRow("Label:", self.label_edit)
        self.key_label = QLabel()
        self.key_label.setWordWrap(True)
        self.key_label.setStyleSheet(f"color: {muted()};")
        layout.addRow("Key:", self.key_label)
        self.type_box = QComboBox()
        self.type_box.setAccessibleName("Type")
        self.type_box.activated.connect(lambda _: self._type_chosen())
        layout.addRow("Type:", self.type_box)
        self.choices_edit = QPlainTextEdit()
        self.choices_edit.setAccessibleName("Choices")
        self.choices_edit.setPlaceholderText("One choice per line")
        self.choices_edit.setMaximumHeight(120)
        self.choices_edit.textChanged.connect(self._choices_edited)
        self.choices_row = self._row(layout, "Choices:", self.choices_edit)
        self.display_box = QComboBox()
        self.display_box.setAccessibleName("Shown as")
        self.display_box.addItem("A drop-down list", "combo")
        self.display_box.addItem("Buttons, every choice in sight", "radio")
        self.display_box.activated.connect(lambda _: self._display_chosen())
        self.display_row = self._row(layout, "Shown as:", self.display_box)
        self.help_edit = QLineEdit()
        self.help_edit.setAccessibleName("Help text")
        self.help_edit.setPlaceholderText("Shown when the reviewer points at the label")
        self.help_edit.textEdited.connect(lambda text: self._set("help", text))
        layout.addRow("Help text:", self.help_edit)
        self.required_box = QCheckBox("A reviewer must answer it")
        self.required_box.toggled.connect(lambda on: self._set("required", on))
        layout.addRow("Required:", self.required_box)
        self.unit_edit = QLineEdit()
        self.unit_edit.setAccessibleName("Unit")
        self.unit_edit.textEdited.connect(lambda text: self._set("unit", text.strip()))
        self.unit_row = self._row(layout, "Unit:", self.unit_edit)
        self.min_edit, self.max_edit = _number_edit("Minimum"), _number_edit("Maximum")
        self.min_edit.textEdited.connect(lambda text: self._set("min", _number(text)))
        self.max_edit.textEdited.connect(lambda text: self._set("max", _number(text)))
        self.min_row = self._row(layout, "Minimum:", self.min_edit)
        self.max_row = self._row(layout, "Maximum:", self.max_edit)
        self.key_field_box = QComboBox()
        self.key_field_box.setAccessibleName("Key field")
        self.key_field_box.setToolTip(
            "Two reviewers' rows are paired by this field's value (the arm's agent, "
            "the patient's number); without one, by their order."
        )
        self.key_field_box.activated.connect(lambda _: self._key_field_chosen())
        self.key_field_row = self._row(layout, "Rows pair by:", self.key_field_box)
        self.field_problems = _problem_label()
        outer.addWidget(self.field_problems)
        outer.addStretch(1)
        return page

    def _row(self, layout: QFormLayout, label: str, editor: QWidget) -> Callable[[bool], None]:
        """Add a row; returns what shows or hides it."""
        layout.addRow(label, editor)

        def show(visible: bool) -> None:
            layout.setRowVisible(editor, visible)

        return show

    # showing

    def show_nothing(self) -> None:
        self.field = self.section = None
        self.setCurrentIndex(0)

    def show_section(self, draft: FormDraft, section: DraftSection) -> None:
        self.draft, self.section, self.field = draft, section, None
        self._filling = True
        self.title_edit.setText(section.title)
        self._filling = False
        self.setCurrentIndex(1)

    def show_field(self, draft: FormDraft, item: DraftField) -> None:
        self.draft, self.field, self.section = draft, item, None
        self._filling = True
        in_group = draft.group_of(item) is not None
        self.label_edit.setText(item.label)
        self.type_box.clear()
        for name, kind in FIELD_TYPES.items():
            if not (in_group and kind.holds_rows):
                self.type_box.addItem(TYPE_NAMES.get(name, name), name)
        self.type_box.setCurrentIndex(self.type_box.findData(item.type))
        self.choices_edit.setPlainText("\n".join(item.options))
        shown = item.display or FIELD_TYPES[item.type].default_display or "combo"
        self.display_box.setCurrentIndex(max(0, self.display_box.findData(shown)))
        self.help_edit.setText(item.help)
        self.help_edit.setCursorPosition(0)  # a long help text read from its beginning
        self.help_edit.setToolTip(item.help)
        self.required_box.setChecked(item.required)
        self.unit_edit.setText(item.unit)
        self.min_edit.setText(_shown(item.min))
        self.max_edit.setText(_shown(item.max))
        self._fill_key_fields(item)
        self._filling = False
        self._show_key(item)
        self._show_rows(item)
        self.setCurrentIndex(2)

    def show_problems(self, problems: dict[int, list[str]]) -> None:
        thing = self.field if self.field is not None else self.section
        said = "\n".join(problems.get(id(thing), [])) if thing is not None else ""
        for label in (self.field_problems, self.section_problems):
            label.setText(said)
            label.setVisible(bool(said))

    def _show_key(self, item: DraftField) -> None:
        if item.stored:
            self.key_label.setText(f"{item.key} (kept: answers are stored under it)")
        else:
            self.key_label.setText(f"{item.key} (made from the label until the form is saved)")

    def _show_rows(self, item: DraftField) -> None:
        kind = FIELD_TYPES[item.type]
        self.choices_row(kind.takes_options)
        self.display_row(kind.default_display is not None)
        for show in (self.unit_row, self.min_row, self.max_row):
            show(kind.takes_bounds)
        self.key_field_row(item.has_own_fields)

    def _fill_key_fields(self, item: DraftField) -> None:
        self.key_field_box.clear()
        self.key_field_box.addItem("their order", None)
        for sub in item.fields:
            self.key_field_box.addItem(sub.label, sub.key)
        self.key_field_box.setCurrentIndex(max(0, self.key_field_box.findData(item.key_field)))

    # editing

    def _title_edited(self, text: str) -> None:
        if self.section is not None and not self._filling:
            self.section.title = text
            self.relabelled.emit()
            self.edited.emit()

    def _label_edited(self, text: str) -> None:
        if self.field is None or self.draft is None or self._filling:
            return
        self.draft.relabel(self.field, text, self.draft.group_of(self.field))
        self._show_key(self.field)
        self.relabelled.emit()
        self.edited.emit()

    def _type_chosen(self) -> None:
        if self.field is None or self._filling:
            return
        self.field.retype(str(self.type_box.currentData()))
        self.show_field(self.draft, self.field)  # type: ignore[arg-type]
        self.relabelled.emit()
        self.edited.emit()

    def _choices_edited(self) -> None:
        if self.field is not None and not self._filling:
            self.field.options = self.choices_edit.toPlainText().split("\n")
            self.edited.emit()

    def _display_chosen(self) -> None:
        if self.field is not None and not self._filling:
            chosen = self.display_box.currentData()
            default = FIELD_TYPES[self.field.type].default_display
            self.field.display = None if chosen == default else chosen
            self.edited.emit()

    def _key_field_chosen(self) -> None:
        if self.field is not None and not self._filling:
            self.field.key_field = self.key_field_box.currentData()
            self.edited.emit()

    def _set(self, name: str, value: object) -> None:
        if self.field is not None and not self._filling:
            setattr(self.field, name, value)
            self.edited.emit()


def _problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.setVisible(False)
    return label


def _number_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText("none")
    edit.setValidator(QRegularExpressionValidator(_NUMBER))
    return edit


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _shown(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)
