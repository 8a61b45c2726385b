"""One editor per editor family of core/field_types. An editor shows a value,
checks what is typed as it is typed, and hands a checked value back when the
field is left. EDITORS maps each family to its widget."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from extractor.core.errors import ValueProblem
from extractor.core.forms import Field
from extractor.core.values import Value, format_value, parse_text

INVALID_STYLE = "border: 2px solid #c62828; border-radius: 3px;"


class EditorSignals(QObject):
    """`committed` carries a checked value when the user leaves the field;
    `invalid` the reason when what was typed does not fit (the text stays on
    screen, never silently dropped); `focused` when the field takes the focus."""

    committed = Signal(object)
    invalid = Signal(str)
    focused = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.focused.emit()
        return False


class FieldEditor(ABC):
    """The common face of every editor."""

    def __init__(self, field: Field) -> None:
        self.field = field
        self.signals = EditorSignals()
        self.widget: QWidget = QWidget()
        self._saved: Value = None

    def set_value(self, value: Value) -> None:
        self._saved = value
        self._show(value)

    def saved_value(self) -> Value:
        return self._saved

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)

    def accept_text(self, text: str) -> None:
        """Put text from a quote into the field, then commit it as if typed."""
        try:
            value = parse_text(self.field, text)
        except ValueProblem as problem:
            self.signals.invalid.emit(f"the quote {problem}")
            return
        self._show(value)
        self.commit()

    def show_unsaved(self, text: str) -> None:
        """Show text that does not fit the field, so the user can correct it.

        Choices cannot hold free text; their row shows the reason instead.
        """
        return None

    def commit(self) -> None:
        """Emit the shown value when it differs from the saved one."""
        value = self._current()
        if value != self._saved:
            self.signals.committed.emit(value)

    @abstractmethod
    def _current(self) -> Value:
        """The value the widget shows now."""

    @abstractmethod
    def _show(self, value: Value) -> None:
        """Show a value without committing it."""

    def _watch_focus(self, widget: QWidget) -> None:
        widget.installEventFilter(self.signals)


class _TextLike(FieldEditor):
    """Editors where a person types text that is checked against the field."""

    @abstractmethod
    def _text(self) -> str:
        """The text in the widget."""

    @abstractmethod
    def _set_text(self, text: str) -> None:
        """Replace the text in the widget."""

    def check(self) -> tuple[bool, Value]:
        try:
            value = parse_text(self.field, self._text())
        except ValueProblem as problem:
            self._mark(str(problem))
            self.signals.invalid.emit(str(problem))
            return False, None
        self._mark("")
        return True, value

    def _current(self) -> Value:
        return self.check()[1]

    def commit(self) -> None:
        ok, value = self.check()
        if ok and value != self._saved:
            self.signals.committed.emit(value)

    def accept_text(self, text: str) -> None:
        self._set_text(text)
        self.commit()

    def show_unsaved(self, text: str) -> None:
        self._set_text(text)
        self.check()

    def _show(self, value: Value) -> None:
        self._set_text(format_value(self.field, value))
        self._mark("")

    def _mark(self, problem: str) -> None:
        self.widget.setStyleSheet(INVALID_STYLE if problem else "")
        self.widget.setToolTip(problem or self.field.help)


class LineEditor(_TextLike):
    """One line of text, checked against the field (numbers with their unit, dates)."""

    def __init__(self, field: Field) -> None:
        super().__init__(field)
        self.edit = QLineEdit()
        self.edit.setAccessibleName(field.label)
        if field.kind.hint:
            self.edit.setPlaceholderText(field.kind.hint)
        self.widget = self.edit
        if field.unit:
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(self.edit, 1)
            row.addWidget(QLabel(field.unit))
            self.widget = box
        self._watch_focus(self.edit)
        self.edit.editingFinished.connect(self.commit)
        if field.kind.checked_as_typed:
            self.edit.textEdited.connect(lambda _: self.check())

    def _text(self) -> str:
        return self.edit.text()

    def _set_text(self, text: str) -> None:
        self.edit.setText(text)

    def _mark(self, problem: str) -> None:
        self.edit.setStyleSheet(f"QLineEdit {{ {INVALID_STYLE} }}" if problem else "")
        self.edit.setToolTip(problem or self.field.help)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class _CommittingTextEdit(QPlainTextEdit):
    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class LongTextEditor(_TextLike):
    def __init__(self, field: Field) -> None:
        super().__init__(field)
        self.edit = _CommittingTextEdit()
        self.edit.setAccessibleName(field.label)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)
        self.widget = self.edit
        self._watch_focus(self.edit)
        self.edit.left.connect(self.commit)

    def _text(self) -> str:
        return self.edit.toPlainText()

    def _set_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class ComboEditor(FieldEditor):
    """A single choice as a drop-down list, with an empty entry for unanswered."""

    def __init__(self, field: Field) -> None:
        super().__init__(field)
        self.combo = QComboBox()
        self.combo.setAccessibleName(field.label)
        self.combo.addItem("", None)
        for option in field.choices:
            self.combo.addItem(field.kind.option_label(option), option)
        self.widget = self.combo
        self._watch_focus(self.combo)
        self.combo.activated.connect(lambda _: self.commit())

    def _show(self, value: Value) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))

    def _current(self) -> Value:
        value: Value = self.combo.currentData()
        return value


class RadioEditor(FieldEditor):
    """A single choice (or yes / no / unclear) as radio buttons and a clear button: in a
    row, or where the options are long (an appraisal tool's), one under another with
    their words wrapped to the panel's width, never cut off."""

    def __init__(self, field: Field) -> None:
        super().__init__(field)
        self.group = QButtonGroup(self.signals)
        self.group.setExclusive(True)
        box = QWidget()
        labels = [field.kind.option_label(option) for option in field.choices]
        stacked = sum(len(label) for label in labels) > ROW_OF_OPTIONS
        row: QHBoxLayout | QVBoxLayout = QVBoxLayout(box) if stacked else QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QRadioButton] = {}
        for option, label in zip(field.choices, labels, strict=True):
            button = QRadioButton("" if stacked else label)
            button.setAccessibleName(f"{field.label}: {option}")
            self.group.addButton(button)
            self.buttons[option] = button
            row.addWidget(_wrapped(button, label) if stacked else button)
            self._watch_focus(button)
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setAccessibleName(f"Clear {field.label}")
        row.addWidget(self.clear_button)
        if not stacked:
            row.addStretch(1)
        self.widget = box
        self.group.buttonClicked.connect(lambda _: self.commit())
        self.clear_button.clicked.connect(self._clear)

    def _current(self) -> Value:
        return next((option for option, b in self.buttons.items() if b.isChecked()), None)

    def _show(self, value: Value) -> None:
        self.group.setExclusive(False)
        for option, button in self.buttons.items():
            button.setChecked(option == value)
        self.group.setExclusive(True)

    def _clear(self) -> None:
        self._show(None)
        self.commit()


