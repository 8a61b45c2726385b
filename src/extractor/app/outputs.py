"""Publication outputs: tables, synthesis, data files and PRISMA, with the export
settings the project keeps for the next export and for Export all."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.app import formats
from extractor.app.extraction import pick_form
from extractor.app.ports import Project
from extractor.app.readiness import assess, told
from extractor.app.sources import gather
from extractor.core.errors import InputError, RefusedError
from extractor.core.forms import Form
from extractor.core.prisma import PrismaCounts, problems
from extractor.core.readiness import Readiness
from extractor.core.sources import (
    ALL_SOURCES,
)
from extractor.core.synthesis import synthesis
from extractor.core.tables import TableSettings, build_tables
from extractor.io.files import write_output
from extractor.pdf.document import RenderedPage
from extractor.resources import resource
from extractor.store.repository import Repository

TABLES = "export.tables"
GLOSSARY = "glossary"
SYNTHESIS = "export.synthesis"


# Tables


def table_settings(repo: Repository) -> TableSettings:
    return TableSettings.from_json(repo.settings.get(TABLES))


def glossary(repo: Repository) -> dict[str, str]:
    """The project's glossary; a new project starts from the common abbreviations."""
    saved = repo.settings.get(GLOSSARY)
    if isinstance(saved, dict):
        return {str(k): str(v) for k, v in saved.items()}
    common: dict[str, str] = json.loads(resource("glossary.json").read_text(encoding="utf-8"))
    return common


def render_tables(
    project: Project,
    settings: TableSettings,
    source: str | None = None,
    kind: str = "pdf",
    final: bool = False,
    known: Readiness | None = None,
) -> tuple[bytes, list[str]]:
    """The tables as PDF or DOCX bytes with these settings (nothing is saved)."""
    settings.check()
    with project.reading() as repo:
        ready = assess(repo, source, final, known)
        form = pick_form(repo, settings.form)
        settings.form = form.key
        items, warnings = gather(repo, form, source)
        warnings += told(ready, known)
        tables = build_tables(
            form,
            items,
            settings.fields or None,
            settings.group_by,
            settings.captions,
            glossary(repo),
        )
        title = repo.overview.project().title
    if kind == "pdf":
        from extractor.reports.fonts import font_gaps
        from extractor.reports.tables_pdf import tables_pdf

        with font_gaps() as missing:
            pdf = tables_pdf(tables, title, settings.page_size, draft=ready.note)
        return pdf, warnings + missing.notes()
    from extractor.reports.tables_docx import tables_docx

    return tables_docx(tables, title, settings.page_size, draft=ready.note), warnings


def export_tables(
    project: Project,
    out: Path,
    source: str | None = None,
    changes: dict[str, Any] | None = None,
    settings: TableSettings | None = None,
    final: bool = False,
    known: Readiness | None = None,
) -> list[str]:
    """Write the tables with the project's settings, or `settings` as a whole, with
    `changes` on top; settings given or changed are saved for the next export."""
    kind = formats.TABLES.format_of(out).suffix.lstrip(".")
    if settings is None:
        with project.transaction() as repo:
            settings = table_settings(repo)
        save = bool(changes)
    else:
        save = True
    for key, value in (changes or {}).items():
        setattr(settings, key, value)
    data, warnings = render_tables(project, settings, source, kind, final, known)
    write_output(out, data)
    if save:
        with project.transaction() as repo:
            repo.settings.set(TABLES, settings.to_json())
    return warnings


PREVIEW_PAGES = 40  # enough for any table a review prints; more are counted, not drawn


def table_preview(
    project: Project, settings: TableSettings, source: str | None, width: int
) -> tuple[list[RenderedPage], int]:
    """The pages of the tables (up to PREVIEW_PAGES), each drawn `width` pixels wide,
    and how many pages there are."""
    from extractor.pdf.document import all_pages

    data, _ = render_tables(project, settings, source, "pdf")
    return all_pages(data, width, PREVIEW_PAGES)


def save_glossary(project: Project, entries: dict[str, str]) -> None:
    with project.transaction() as repo:
        repo.settings.set(GLOSSARY, entries)


# Synthesis


