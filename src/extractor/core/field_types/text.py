"""Free text: a line, or paragraphs."""

from __future__ import annotations

from extractor.core.field_types.base import FieldKind


class Text(FieldKind):
    name = "text"
    splits_tables = True


class LongText(FieldKind):
    name = "longtext"
    editor = "paragraphs"


KINDS = (Text(), LongText())
