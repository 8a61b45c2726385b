"""Characteristics tables: what each cell says, before any PDF or Word file.

One row per study, the chosen fields as columns (Ref. and Study first), a
group's rows written inside the study's cell, studies split into separate
tables by a field when asked, and the abbreviations each table uses. A cell
without a value says why (core.sources): NR, not extracted, or in conflict.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from extractor.core.errors import ExtractorError, ValueProblem
from extractor.core.forms import Field, Form
from extractor.core.outcome_data import summary_lines
from extractor.core.sources import IN_CONFLICT, Sourced
from extractor.core.values import format_value

PAGE_SIZES = ("A4", "Letter")


@dataclass
class TableSettings:
    """How the characteristics tables are laid out; the project keeps them."""

    form: str | None = None
    fields: list[str] = field(default_factory=list)  # empty: every field
    group_by: str | None = None
    captions: dict[str, str] = field(default_factory=dict)
    page_size: str = "A4"

    @classmethod
    def from_json(cls, raw: object) -> TableSettings:
        """Settings as saved; keys this version does not know are left out."""
        if not isinstance(raw, dict):
            return cls()
        return cls(**{k: v for k, v in raw.items() if k in cls.__dataclass_fields__})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def check(self) -> None:
        if self.page_size not in PAGE_SIZES:
            raise ValueProblem(f"page size '{self.page_size}' must be A4 or Letter")


@dataclass
class CharacteristicsTable:
    caption: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    abbreviations: list[tuple[str, str]] = field(default_factory=list)


def default_fields(form: Form) -> list[str]:
    """Every study-level field and group of the form, in form order."""
    return [item.key for item in form.fields()]


def build_tables(
    form: Form,
    studies: list[Sourced],
    fields: list[str] | None = None,
    group_by: str | None = None,
    captions: dict[str, str] | None = None,
    glossary: dict[str, str] | None = None,
) -> list[CharacteristicsTable]:
    keys = fields or default_fields(form)
    columns = [_column(form, key) for key in keys]
    split = form.field(group_by) if group_by else None
    if group_by and (split is None or split.is_group):
        raise ExtractorError(f"form '{form.key}' has no study-level field '{group_by}' to split by")
    parts: dict[str, list[Sourced]] = {}
    for study in studies:
        value = study.shown(split, split.key, study.data.values.get(split.key)) if split else ""
        parts.setdefault(value, []).append(study)
    if split is not None:  # in the order of the field's options where it has them
        order = {option: index for index, option in enumerate(split.choices)}
        parts = dict(sorted(parts.items(), key=lambda kv: order.get(kv[0], len(order))))
    tables = []
    for number, (value, members) in enumerate(parts.items(), start=1):
        name = (captions or {}).get(value) or (f"{form.name}: {value}" if split else form.name)
        table = CharacteristicsTable(
            caption=f"Table {number} {name}",
            headers=["Ref.", "Study"] + [_header(item) for item in columns],
        )
        for study in members:
            table.rows.append(
                [study.study.ref or "", study.study.label]
                + [_cell(item, study) for item in columns]
            )
        table.abbreviations = abbreviations_used(table, glossary or {})
        tables.append(table)
    return tables


def abbreviations_used(
    table: CharacteristicsTable, glossary: dict[str, str]
) -> list[tuple[str, str]]:
    """The glossary entries whose abbreviation stands as a word in the table."""
    text = "\n".join(table.headers + [cell for row in table.rows for cell in row])
    used = [
        (short, meaning)
        for short, meaning in glossary.items()
        if re.search(rf"(?<![\w]){re.escape(short)}(?![\w])", text)
    ]
    return sorted(used, key=lambda pair: pair[0].casefold())


def footnote(abbreviations: list[tuple[str, str]]) -> str:
    return "; ".join(f"{short}, {meaning}" for short, meaning in abbreviations)


def _column(form: Form, key: str) -> Field:
    item = form.field(key)
    if item is None:
        raise ExtractorError(f"form '{form.key}' has no field '{key}' to show")
    return item


def _header(item: Field) -> str:
    """The label, with the unit unless the label already names it."""
    if not item.unit or f"({item.unit})".casefold() in item.label.casefold():
        return item.label
    return f"{item.label} ({item.unit})"


def _cell(item: Field, study: Sourced) -> str:
    data = study.data
    if not item.is_group:
        return study.shown(item, item.key, data.values.get(item.key))
    if item.kind.fixed_fields():  # outcome data: compact, one line per outcome
        lines = summary_lines(study, item)
        if note := study.rows_note(item.key):
            lines.append(note)
        return "\n".join(lines) or study.gap(item.key)
    lines = []
    for number, row in enumerate(data.groups.get(item.key, []), start=1):
        parts = []
        for sub in item.fields:
            path = f"{item.key}[{number}].{sub.key}"
            if path in study.open_cells:
                parts.append(f"{sub.label}: {IN_CONFLICT}")
            elif row.get(sub.key) is not None:
                parts.append(f"{sub.label}: {format_value(sub, row.get(sub.key))}")
        if parts:
            lines.append("; ".join(parts))
    if note := study.rows_note(item.key):
        lines.append(note)
    return "\n".join(lines) or study.gap(item.key)
