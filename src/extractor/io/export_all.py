"""`extractor export all`: every output into one folder, with a manifest, the
same bytes each time the same project is exported."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from extractor import __version__
from extractor.core.errors import ExtractorError
from extractor.io.agreement_files import agreement_csv
from extractor.io.data_export import export_data
from extractor.io.files import write_output
from extractor.io.synthesis_files import export_synthesis
from extractor.io.tables_export import export_tables
from extractor.store.project import ProjectFile

SYNTHESIS = "export.synthesis"
PALETTE = "export.palette"


def synthesis_keys(project: ProjectFile) -> list[list[str]]:
    """The saved groupings, else each group's key sub-field."""
    with project.transaction() as repo:
        saved = repo.settings.get(SYNTHESIS)
        if isinstance(saved, dict) and isinstance(saved.get("by"), list) and saved["by"]:
            return [list(saved["by"])]
        from extractor.io.extraction_import import pick_form

        form = pick_form(repo, None)
        return [[f"{g.key}.{g.key_field}"] for g in form.groups() if g.key_field]


def export_all(
    project: ProjectFile, folder: Path, source: str | None = None,
    progress: Callable[[int, int, str], None] | None = None, palette: str | None = None,
) -> list[str]:  # fmt: skip
    """Write every output; returns warnings. `progress(done, total, name)` follows along;
    `palette` colours the risk-of-bias figures (default: the project's setting)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExtractorError(f"{folder}: cannot be created ({exc.strerror})") from None
    jobs: list[tuple[str, Callable[[Path], list[str]]]] = [
        ("tables.pdf", lambda out: export_tables(project, out, source)),
        ("tables.docx", lambda out: export_tables(project, out, source)),
        ("data.xlsx", lambda out: export_data(project, out, source)),
        ("data.json", lambda out: export_data(project, out, source)),
        ("data.csv", lambda out: export_data(project, out, source)),
    ]
    jobs.append(("prisma.pdf", lambda out: _prisma(project, out)))
    jobs.append(("prisma.csv", lambda out: _prisma(project, out)))
    for keys in synthesis_keys(project):
        name = "synthesis-by-" + "-".join(k.replace(".", "_") for k in keys)
        for suffix in (".csv", ".pdf"):
            jobs.append(
                (name + suffix, lambda out, keys=keys: export_synthesis(project, keys, out, source))
            )
    with project.transaction() as repo:
        fields = repo.conflicts.agreement()
        title = repo.overview.project().title
        tools = _assessed_tools(repo)
    for tool in tools:
        stem = f"rob-{tool.lower()}"
        jobs.append((f"{stem}.pdf", lambda out, tool=tool: _rob(project, out, tool, palette)))
        jobs.append((f"{stem}.csv", lambda out, tool=tool: _rob(project, out, tool, palette)))
    if any(f.compared for f in fields):
        from extractor.reports.agreement_report import agreement_pdf

        jobs.append(("agreement.csv", lambda out: _write(out, agreement_csv(fields))))
        jobs.append(
            (
                "agreement.pdf",
                lambda out: _write(
                    out, agreement_pdf(title, "Reviewers: the pair of each study", fields)
                ),
            )
        )
    warnings: list[str] = []
    files = []
    for done, (name, job) in enumerate(jobs):
        if progress is not None:
            progress(done, len(jobs), name)
        for warning in job(folder / name):
            if warning not in warnings:
                warnings.append(warning)
        data = (folder / name).read_bytes()
        files.append({"file": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)})
    manifest = {
        "application": f"Extractor {__version__}",
        "project": title,
        "source": source or "consensus where it exists, else the study's first reviewer",
        "files": files,
        "warnings": warnings,
    }
    write_output(
        folder / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    )
    if progress is not None:
        progress(len(jobs), len(jobs), "manifest.json")
    return warnings


def _assessed_tools(repo) -> list[str]:
    from extractor.core.forms import FormKind
    from extractor.core.rob import TOOLS

    tools = []
    for form in repo.forms.list(FormKind.ROB):
        if form.extra.get("tool") in TOOLS and repo.answers.results_of(form):
            tools.append(form.extra["tool"])
    return tools


def _rob(project: ProjectFile, out: Path, tool: str, palette: str | None) -> list[str]:
    from extractor.io.rob_export import export_rob

    if palette is None:
        with project.transaction() as repo:
            palette = repo.settings.get(PALETTE) or "cochrane"
    return export_rob(project, out, tool, palette=palette)[1]


def _prisma(project: ProjectFile, out: Path) -> list[str]:
    from extractor.io.prisma_files import export_prisma

    return [f"PRISMA counts do not add up: {p}" for p in export_prisma(project, out)]


def _write(out: Path, content: bytes | str) -> list[str]:
    write_output(out, content)
    return []
