"""The data files: every answer as CSV, XLSX or JSON, with its evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]  # openpyxl ships no type hints

from extractor import __version__
from extractor.core.errors import NotFoundError
from extractor.core.forms import Field, Form
from extractor.core.model import DocumentInfo, Evidence
from extractor.core.readiness import Readiness
from extractor.core.sources import IN_CONFLICT, Sourced
from extractor.core.values import Value, format_value, is_empty
from extractor.io.spreadsheet_safety import is_formula_like

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]  # openpyxl ships no type hints


# Spreadsheets hold numbers as doubles: integers beyond 2**53 would lose digits.
EXACT_IN_SHEETS = 2**53
CELL_LIMIT = 32_767  # characters Excel keeps in a cell
PART = 32_000
CUT = " … [cut here: the whole text is on the sheet 'Long text']"


def csv_group(form: Form, key: str | None) -> tuple[Field | None, str | None]:
    groups = form.groups()
    if key is not None:
        group = form.field(key)
        if group is None or not group.is_group:
            names = ", ".join(g.key for g in groups) or "none"
            raise NotFoundError(f"form '{form.key}' has no group '{key}' (groups: {names})")
        return group, None
    if len(groups) > 1:
        others = ", ".join(g.key for g in groups[1:])
        return groups[0], f"note: wrote group '{groups[0].key}'; use --group for {others}"
    return (groups[0] if groups else None), None


def data_json(
    title: str,
    source: str | None,
    by_form: list[tuple[Form, list[Sourced]]],
    documents: Mapping[str, DocumentInfo],
    readiness: Readiness | None = None,
) -> dict[str, Any]:
    """Every study with its extractions. Places without a value are listed under
    `gaps` with why (NR, not extracted, in conflict); a draft says so at the top."""
    studies: dict[str, dict[str, Any]] = {}
    for form, items in by_form:
        for item in items:
            entry = studies.setdefault(
                item.study.id,
                {
                    "label": item.study.label,
                    "ref": item.study.ref,
                    "citation": asdict(item.study.citation),
                    "extractions": [],
                },
            )
            if item.reviewer is None:
                continue
            entry["extractions"].append(
                {
                    "form": form.key,
                    "reviewer": item.reviewer.name,
                    "status": item.data.status.value,
                    "values": item.data.values,
                    "groups": item.data.groups,
                    "gaps": _gaps(form, item),
                    "evidence": {
                        path: [_evidence_json(e, documents) for e in quotes]
                        for path, quotes in item.data.evidence.items()
                    },
                }
            )
    return {
        "format": "extractor-data",
        "version": 1,
        "application": f"Extractor {__version__}",
        "project": title,
        "source": source or "default",
        "draft": readiness.summary() or None if readiness is not None else None,
        "readiness_gaps": [gap.to_json() for gap in readiness.gaps] if readiness else [],
        "forms": [form.to_dict() for form, _ in by_form],
        "studies": list(studies.values()),
    }


def _gaps(form: Form, item: Sourced) -> dict[str, str]:
    """Each place of the form without a value, with why: the words of `gap`."""
    found = {}
    for field in form.fields():
        if not field.is_group:
            if field.key in item.open_cells or is_empty(item.data.values.get(field.key)):
                found[field.key] = item.gap(field.key)
            continue
        rows = item.data.groups.get(field.key, [])
        if not rows and not item.rows_in_conflict(field.key):
            found[field.key] = item.gap(field.key)
        for number, row in enumerate(rows, start=1):
            for sub in field.fields:
                path = f"{field.key}[{number}].{sub.key}"
                if path in item.open_cells or is_empty(row.get(sub.key)):
                    found[path] = item.gap(path)
        if note := item.rows_note(field.key):
            found[f"{field.key}[+]"] = note
    return found


def _evidence_json(evidence: Evidence, documents: Mapping[str, DocumentInfo]) -> dict[str, Any]:
    document = documents.get(evidence.document_id)
    return {
        "document": None if document is None else document.filename,
        "sha256": None if document is None else document.sha256,
        "page": evidence.page,
        "rects": [list(rect) for rect in evidence.rects],
        "quote": evidence.quote,
    }


def data_workbook(
    by_form: list[tuple[Form, list[Sourced]]],
    documents: Mapping[str, DocumentInfo],
    readiness: Readiness | None = None,
) -> Workbook:
    """One sheet per form (a row per study), one per group (a row per group row),
    and the evidence quotes on a sheet of their own; a draft opens on a sheet that
    lists what it lacks."""
    book = Workbook()
    book.remove(book.active)
    long_texts: list[list[object]] = []
    as_text: list[list[object]] = []  # numbers a spreadsheet cannot hold exactly

    def _append(sheet: Worksheet, values: Sequence[object]) -> None:
        _append_row(sheet, values, long_texts)

    def _place(item: Sourced, field: Field, path: str, value: Value) -> object:
        cell = _in_cell(item, field, path, value)
        if isinstance(value, int | float) and isinstance(cell, str):
            as_text.append([item.study.label, field.label, path, cell])
        return cell

    if readiness is not None and not readiness.ready:
        draft = _sheet(book, "Draft", ["Study", "Form", "Field", "Gap", "Reviewers"])
        _append(draft, [readiness.summary()])
        for gap in readiness.gaps:
            _append(draft, [gap.study, gap.form, gap.field, gap.kind, gap.reviewer])
    evidence_rows: list[list[object]] = []
    for form, items in by_form:
        scalars = form.scalar_fields()
        sheet = _sheet(book, form.name, ["Study", "Ref.", "Reviewer", "Status"] + _labels(scalars))
        for item in items:
            _append(
                sheet,
                [item.study.label, item.study.ref, _who(item), item.data.status.value]
                + [_place(item, f, f.key, item.data.values.get(f.key)) for f in scalars],
            )
        for group in form.groups():
            rows = _sheet(
                book,
                f"{form.key} - {group.label}",
                ["Study", "Reviewer", "Row"] + _labels(list(group.fields)),
            )
            for item in items:
                for number, row in enumerate(item.data.groups.get(group.key, []), start=1):
                    _append(
                        rows,
                        [item.study.label, _who(item), number]
                        + [
                            _place(item, sub, f"{group.key}[{number}].{sub.key}", row.get(sub.key))
                            for sub in group.fields
                        ],
                    )
                for _ in range(item.rows_in_conflict(group.key)):  # one reviewer's, undecided
                    _append(
                        rows,
                        [item.study.label, _who(item), IN_CONFLICT]
                        + [IN_CONFLICT] * len(group.fields),
                    )
        for item in items:
            for path, quotes in item.data.evidence.items():
                for quote in quotes:
                    document = documents.get(quote.document_id)
                    evidence_rows.append(
                        [
                            item.study.label,
                            form.key,
                            _who(item),
                            path,
                            quote.quote,
                            document.filename if document else "",
                            quote.page,
                        ]
                    )
    evidence = _sheet(
        book, "Evidence", ["Study", "Form", "Reviewer", "Field", "Quote", "Document", "Page"]
    )
    for evidence_row in evidence_rows:
        _append(evidence, evidence_row)
    if as_text:
        notes = _sheet(book, "Notes", ["Study", "Field", "Place", "Value written as text"])
        _append_row(
            notes,
            [
                "These numbers are written as text: a spreadsheet keeps 15 to 17 digits "
                "of a number, and they need more to stay exact."
            ],
            [],
        )
        for entry in as_text:
            _append_row(notes, entry, [])
    if long_texts:
        carried = _sheet(book, "Long text", ["Sheet", "Study", "Field", "Part", "Text"])
        for part in long_texts:
            _append_row(carried, part, [])
    return book


def _sheet(book: Workbook, title: str, header: list[str]) -> Worksheet:
    sheet = book.create_sheet(sheet_title(book, title))
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    for column, name in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = max(10, min(40, len(name) + 4))
    return sheet


def sheet_title(book: Workbook, title: str) -> str:
    """Excel refuses sheet names that are empty, over 31 characters, with []:*?/\\,
    starting or ending with an apostrophe, or used twice (in any case)."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip(" '")[:31]
    clean = clean.strip(" '") or "Sheet"
    taken = {name.casefold() for name in book.sheetnames}
    candidate, number = clean, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate, number = clean[: 31 - len(suffix)] + suffix, number + 1
    return candidate


