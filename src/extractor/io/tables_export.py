"""`extractor export tables`: characteristics tables as PDF or DOCX, with the
export settings the project keeps (columns, split, captions, page size)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extractor.core.errors import ExtractorError
from extractor.core.tables import TableStudy, build_tables
from extractor.io.data_export import gather
from extractor.io.extraction_import import pick_form
from extractor.io.files import write_output
from extractor.resources import resource
from extractor.store.project import ProjectFile
from extractor.store.repository import Repository

TABLES = "export.tables"
GLOSSARY = "glossary"


@dataclass
class TableSettings:
    form: str | None = None
    fields: list[str] = field(default_factory=list)  # empty: every field
    group_by: str | None = None
    captions: dict[str, str] = field(default_factory=dict)
    page_size: str = "A4"

    @classmethod
    def load(cls, repo: Repository) -> TableSettings:
        raw: Any = repo.settings.get(TABLES) or {}
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def save(self, repo: Repository) -> None:
        repo.settings.set(TABLES, asdict(self))


def glossary(repo: Repository) -> dict[str, str]:
    """The project's glossary; a new project starts from the common abbreviations."""
    saved = repo.settings.get(GLOSSARY)
    if isinstance(saved, dict):
        return {str(k): str(v) for k, v in saved.items()}
    return json.loads(resource("glossary.json").read_text(encoding="utf-8"))


def export_tables(
    project: ProjectFile,
    out: Path,
    source: str | None = None,
    changes: dict[str, Any] | None = None,
) -> list[str]:
    """Write the tables; `changes` (from the command line) are saved as the new settings."""
    suffix = out.suffix.lower()
    if suffix not in {".pdf", ".docx"}:
        raise ExtractorError(f"{out}: choose a file ending .pdf or .docx")
    with project.transaction() as repo:
        settings = TableSettings.load(repo)
    for key, value in (changes or {}).items():
        setattr(settings, key, value)
    data, warnings = render_tables(project, settings, source, suffix.lstrip("."))
    if changes:
        with project.transaction() as repo:
            settings.save(repo)
    write_output(out, data)
    return warnings


def render_tables(
    project: ProjectFile, settings: TableSettings, source: str | None = None, kind: str = "pdf"
) -> tuple[bytes, list[str]]:
    """The tables as PDF or DOCX bytes with these settings (nothing is saved)."""
    if settings.page_size not in ("A4", "Letter"):
        raise ExtractorError(f"page size '{settings.page_size}' must be A4 or Letter")
    with project.transaction() as repo:
        form = pick_form(repo, settings.form)
        settings.form = form.key
        items, warnings = gather(repo, form, source)
        tables = build_tables(
            form,
            [TableStudy(i.study.label, i.study.ref, i.data) for i in items],
            settings.fields or None,
            settings.group_by,
            settings.captions,
            glossary(repo),
        )
        title = repo.overview.project().title
    if kind == "pdf":
        from extractor.reports.tables_pdf import tables_pdf

        return tables_pdf(tables, title, settings.page_size), warnings
    from extractor.reports.tables_docx import tables_docx

    return tables_docx(tables, title, settings.page_size), warnings