def synthesis_keys(project: Project) -> list[list[str]]:
    """The saved groupings, else each group's key sub-field."""
    with project.reading() as repo:
        saved = repo.settings.get(SYNTHESIS)
        if isinstance(saved, dict) and isinstance(saved.get("by"), list) and saved["by"]:
            return [list(saved["by"])]
        form = pick_form(repo, None)
        return [[f"{g.key}.{g.key_field}"] for g in form.groups() if g.key_field]


@dataclass(frozen=True)
class SynthesisFound:
    rows: list[dict[str, object]]
    form: Form
    title: str
    warnings: list[str]
    readiness: Readiness


def synthesis_rows(
    project: Project,
    by: list[str],
    source: str | None,
    form_key: str | None = None,
    final: bool = False,
    known: Readiness | None = None,
) -> SynthesisFound:
    """The synthesis rows, the form, the project's title, the warnings and readiness."""
    with project.reading() as repo:
        ready = assess(repo, source, final, known)
        form = pick_form(repo, form_key)
        items, warnings = gather(repo, form, source)
        title = repo.overview.project().title
    rows = synthesis(form, by, items)
    return SynthesisFound(rows, form, title, warnings + told(ready, known), ready)


def export_synthesis(
    project: Project,
    by: list[str],
    out: Path,
    source: str | None = None,
    form_key: str | None = None,
    remember: bool = False,
    final: bool = False,
    known: Readiness | None = None,
) -> list[str]:
    """Write the synthesis in the format `out`'s suffix names; returns warnings. With
    `remember`, the keys are kept for the next Export all."""
    suffix = formats.SYNTHESIS.format_of(out).suffix
    found = synthesis_rows(project, by, source, form_key, final, known)
    rows = found.rows
    if suffix == ".json":
        write_output(out, json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        from extractor.io.synthesis_files import synthesis_csv

        write_output(out, synthesis_csv(rows))
    else:
        from extractor.reports.fonts import font_gaps
        from extractor.reports.synthesis_report import synthesis_pdf

        with font_gaps() as missing:
            pdf = synthesis_pdf(found.title, found.form, by, rows, draft=found.readiness.note)
        write_output(out, pdf)
        found.warnings.extend(missing.notes())
    warnings = found.warnings
    if remember:
        with project.transaction() as repo:
            repo.settings.set(SYNTHESIS, {"by": by})
    return warnings


# Data


def export_data(
    project: Project,
    out: Path,
    source: str | None = None,
    form_key: str | None = None,
    group_key: str | None = None,
    final: bool = False,
    known: Readiness | None = None,
) -> list[str]:
    """Write the data file named by `out`'s suffix; returns warnings."""
    from extractor.io.data_files import csv_group, data_json, data_workbook
    from extractor.io.extraction_csv import write_extractions_csv
    from extractor.io.xlsx import save_workbook

    suffix = formats.DATA.format_of(out).suffix
    if suffix == ".csv" and source == ALL_SOURCES:
        raise InputError.at(
            str(out),
            None,
            "CSV holds one set of answers per study; use .xlsx or .json for --source all",
        )
    with project.reading() as repo:
        ready = assess(repo, source, final, known)
        if suffix == ".csv":
            form = pick_form(repo, form_key)
            group, note = csv_group(form, group_key)
            items, warnings = gather(repo, form, source, quotes=True)
            text = write_extractions_csv(form, group, items)
        else:
            forms = [pick_form(repo, form_key)] if form_key else repo.forms.list()
            gathered = {form.key: gather(repo, form, source, quotes=True) for form in forms}
            documents = {d.id: d for d in repo.documents.list()}
            title = repo.overview.project().title
    if suffix == ".csv":
        write_output(out, text)
        return ([note] if note else []) + warnings + told(ready, known)
    warnings = [w for _, (_, found) in gathered.items() for w in found]
    by_form = [(form, gathered[form.key][0]) for form in forms]
    if suffix == ".json":
        payload = data_json(title, source, by_form, documents, ready)
        write_output(out, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        save_workbook(data_workbook(by_form, documents, ready), out)
    return warnings + told(ready, known)


# PRISMA


def prisma_counts(repo: Repository) -> PrismaCounts:
    """The counts of the diagram: from the screening log, and typed in for the rest."""
    from extractor.app.screening_log import prisma_flow

    return prisma_flow(repo).counts


def save_prisma(project: Project, counts: PrismaCounts) -> list[str]:
    """Keep the counts typed in (where the project has a screening log, only those
    it does not give); returns the arithmetic that does not add up."""
    from extractor.app.screening_log import prisma_flow

    with project.transaction() as repo:
        from_log = prisma_flow(repo).derived
        counts = PrismaCounts(
            {k: v for k, v in counts.numbers.items() if k not in from_log},
            {k: v for k, v in counts.lists.items() if k not in from_log},
        )
        repo.prisma.save(counts)
        repo.audit.record("prisma.set", new=counts.to_json())
        whole = prisma_flow(repo).counts
    return problems(whole)


def import_prisma(project: Project, path: Path) -> tuple[list[str], list[str]]:
    """Read the PRISMA2020 template CSV (all or nothing); returns the arithmetic
    problems, and the counts not kept because the screening log gives them."""
    from extractor.app.screening_log import prisma_flow
    from extractor.io.prisma_csv import read_prisma

    counts = read_prisma(path)
    with project.reading() as repo:
        from_log = prisma_flow(repo).derived
    typed = {k for k, v in counts.numbers.items() if v is not None} | set(counts.lists)
    dropped = [
        f"{path.name}: '{key}' is counted from the screening log; the file's count is not kept"
        for key in sorted(typed & from_log)
    ]
    return save_prisma(project, counts), dropped


def export_prisma(
    project: Project, out: Path, final: bool = False, known: Readiness | None = None
) -> tuple[list[str], list[str]]:
    """Write the diagram (.pdf) or the counts (.csv); returns the arithmetic problems,
    which are reported, not hidden (the export goes ahead), and the readiness lines."""
    from extractor.app.screening_log import prisma_flow

    suffix = formats.PRISMA.format_of(out).suffix
    with project.reading() as repo:
        ready = assess(repo, None, final, known)
        flow = prisma_flow(repo)
        title = repo.overview.project().title
        page_size = table_settings(repo).page_size
    if final and flow.gaps:
        raise RefusedError(f"the screening is not finished: {'; '.join(flow.gaps)}")
    counts = flow.counts
    if suffix == ".csv":
        from extractor.io.prisma_csv import prisma_csv

        write_output(out, prisma_csv(counts))
    else:
        from extractor.reports.prisma_pdf import prisma_pdf

        notes = [ready.note or ""] + ([f"Screening: {'; '.join(flow.gaps)}"] if flow.gaps else [])
        note = "; ".join(n for n in notes if n)
        if flow.gaps and not ready.note:
            note = f"Draft: {note}"
        typed = frozenset(flow.typed) if flow.from_log else frozenset()
        write_output(out, prisma_pdf(counts, title, note or None, page_size, typed))
    told_lines = told(ready, known) + [f"screening not finished: {gap}" for gap in flow.gaps]
    return problems(counts), told_lines + flow.ignored


# What the outputs dialog starts from


@dataclass(frozen=True)
class OutputState:
    form: Form
    tables: TableSettings
    glossary: dict[str, str]
    prisma: PrismaCounts
    reviewers: list[str]
    synthesis: list[str]
    palette: str
    prisma_log: frozenset[str] = frozenset()  # the counts the screening log gives
    prisma_gaps: tuple[str, ...] = ()  # what the log has not settled yet, in words


def output_state(project: Project) -> OutputState:
    from extractor.app.rob import saved_palette
    from extractor.app.screening_log import prisma_flow

    with project.reading() as repo:
        tables = table_settings(repo)
        saved = repo.settings.get(SYNTHESIS)
        flow = prisma_flow(repo)
        return OutputState(
            prisma_log=frozenset(flow.derived),
            prisma_gaps=tuple(flow.gaps),
            form=pick_form(repo, tables.form),
            tables=tables,
            glossary=glossary(repo),
            prisma=flow.counts,
            reviewers=[r.name for r in repo.reviewers.list()],
            synthesis=list(saved.get("by", [])) if isinstance(saved, dict) else [],
            palette=saved_palette(repo),
        )
