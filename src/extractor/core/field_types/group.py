"""A group: repeating rows of its own sub-fields (arms, outcomes). It holds rows,
never a value of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from extractor.core.errors import ValueProblem
from extractor.core.field_types.base import FieldKind, Value

if TYPE_CHECKING:
    from extractor.core.forms import Field


class Group(FieldKind):
    name = "group"
    editor = "rows"
    holds_rows = True

    def parse(self, field: Field, text: str) -> Value:
        raise ValueProblem("a group holds rows, not a single value")

    def check(self, field: Field, value: Any) -> Value:
        raise ValueProblem("a group holds rows, not a single value")


KINDS = (Group(),)
