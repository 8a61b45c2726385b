"""What every field type answers: how a value is read, checked, written and
compared, which properties a form may give it, and which editor shows it.

A value is stored as the JSON value of its field's type; `None` means unanswered.
The methods here never see `None` or blank text: values.py and compare.py deal
with those once, for every type.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from extractor.core.errors import ValueProblem

if TYPE_CHECKING:
    from extractor.core.forms import Field

Value = str | int | float | list[str] | None
# Any value a JSON column holds (the audit log's old and new, a setting): an
# answer's Value, or objects and lists of them, such as a study's details.
JsonValue = str | int | float | bool | None | Sequence["JsonValue"] | Mapping[str, "JsonValue"]


def normalise_text(text: str) -> str:
    """NFKC (ligatures, odd spaces), whitespace folded, case folded."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


class FieldKind:
    """A field type. Subclasses set the class attributes and override what differs."""

    name: str
    # The editor family the window shows the field in; gui/form_fields maps each
    # family to a widget, so a new type with a new family brings its own widget.
    editor: str = "line"
    hint: str = ""  # shown in an empty editor
    checked_as_typed: bool = False  # the editor marks a bad value before the field is left
    takes_options: bool = False
    takes_bounds: bool = False  # min, max
    holds_rows: bool = False  # a group of repeating rows
    categorical: bool = False  # agreement is chance-corrected (kappa, AC1)
    summable: bool = False  # the synthesis adds it up across studies
    splits_tables: bool = False  # a summary table can be split by its answers
    default_display: str | None = None  # "combo" or "radio", for choices

    def choices(self, field: Field) -> tuple[str, ...]:
        """The allowed values of a categorical field, in display order."""
        return field.options

    def option_label(self, option: str) -> str:
        """How an option is shown in an editor."""
        return option

    def parse(self, field: Field, text: str) -> Value:
        """Read stripped, non-blank text typed by a person or found in a CSV cell."""
        return text

    def check(self, field: Field, value: Any) -> Value:
        """Check a JSON value (not None) and return it in canonical form."""
        if not isinstance(value, str):
            raise ValueProblem(f"{value!r} is not text")
        stripped = value.strip()
        return self.parse(field, stripped) if stripped else None

    def format(self, field: Field, value: Value) -> str:
        """The text that parse reads back to the same value."""
        return str(value)

    def comparable(self, field: Field, value: Value) -> object:
        """What two equal answers share; None when there is nothing to compare."""
        return normalise_text(str(value)) or None

    def fixed_fields(self) -> Sequence[Mapping[str, Any]]:
        """A group type's own sub-fields, as a form's JSON would give them; a form
        gives none for such a type."""
        return ()

    def row_key(self, field: Field, row: Mapping[str, Value]) -> object | None:
        """What pairs a group's row with another reviewer's: its key sub-field's value;
        None where the group has no key, or the row no value for it."""
        key = field.subfield(field.key_field) if field.key_field else None
        if key is None:
            return None
        value = row.get(key.key)
        if value is None or value == "" or value == []:
            return None
        return key.kind.comparable(key, value)

    def keyed_rows(self, field: Field) -> bool:
        """Whether rows pair by `row_key` (else by order)."""
        return field.key_field is not None or bool(self.fixed_fields())
