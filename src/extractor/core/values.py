"""Answer values: checking them against their field, and writing them as text.

A value is stored as the JSON value of its field's type (core/field_types says
which); `None` means unanswered, and blank text reads as unanswered for every type.
"""

from __future__ import annotations

from typing import Any

from extractor.core.errors import ValueProblem
from extractor.core.field_types.base import JsonValue, Value
from extractor.core.field_types.choices import MULTI_SEPARATOR
from extractor.core.field_types.numbers import format_number
from extractor.core.forms import Field

__all__ = ["MULTI_SEPARATOR", "JsonValue", "Value", "format_number"]


def parse_text(field: Field, text: str) -> Value:
    """Read a value typed by a person or found in a CSV cell.

    Raises ValueProblem with the reason when the text does not fit the field.
    """
    text = text.strip()
    return field.kind.parse(field, text) if text else None


def check_value(field: Field, value: Any) -> Value:
    """Check a JSON value against its field and return it in canonical form."""
    return None if value is None else field.kind.check(field, value)


def check_at(field: Field, value: Any, path: str) -> Value:
    """check_value, with the field's path in the reason when it fails."""
    try:
        return check_value(field, value)
    except ValueProblem as problem:
        raise ValueProblem(f"{path}: {problem}") from None


def format_value(field: Field, value: Value) -> str:
    """Write a value as the text that parse_text reads back to the same value."""
    return "" if value is None else field.kind.format(field, value)


def is_empty(value: object) -> bool:
    """Whether a value, or a group's rows, holds nothing: unanswered."""
    return value is None or value == "" or value == [] or value == {}
