"""Export all: every output into one folder, with a manifest, the same bytes each
time the same project is exported.

The outputs are built in a folder of their own beside the target and put in place
at the end, so the target is never left half written: a new folder is the built
one renamed; an existing one gets each file moved in, the manifest last. Each
output is made on its own: one that fails is named in the manifest with why, and
the others are still written. The readiness of the outputs is checked once, first;
a draft's manifest lists every gap.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extractor import __version__
from extractor.app.appendix import export_evidence
from extractor.app.meta_analysis import (
    KeptResults,
    MetaRequest,
    export_analysis,
    export_analysis_script,
    kept_analyses,
)
from extractor.app.outcomes import export_outcomes, has_outcome_data
from extractor.app.outputs import (
    export_data,
    export_prisma,
    export_synthesis,
    export_tables,
    synthesis_keys,
)
from extractor.app.ports import Project
from extractor.app.readiness import checked
from extractor.app.review import agreement, save_agreement
from extractor.app.rob import export_rob
from extractor.core.errors import ExtractorError, InputError
from extractor.core.forms import FormKind
from extractor.core.progress import Progress, silent
from extractor.core.readiness import Readiness
from extractor.core.rob import REGISTRY
from extractor.io.files import write_output

Job = Callable[[Path, Readiness], list[str]]
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class ExportAll:
    warnings: list[str]
    readiness: Readiness
    failed: dict[str, str]  # file name -> why it could not be made

    def lines(self) -> list[str]:
        """What to tell the user: the gaps, the warnings, each failed output."""
        return [
            *self.readiness.lines(),
            *self.warnings,
            *(f"{name} was not written: {why}" for name, why in self.failed.items()),
        ]


def export_all(
    project: Project,
    folder: Path,
    source: str | None = None,
    progress: Progress = silent,
    final: bool = False,
) -> ExportAll:
    """Write every output with the project's export settings. `progress(done, total,
    name)` follows along and may raise to stop: then nothing is put in place."""
    ready = checked(project, source, final)  # a final export with gaps stops here
    building = _building_beside(folder)
    try:
        jobs = _jobs(project, source)
        warnings: list[str] = []
        files: list[dict[str, object]] = []
        failed: dict[str, str] = {}
        for done, (name, job) in enumerate(jobs):
            progress(done, len(jobs), name)
            try:
                found = job(building / name, ready)
            except ExtractorError as error:
                failed[name] = str(error)
                continue
            except Exception as error:  # a bug in one output must not cost the others
                failed[name] = f"an internal error ({type(error).__name__}: {error})"
                continue
            warnings += [w for w in found if w not in warnings]
            data = (building / name).read_bytes()
            files.append(
                {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            )
        with project.reading() as repo:
            title = repo.overview.project().title
        manifest = {
            "application": f"Extractor {__version__}",
            "project": title,
            "source": source or "consensus where it exists, else the study's first reviewer",
            "draft": ready.summary() or None,
            "gaps": [gap.to_json() for gap in ready.gaps],
            "files": files,
            "failed": [{"file": name, "problem": why} for name, why in failed.items()],
            "warnings": warnings,
        }
        write_output(building / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _put_in_place(building, folder, [str(f["file"]) for f in files])
    finally:
        shutil.rmtree(building, ignore_errors=True)
    progress(len(jobs), len(jobs), MANIFEST)
    return ExportAll(warnings, ready, failed)


def _building_beside(folder: Path) -> Path:
    """A new folder next to the target to build in (stale ones from a killed export
    are removed first); the target's parent folders are made if need be."""
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if folder.exists() and not folder.is_dir():
            raise InputError.at(str(folder), None, "is a file, not a folder")
        for stale in parent.glob(f".{glob.escape(folder.name)}.building-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=parent))
    except OSError as exc:
        raise InputError.at(str(folder), None, f"cannot be written ({exc.strerror})") from None


def _put_in_place(building: Path, folder: Path, names: list[str]) -> None:
    """A new folder: the built one, renamed. An existing one (it may hold the user's
    own files): each output moved in, the manifest last, so a manifest in place
    always describes the files beside it."""
    try:
        if not folder.exists():
            building.rename(folder)
            mask = os.umask(0)
            os.umask(mask)
            folder.chmod(0o777 & ~mask)  # a made-private build folder, opened to the user's default
            return
        for name in [*names, MANIFEST]:
            os.replace(building / name, folder / name)
    except OSError as exc:
        raise InputError.at(str(folder), None, f"cannot be written ({exc.strerror})") from None


def _jobs(project: Project, source: str | None) -> list[tuple[str, Job]]:
    """Each file of the export, with what writes it."""

    def tables(out: Path, ready: Readiness) -> list[str]:
        return export_tables(project, out, source, known=ready)

    def data(out: Path, ready: Readiness) -> list[str]:
        return export_data(project, out, source, known=ready)

    def prisma(out: Path, ready: Readiness) -> list[str]:
        found, _ = export_prisma(project, out, known=ready)
        return [f"PRISMA counts do not add up: {p}" for p in found]

    def synthesis_by(keys: list[str]) -> Job:
        def job(out: Path, ready: Readiness) -> list[str]:
            return export_synthesis(project, keys, out, source, known=ready)

        return job

    def rob_of(tool: str) -> Job:
        def job(out: Path, ready: Readiness) -> list[str]:
            return export_rob(project, out, tool, source=source, known=ready)[1]

        return job

    def evidence(out: Path, ready: Readiness) -> list[str]:
        return export_evidence(project, out, source, known=ready)

    jobs: list[tuple[str, Job]] = [
        ("tables.pdf", tables),
        ("tables.docx", tables),
        ("evidence.pdf", evidence),
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
    jobs += _outcome_jobs(project, source)
    found = agreement(project)
    if any(f.compared for f in found.fields):

        def agreement_file(out: Path, ready: Readiness) -> list[str]:
            save_agreement(out, found, ready.note)
            return []

        for name in ("agreement.csv", "agreement.pdf"):
            jobs.append((name, agreement_file))
    return jobs


def _outcome_jobs(project: Project, source: str | None) -> list[tuple[str, Job]]:
    """Outcome data in each layout, each kept analysis (forest plot, data, result)
    and the R script that reproduces them."""
    jobs: list[tuple[str, Job]] = []
    with_data = has_outcome_data(project)
    if with_data:
        for layout in ("long", "metafor", "meta"):

            def outcomes(out: Path, ready: Readiness, layout: str = layout) -> list[str]:
                return export_outcomes(project, out, layout, source, known=ready)

            jobs.append((f"outcomes-{layout}.csv", outcomes))
    kept = kept_analyses(project)
    results = KeptResults(project, source)
    for request in kept:

        def analysis(out: Path, ready: Readiness, request: MetaRequest = request) -> list[str]:
            return export_analysis(results.of(request, ready), out)

        jobs += [(f"{request.stem()}{suffix}", analysis) for suffix in (".pdf", ".csv", ".json")]
    if with_data or kept:

        def script(out: Path, ready: Readiness) -> list[str]:
            return export_analysis_script(out, kept, results, ready)

        jobs.append(("analysis.R", script))
    return jobs


def _assessed_tools(project: Project) -> list[str]:
    with project.transaction() as repo:
        return [
            form.extra["tool"]
            for form in repo.forms.list(FormKind.ROB)
            if form.extra.get("tool") in REGISTRY and repo.answers.results_of(form)
        ]
