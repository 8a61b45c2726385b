"""Characteristics tables: what each cell says, before any PDF or Word file.

One row per study, the chosen fields as columns (Ref. and Study first), a
group's rows written inside the study's cell, studies split into separate
tables by a field when asked, and the abbreviations each table uses.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from extractor.core.errors import ExtractorError, ValueProblem
from extractor.core.forms import Field, Form
from extractor.core.model import ExtractionData
from extractor.core.values import format_value

NOT_REPORTED = "NR"


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


@dataclass(frozen=True)
class TableStudy:
    label: str
    ref: str | None
    data: ExtractionData


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
    studies: list[TableStudy],
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
    parts: dict[str, list[TableStudy]] = {}
    for study in studies:
        value = format_value(split, study.data.values.get(split.key)) if split else ""
        parts.setdefault(value or NOT_REPORTED if split else "", []).append(study)
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
                [study.ref or "", study.label] + [_cell(item, study.data) for item in columns]
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
    return f"{item.label} ({item.unit})" if item.unit else item.label


def _cell(item: Field, data: ExtractionData) -> str:
    if not item.is_group:
        return format_value(item, data.values.get(item.key)) or NOT_REPORTED
    rows = data.groups.get(item.key, [])
    lines = []
    for row in rows:
        parts = [
            f"{sub.label}: {format_value(sub, row.get(sub.key))}"
            for sub in item.fields
            if row.get(sub.key) is not None
        ]
        if parts:
            lines.append("; ".join(parts))
    return "\n".join(lines) or NOT_REPORTED
