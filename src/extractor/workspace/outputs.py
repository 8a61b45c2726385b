"""Publication outputs: table settings and previews, synthesis, glossary, PRISMA."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.core.forms import Form
from extractor.core.prisma import PrismaCounts
from extractor.io.files import write_output
from extractor.io.tables_export import TableSettings
from extractor.store.project import ProjectFile


@dataclass(frozen=True)
class OutputState:
    form: Form
    tables: TableSettings
    glossary: dict[str, str]
    prisma: PrismaCounts
    reviewers: list[str]
    synthesis: list[str]


def output_state(project: ProjectFile) -> OutputState:
    from extractor.io.extraction_import import pick_form
    from extractor.io.prisma_files import load_counts
    from extractor.io.tables_export import glossary

    with project.transaction() as repo:
        tables = TableSettings.load(repo)
        form = pick_form(repo, tables.form)
        return OutputState(
            form=form,
            tables=tables,
            glossary=glossary(repo),
            prisma=load_counts(repo),
            reviewers=[r.name for r in repo.reviewers.list()],
            synthesis=list((repo.settings.get("export.synthesis") or {}).get("by", [])),
        )


def table_preview(project: ProjectFile, settings: TableSettings, source: str | None, width: int):
    from extractor.io.tables_export import render_tables
    from extractor.pdf.document import first_page

    data, _ = render_tables(project, settings, source, "pdf")
    return first_page(data, width)


def save_tables(
    project: ProjectFile, settings: TableSettings, source: str | None, out: Path
) -> None:
    """Write the tables and keep the settings for the next export and Export all."""
    from extractor.io.tables_export import render_tables

    data, _ = render_tables(project, settings, source, out.suffix.lower().lstrip("."))
    write_output(out, data)
    with project.transaction() as repo:
        settings.save(repo)


def save_glossary(project: ProjectFile, glossary: dict[str, str]) -> None:
    from extractor.io.tables_export import GLOSSARY

    with project.transaction() as repo:
        repo.settings.set(GLOSSARY, glossary)


def save_prisma(project: ProjectFile, counts: PrismaCounts) -> list[str]:
    from extractor.io.prisma_files import save_counts

    return save_counts(project, counts)


def synthesis_rows(
    project: ProjectFile, by: list[str], source: str | None
) -> list[dict[str, object]]:
    from extractor.core.synthesis import synthesis
    from extractor.io.data_export import gather
    from extractor.io.extraction_import import pick_form

    with project.transaction() as repo:
        form = pick_form(repo, None)
        items, _ = gather(repo, form, source)
    return synthesis(form, by, ((i.study.label, i.data) for i in items))


def save_synthesis(project: ProjectFile, by: list[str], source: str | None, out: Path) -> None:
    """Write the synthesis and keep its keys for the next Export all."""
    from extractor.io.export_all import SYNTHESIS
    from extractor.io.synthesis_files import export_synthesis

    export_synthesis(project, by, out, source)
    with project.transaction() as repo:
        repo.settings.set(SYNTHESIS, {"by": by})