class MultiChoiceEditor(FieldEditor):
    def __init__(self, field: Field) -> None:
        super().__init__(field)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for option in field.options:
            check = QCheckBox(option)
            check.setAccessibleName(f"{field.label}: {option}")
            self.boxes[option] = check
            row.addWidget(check)
            self._watch_focus(check)
            check.clicked.connect(lambda _=False: self.commit())
        row.addStretch(1)
        self.widget = box

    def _show(self, value: Value) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for option, check in self.boxes.items():
            check.setChecked(option in chosen)

    def _current(self) -> Value:
        return [option for option, check in self.boxes.items() if check.isChecked()] or None


ROW_OF_OPTIONS = 48  # characters of options that still read well side by side


class _OptionWords(QLabel):
    """An option's words beside its radio button, wrapped; a click on them is a click
    on the button."""

    def __init__(self, text: str, button: QRadioButton) -> None:
        super().__init__(text)
        self.button = button
        self.setWordWrap(True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.button.isEnabled():
            self.button.click()
        super().mouseReleaseEvent(event)


def _wrapped(button: QRadioButton, text: str) -> QWidget:
    line = QWidget()
    layout = QHBoxLayout(line)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(_OptionWords(text, button), 1)
    return line


def _choice_editor(field: Field) -> FieldEditor:
    display = field.display or field.kind.default_display
    return RadioEditor(field) if display == "radio" else ComboEditor(field)


EDITORS: dict[str, Callable[[Field], FieldEditor]] = {
    "line": LineEditor,
    "paragraphs": LongTextEditor,
    "choice": _choice_editor,
    "checkboxes": MultiChoiceEditor,
}


def make_editor(field: Field) -> FieldEditor:
    """The editor of the field's family; a group's rows have their own table."""
    try:
        return EDITORS[field.kind.editor](field)
    except KeyError:
        raise ValueError(f"no editor for a {field.type} field") from None
