"""Calendar dates, written YYYY-MM-DD."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from extractor.core.errors import ValueProblem
from extractor.core.field_types.base import FieldKind, Value, normalise_text

if TYPE_CHECKING:
    from extractor.core.forms import Field


class Date(FieldKind):
    name = "date"
    hint = "YYYY-MM-DD"
    checked_as_typed = True

    def parse(self, field: Field, text: str) -> Value:
        try:
            if len(text) == 10:
                return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        raise ValueProblem(f"{text!r} is not a date written YYYY-MM-DD")

    def comparable(self, field: Field, value: Value) -> object:
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            return normalise_text(str(value))


KINDS = (Date(),)
