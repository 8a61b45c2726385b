"""The field types a form may use, each declared once in its own module.

A type is a FieldKind: how its values are read, checked, written and compared,
which form properties it takes and which editor family shows it. Adding a type
is a module here, its line below, and (for a new editor family) its widget in
gui/form_fields.
"""

from __future__ import annotations

from extractor.core.field_types import choices, dates, group, numbers, outcomes, text
from extractor.core.field_types.base import FieldKind

FIELD_TYPES: dict[str, FieldKind] = {
    kind.name: kind
    for module in (text, numbers, dates, choices, group, outcomes)
    for kind in module.KINDS
}

__all__ = ["FIELD_TYPES", "FieldKind"]
