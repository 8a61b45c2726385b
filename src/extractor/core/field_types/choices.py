"""Choices: one of the form's options, several of them, or yes / no / unclear."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from extractor.core.errors import ValueProblem
from extractor.core.field_types.base import FieldKind, Value, normalise_text

if TYPE_CHECKING:
    from extractor.core.forms import Field

MULTI_SEPARATOR = " | "
YESNO_OPTIONS = ("yes", "no", "unclear")
_YESNO_WORDS = {
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
    "unclear": "unclear",
    "u": "unclear",
}


class Choice(FieldKind):
    name = "choice"
    editor = "choice"
    takes_options = True
    categorical = True
    splits_tables = True
    default_display = "combo"

    def parse(self, field: Field, text: str) -> Value:
        return option_of(field, text)


class MultiChoice(FieldKind):
    name = "multichoice"
    editor = "checkboxes"
    takes_options = True

    def parse(self, field: Field, text: str) -> Value:
        return self.check(field, [part for part in text.split("|") if part.strip()])

    def check(self, field: Field, value: Any) -> Value:
        if isinstance(value, str):
            return super().check(field, value)
        if not isinstance(value, list):
            raise ValueProblem(f"{value!r} is not a list of options")
        chosen = {option_of(field, str(item)) for item in value}
        return [option for option in field.options if option in chosen] or None

    def format(self, field: Field, value: Value) -> str:
        return MULTI_SEPARATOR.join(value) if isinstance(value, list) else str(value)

    def comparable(self, field: Field, value: Value) -> object:
        items = value if isinstance(value, list) else str(value).split("|")
        return frozenset(normalise_text(str(item)) for item in items if str(item).strip())


class YesNo(FieldKind):
    name = "yesno"
    editor = "choice"
    categorical = True
    splits_tables = True
    default_display = "radio"

    def choices(self, field: Field) -> tuple[str, ...]:
        return YESNO_OPTIONS

    def option_label(self, option: str) -> str:
        return option.capitalize()

    def parse(self, field: Field, text: str) -> Value:
        word = _YESNO_WORDS.get(text.casefold())
        if word is None:
            raise ValueProblem(f"{text!r} is not one of {', '.join(YESNO_OPTIONS)}")
        return word


def option_of(field: Field, text: str) -> str:
    """The field's option that `text` names, ignoring case."""
    wanted = text.strip().casefold()
    for option in field.options:
        if option.casefold() == wanted:
            return option
    raise ValueProblem(f"{text.strip()!r} is not one of the options: {', '.join(field.options)}")


KINDS = (Choice(), MultiChoice(), YesNo())
