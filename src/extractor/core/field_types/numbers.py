"""Numbers: whole (integer) and decimal, with optional bounds and unit."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from extractor.core.errors import ValueProblem
from extractor.core.field_types.base import FieldKind, Value

if TYPE_CHECKING:
    from extractor.core.forms import Field

_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def format_number(value: float) -> str:
    """The shortest text that reads back to the same number, without a trailing .0."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


class _Number(FieldKind):
    hint = "number"
    checked_as_typed = True
    takes_bounds = True
    summable = True

    def comparable(self, field: Field, value: Value) -> object:
        if isinstance(value, int | float):
            number: float | None = float(value)
        else:
            try:
                number = float(str(value).strip())
            except ValueError:
                number = None
        return None if number is None or math.isnan(number) else number


class Integer(_Number):
    name = "integer"

    def parse(self, field: Field, text: str) -> Value:
        if _INTEGER.match(text):
            return in_bounds(field, int(text))
        # 12.0 is 12 written by a spreadsheet or another tool, not another number.
        if _DECIMAL.match(text) and float(text).is_integer() and math.isfinite(float(text)):
            return in_bounds(field, int(float(text)))
        raise ValueProblem(f"{text!r} is not a whole number")

    def check(self, field: Field, value: Any) -> Value:
        if isinstance(value, str):
            return super().check(field, value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueProblem(f"{value!r} is not a whole number")
        return in_bounds(field, value)


class Decimal(_Number):
    name = "decimal"

    def parse(self, field: Field, text: str) -> Value:
        if not _DECIMAL.match(text):
            raise ValueProblem(f"{text!r} is not a number (use a decimal point)")
        return in_bounds(field, float(text))

    def check(self, field: Field, value: Any) -> Value:
        if isinstance(value, str):
            return super().check(field, value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueProblem(f"{value!r} is not a number")
        if not math.isfinite(value):
            raise ValueProblem(f"{value!r} is not a finite number")
        return in_bounds(field, float(value))

    def format(self, field: Field, value: Value) -> str:
        return format_number(value) if isinstance(value, float) else str(value)


def in_bounds(field: Field, number: int | float) -> int | float:
    unit = f" {field.unit}" if field.unit else ""
    if field.min is not None and number < field.min:
        raise ValueProblem(f"{format_number(number)} is below the minimum {field.min:g}{unit}")
    if field.max is not None and number > field.max:
        raise ValueProblem(f"{format_number(number)} is above the maximum {field.max:g}{unit}")
    return number


KINDS = (Integer(), Decimal())