def _labels(fields: list[Field]) -> list[str]:
    return [f"{f.label} ({f.unit})" if f.unit else f.label for f in fields]


def _who(item: Sourced) -> str:
    return "" if item.reviewer is None else item.reviewer.name


def _in_cell(item: Sourced, field: Field, path: str, value: Value) -> object:
    """A value as its cell holds it, or the words for why there is none."""
    if value is None or path in item.open_cells:
        return item.shown(field, path, value)
    return _cell(field, value)


def _cell(item: Field, value: Value) -> object:
    if isinstance(value, int) and abs(value) <= EXACT_IN_SHEETS:
        return value
    if isinstance(value, float) and float(f"{value:.16g}") == value:
        return value
    # A longer integer, or a decimal that needs all 17 digits (openpyxl writes 16),
    # stays exact as text.
    return format_value(item, value) or None


def _append(sheet: Worksheet, values: Sequence[object]) -> None:
    _append_row(sheet, values, [])


def _append_row(sheet: Worksheet, values: Sequence[object], long_texts: list[list[object]]) -> None:
    """A row whose text is never a formula (spreadsheet_safety), whoever wrote it. A
    text longer than a cell holds (Excel stops at 32,767 characters; openpyxl cuts
    it without a word) is cut with a note saying where it goes on, and carried
    whole, in parts, to `long_texts`."""
    row = list(values)
    for column, value in enumerate(row, start=1):
        if isinstance(value, str) and len(value) > CELL_LIMIT:
            field = sheet.cell(row=1, column=column).value
            parts = [value[at : at + PART] for at in range(0, len(value), PART)]
            row[column - 1] = value[: CELL_LIMIT - len(CUT)] + CUT
            for number, part in enumerate(parts, start=1):
                long_texts.append([sheet.title, row[0], field, number, part])
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and is_formula_like(cell.value):
            cell.data_type = "s"
