"""Answer values: checking them against their field, and writing them as text.

A value is stored as the JSON value of its field's type: text as a string,
integer as an int, decimal as a float, date as an ISO string, a choice as one of
the field's options, a multichoice as a list of options in form order, yes/no/
unclear as one of those three words. `None` means unanswered.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from extractor.core.errors import ValueProblem
from extractor.core.forms import YESNO_OPTIONS, Field, FieldType

Value = str | int | float | list[str] | None
# Any value a JSON column holds (the audit log's old and new, a setting): an
# answer's Value, or objects and lists of them, such as a study's details.
JsonValue = str | int | float | bool | None | Sequence["JsonValue"] | Mapping[str, "JsonValue"]

MULTI_SEPARATOR = " | "
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_YESNO_WORDS = {
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
    "unclear": "unclear",
    "u": "unclear",
}


def parse_text(field: Field, text: str) -> Value:
    """Read a value typed by a person or found in a CSV cell.

    Raises ValueProblem with the reason when the text does not fit the field.
    """
    text = text.strip()
    if not text:
        return None
    match field.type:
        case FieldType.TEXT | FieldType.LONGTEXT:
            return text
        case FieldType.INTEGER:
            if not _INTEGER.match(text):
                raise ValueProblem(f"{text!r} is not a whole number")
            return _in_bounds(field, int(text))
        case FieldType.DECIMAL:
            if not _DECIMAL.match(text):
                raise ValueProblem(f"{text!r} is not a number (use a decimal point)")
            return _in_bounds(field, float(text))
        case FieldType.DATE:
            return _date(text)
        case FieldType.CHOICE:
            return _option(field, text)
        case FieldType.MULTICHOICE:
            return check_value(field, [part for part in text.split("|") if part.strip()])
        case FieldType.YESNO:
            return _yesno(text)
        case FieldType.GROUP:
            raise ValueProblem("a group holds rows, not a single value")


def check_value(field: Field, value: Any) -> Value:
    """Check a JSON value against its field and return it in canonical form."""
    if value is None:
        return None
    match field.type:
        case FieldType.INTEGER:
            if isinstance(value, bool) or not isinstance(value, int):
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                elif isinstance(value, str):
                    return parse_text(field, value)
                else:
                    raise ValueProblem(f"{value!r} is not a whole number")
            return _in_bounds(field, value)
        case FieldType.DECIMAL:
            if isinstance(value, bool) or not isinstance(value, int | float):
                if isinstance(value, str):
                    return parse_text(field, value)
                raise ValueProblem(f"{value!r} is not a number")
            if not math.isfinite(value):
                raise ValueProblem(f"{value!r} is not a finite number")
            return _in_bounds(field, float(value))
        case FieldType.MULTICHOICE:
            if isinstance(value, str):
                return parse_text(field, value)
            if not isinstance(value, list):
                raise ValueProblem(f"{value!r} is not a list of options")
            chosen = {_option(field, str(item)) for item in value}
            return [option for option in field.options if option in chosen] or None
        case FieldType.GROUP:
            raise ValueProblem("a group holds rows, not a single value")
        case _:
            if not isinstance(value, str):
                raise ValueProblem(f"{value!r} is not text")
            return parse_text(field, value)


def check_at(field: Field, value: Any, path: str) -> Value:
    """check_value, with the field's path in the reason when it fails."""
    try:
        return check_value(field, value)
    except ValueProblem as problem:
        raise ValueProblem(f"{path}: {problem}") from None


def format_value(field: Field, value: Value) -> str:
    """Write a value as the text that parse_text reads back to the same value."""
    if value is None:
        return ""
    if field.type is FieldType.MULTICHOICE and isinstance(value, list):
        return MULTI_SEPARATOR.join(value)
    if field.type is FieldType.DECIMAL and isinstance(value, float):
        return format_number(value)
    return str(value)


def format_number(value: float) -> str:
    """The shortest text that reads back to the same number, without a trailing .0."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _in_bounds(field: Field, number: int | float) -> int | float:
    unit = f" {field.unit}" if field.unit else ""
    if field.min is not None and number < field.min:
        raise ValueProblem(f"{format_number(number)} is below the minimum {field.min:g}{unit}")
    if field.max is not None and number > field.max:
        raise ValueProblem(f"{format_number(number)} is above the maximum {field.max:g}{unit}")
    return number


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> str:
    raise ValueProblem(f"{text!r} is not a date written YYYY-MM-DD")


def _option(field: Field, text: str) -> str:
    wanted = text.strip().casefold()
    for option in field.options:
        if option.casefold() == wanted:
            return option
    raise ValueProblem(f"{text.strip()!r} is not one of the options: {', '.join(field.options)}")


def _yesno(text: str) -> str:
    word = _YESNO_WORDS.get(text.casefold())
    if word is None:
        raise ValueProblem(f"{text!r} is not one of {', '.join(YESNO_OPTIONS)}")
    return word
