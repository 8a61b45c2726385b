"""`extractor export data`: every answer as CSV, XLSX or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from extractor import __version__
from extractor.core.errors import ExtractorError
from extractor.core.forms import Field, Form
from extractor.core.model import ExtractionData, ReviewerInfo, StudyInfo
from extractor.core.sources import CONSENSUS, choose_source, unresolved_warning
from extractor.core.values import format_value
from extractor.io.extraction_csv import write_extractions_csv
from extractor.io.extraction_import import pick_form
from extractor.io.files import write_output
from extractor.io.xlsx import save_workbook
from extractor.store.project import ProjectFile
from extractor.store.repository import Repository

ALL_SOURCES = "all"


@dataclass(frozen=True)
class Sourced:
    """One study's answers to one form, and whose they are."""

    study: StudyInfo
    reviewer: ReviewerInfo | None
    data: ExtractionData


def gather(repo: Repository, form: Form, source: str | None) -> tuple[list[Sourced], list[str]]:
    """Each study's answers from the chosen source (every reviewer's with "all")."""
    reviewers = repo.reviewers.list(include_consensus=True)
    if source not in (None, ALL_SOURCES, CONSENSUS) and repo.reviewers.find(source) is None:
        names = ", ".join(r.name for r in reviewers if not r.is_consensus) or "none"
        raise ExtractorError(f"no reviewer '{source}' in the project (reviewers: {names})")
    answered = repo.answers.answered_by(form)
    items: list[Sourced] = []
    unresolved: dict[str, list[str]] = {}
    for study in repo.studies.list():
        who = [r for r in reviewers if r.id in answered.get(study.id, set())]
        if source == ALL_SOURCES:
            items += [Sourced(study, r, repo.answers.load(study.id, form, r.id)) for r in who]
            continue
        choice = choose_source(who, source)
        if choice.unresolved and choice.reviewer is not None:
            unresolved.setdefault(choice.reviewer.name, []).append(study.label)
        data = (
            ExtractionData()
            if choice.reviewer is None
            else repo.answers.load(study.id, form, choice.reviewer.id)
        )
        items.append(Sourced(study, choice.reviewer, data))
    warning = unresolved_warning(form.key, unresolved)
    return items, [warning] if warning else []


def export_data(
    project: ProjectFile,
    out: Path,
    source: str | None = None,
    form_key: str | None = None,
    group_key: str | None = None,
) -> list[str]:
    """Write the data file named by `out`'s suffix; returns warnings for stderr."""
    suffix = out.suffix.lower()
    if suffix not in {".csv", ".xlsx", ".json"}:
        raise ExtractorError(f"{out}: choose a file ending .csv, .xlsx or .json")
    with project.transaction() as repo:
        if suffix == ".csv":
            form = pick_form(repo, form_key)
            group, note = _csv_group(form, group_key)
            items, warnings = gather(repo, form, source)
            if source == ALL_SOURCES:
                raise ExtractorError(
                    "CSV holds one set of answers per study; use .xlsx or .json for --source all"
                )
            text = write_extractions_csv(form, group, ((i.study.label, i.data) for i in items))
            write_output(out, text)
            return ([note] if note else []) + warnings
        forms = [pick_form(repo, form_key)] if form_key else repo.forms.list()
        gathered = {form.key: gather(repo, form, source) for form in forms}
        documents = {d.id: d for d in repo.documents.list()}
        title = repo.overview.project().title
    warnings = [w for _, (_, found) in gathered.items() for w in found]
    by_form = [(form, gathered[form.key][0]) for form in forms]
    if suffix == ".json":
        payload = data_json(title, source, by_form, documents)
        write_output(out, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        save_workbook(data_workbook(by_form, documents), out)
    return warnings


def _csv_group(form: Form, key: str | None) -> tuple[Field | None, str | None]:
    groups = form.groups()
    if key is not None:
        group = form.field(key)
        if group is None or not group.is_group:
            names = ", ".join(g.key for g in groups) or "none"
            raise ExtractorError(f"form '{form.key}' has no group '{key}' (groups: {names})")
        return group, None
    if len(groups) > 1:
        others = ", ".join(g.key for g in groups[1:])
        return groups[0], f"note: wrote group '{groups[0].key}'; use --group for {others}"
    return (groups[0] if groups else None), None


def data_json(
    title: str, source: str | None, by_form: list[tuple[Form, list[Sourced]]], documents: dict
) -> dict:
    studies: dict[str, dict] = {}
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
        "forms": [form.to_dict() for form, _ in by_form],
        "studies": list(studies.values()),
    }


def _evidence_json(evidence, documents: dict) -> dict:
    document = documents.get(evidence.document_id)
    return {
        "document": None if document is None else document.filename,
        "sha256": None if document is None else document.sha256,
        "page": evidence.page,
        "rects": [list(rect) for rect in evidence.rects],
        "quote": evidence.quote,
    }


def data_workbook(by_form: list[tuple[Form, list[Sourced]]], documents: dict) -> Workbook:
    """One sheet per form (a row per study), one per group (a row per group row),
    and the evidence quotes on a sheet of their own."""
    book = Workbook()
    book.remove(book.active)
    evidence_rows = []
    for form, items in by_form:
        scalars = form.scalar_fields()
        sheet = _sheet(book, form.name, ["Study", "Ref.", "Reviewer", "Status"] + _labels(scalars))
        for item in items:
            sheet.append(
                [item.study.label, item.study.ref, _who(item), item.data.status.value]
                + [_cell(f, item.data.values.get(f.key)) for f in scalars]
            )
        for group in form.groups():
            rows = _sheet(
                book, f"{form.key} - {group.label}", ["Study", "Reviewer", "Row"]
                + _labels(list(group.fields)),
            )  # fmt: skip
            for item in items:
                for number, row in enumerate(item.data.groups.get(group.key, []), start=1):
                    rows.append(
                        [item.study.label, _who(item), number]
                        + [_cell(sub, row.get(sub.key)) for sub in group.fields]
                    )
        for item in items:
            for path, quotes in item.data.evidence.items():
                for quote in quotes:
                    document = documents.get(quote.document_id)
                    evidence_rows.append(
                        [item.study.label, form.key, _who(item), path, quote.quote,
                         document.filename if document else "", quote.page]
                    )  # fmt: skip
    evidence = _sheet(
        book, "Evidence", ["Study", "Form", "Reviewer", "Field", "Quote", "Document", "Page"]
    )
    for row in evidence_rows:
        evidence.append(row)
    return book


def _sheet(book: Workbook, title: str, header: list[str]):
    # Excel refuses sheet names over 31 characters or with []:*?/\
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31]
    sheet = book.create_sheet(clean)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    for column, name in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = max(10, min(40, len(name) + 4))
    return sheet


def _sheet_title(book: Workbook, title: str) -> str:
    """Excel refuses sheet names over 31 characters, with []:*?/\\ or used twice."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()[:31]
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


def _cell(item: Field, value) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return format_value(item, value) or None
