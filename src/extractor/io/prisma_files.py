"""PRISMA counts kept in the project; `import prisma` and `export prisma`."""

from __future__ import annotations

from pathlib import Path

from extractor.core.errors import ExtractorError
from extractor.core.prisma import PrismaCounts, problems
from extractor.io.files import write_output
from extractor.io.prisma_csv import prisma_csv, read_prisma
from extractor.store.project import ProjectFile
from extractor.store.repository import Repository

PRISMA = "prisma"


def load_counts(repo: Repository) -> PrismaCounts:
    return PrismaCounts.from_json(repo.settings.get(PRISMA))


def save_counts(project: ProjectFile, counts: PrismaCounts) -> list[str]:
    with project.transaction() as repo:
        repo.settings.set(PRISMA, counts.to_json())
        repo.audit.record("prisma.set", new=counts.to_json())
    return problems(counts)


def import_prisma(project: ProjectFile, path: Path) -> list[str]:
    """Read the template CSV (all or nothing); returns the arithmetic problems."""
    return save_counts(project, read_prisma(path))


def export_prisma(project: ProjectFile, out: Path) -> list[str]:
    """Write the diagram (.pdf) or the counts (.csv); returns the arithmetic problems,
    which are reported, not hidden: the export goes ahead."""
    suffix = out.suffix.lower()
    if suffix not in {".pdf", ".csv"}:
        raise ExtractorError(f"{out}: choose a file ending .pdf or .csv")
    with project.transaction() as repo:
        counts = load_counts(repo)
        title = repo.overview.project().title
    if suffix == ".csv":
        write_output(out, prisma_csv(counts))
    else:
        from extractor.reports.prisma_pdf import prisma_pdf

        write_output(out, prisma_pdf(counts, title))
    return problems(counts)
