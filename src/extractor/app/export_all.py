"""Export all: every output into one folder, with a manifest, the same bytes each
time the same project is exported."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from extractor import __version__
from extractor.app.outputs import (
    export_data,
    export_prisma,
    export_synthesis,
    export_tables,
    synthesis_keys,
)
from extractor.app.ports import Project
from extractor.app.review import agreement, save_agreement
from extractor.app.rob import export_rob
from extractor.core.errors import InputError
from extractor.core.forms import FormKind
from extractor.core.rob import REGISTRY
from extractor.io.files import write_output

Job = Callable[[Path], list[str]]


def export_all(
    project: Project,
    folder: Path,
    source: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[str]:
    """Write every output with the project's export settings; returns warnings.
    `progress(done, total, name)` follows along and may raise to stop."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError.at(str(folder), None, f"cannot be created ({exc.strerror})") from None
    jobs = _jobs(project, source)
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
    with project.transaction() as repo:
        title = repo.overview.project().title
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


def _jobs(project: Project, source: str | None) -> list[tuple[str, Job]]:
    """Each file of the export, with what writes it."""

    def tables(out: Path) -> list[str]:
        return export_tables(project, out, source)

    def data(out: Path) -> list[str]:
        return export_data(project, out, source)

    def prisma(out: Path) -> list[str]:
        return [f"PRISMA counts do not add up: {p}" for p in export_prisma(project, out)]

    def synthesis_by(keys: list[str]) -> Job:
        def job(out: Path) -> list[str]:
            return export_synthesis(project, keys, out, source)

        return job

    def rob_of(tool: str) -> Job:
        def job(out: Path) -> list[str]:
            return export_rob(project, out, tool, source=source)[1]

        return job

    jobs: list[tuple[str, Job]] = [
        ("tables.pdf", tables),
        ("tables.docx", tables),
        ("data.xlsx", data),
        ("data.json", data),
        ("data.csv", data),
        ("prisma.pdf", prisma),
        ("prisma.csv", prisma),
    ]
    for keys in synthesis_keys(project):
        name = "synthesis-by-" + "-".join(k.replace(".", "_") for k in keys)
        for suffix in (".csv", ".pdf"):
            jobs.append((name + suffix, synthesis_by(keys)))
    for tool in _assessed_tools(project):
        for suffix in (".pdf", ".csv"):
            jobs.append((f"rob-{tool.lower()}{suffix}", rob_of(tool)))
    found = agreement(project)
    if any(f.compared for f in found.fields):

        def agreement_file(out: Path) -> list[str]:
            save_agreement(out, found)
            return []

        for name in ("agreement.csv", "agreement.pdf"):
            jobs.append((name, agreement_file))
    return jobs


def _assessed_tools(project: Project) -> list[str]:
    with project.transaction() as repo:
        return [
            form.extra["tool"]
            for form in repo.forms.list(FormKind.ROB)
            if form.extra.get("tool") in REGISTRY and repo.answers.results_of(form)
        ]
