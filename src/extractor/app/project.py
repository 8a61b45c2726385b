"""Whole projects: opening, creating, describing, backing up; their forms."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from extractor.app.desktop import AppConfig, demo_project_path
from extractor.app.ports import Project
from extractor.core.errors import ExtractorError, ProjectBusyError, RefusedError
from extractor.core.forms import Form, load_form_json
from extractor.core.progress import Progress, silent
from extractor.io.files import read_text, refuse_as_output, write_output
from extractor.resources import resource
from extractor.store.database import copy_database
from extractor.store.project import ProjectFile

T = TypeVar("T")


def open_project(path: Path) -> ProjectFile:
    """Open a project file (probed first; migrated after a backup when it is older)."""
    return ProjectFile.open(path)


def save_copy(project: Project, target: Path, progress: Progress = silent) -> Path:
    """A copy of the whole project as it is now (SQLite's backup API: consistent while
    it stays open), written whole or not at all, never over an existing file.
    `progress` hears how far the copy got and may stop it by raising."""
    if target.exists() or target.resolve() == project.path.resolve():
        raise RefusedError(f"{target}: already exists; name a new file for the copy")
    refuse_as_output(target)
    temporary = target.with_name(f".{target.name}.part")
    temporary.unlink(missing_ok=True)
    try:
        copy_database(project.path, temporary, progress)
        progress(1, 1, f"Saving {target.name}")  # a cancel during the last step is heard
        os.replace(temporary, target)
    except OSError as error:
        raise ExtractorError(f"{target}: cannot be written ({error.strerror})") from None
    finally:
        temporary.unlink(missing_ok=True)  # of a copy stopped or failed half way
    return target


def builtin_form() -> Form:
    """The built-in Study characteristics form."""
    path = resource("forms", "study_characteristics.json")
    return load_form_json(path.read_text(encoding="utf-8"), str(path))


def form_templates() -> list[Form]:
    """The forms a review can start from (resources/forms), by name."""
    found = [
        load_form_json(path.read_text(encoding="utf-8"), str(path))
        for path in sorted(resource("forms").glob("*.json"))
    ]
    return sorted(found, key=lambda form: form.name.casefold())


def read_form(path: Path) -> Form:
    """A form definition from a JSON file the user gave us."""
    return load_form_json(read_text(path, what="a form definition"), str(path))


def create_project(
    path: Path,
    title: str,
    question: str = "",
    form_files: list[Path] | None = None,
    page_size: str | None = None,
) -> Project:
    """A new project with the forms of `form_files`, else the built-in one, its tables
    laid out on `page_size` (else A4). Every form is read and checked before the file
    is made."""
    from extractor.app.outputs import TABLES
    from extractor.core.tables import TableSettings

    forms = [read_form(file) for file in form_files] if form_files else [builtin_form()]
    if page_size is not None:
        TableSettings(page_size=page_size).check()
    project = ProjectFile.create(path, title, question)
    with project.transaction() as repo:
        for form in forms:
            repo.forms.save(form)
        if page_size is not None:
            repo.settings.set(TABLES, TableSettings(page_size=page_size).to_json())
    return project


@dataclass(frozen=True)
class ProjectInfo:
    """What `extractor info` tells of a project."""

    title: str
    review_question: str
    studies: int
    documents: int
    reviewers: list[str]
    forms: list[str]
    extractions: dict[str, int]  # status -> count, reviewers' extractions only
    open_conflicts: int

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "studies": self.studies,
            "documents": self.documents,
            "reviewers": self.reviewers,
            "forms": self.forms,
            "extractions": self.extractions,
            "open_conflicts": self.open_conflicts,
        }


def project_info(project: Project) -> ProjectInfo:
    with project.reading() as repo:
        summary = repo.overview.summary()
        return ProjectInfo(
            title=summary.title,
            review_question=summary.review_question,
            studies=summary.studies,
            documents=summary.documents,
            reviewers=summary.reviewers,
            forms=summary.forms,
            extractions=summary.extractions,
            open_conflicts=repo.conflicts.count_open(),
        )


def export_form(project: Project, key: str, out: Path, version: int | None = None) -> None:
    """Write a form as it is now, or a version it had before: its JSON, or (to a .pdf)
    the form as a reviewer reads it, on the page size of the project's tables."""
    from extractor.app.form_revision import current_form, replaced_version
    from extractor.app.outputs import table_settings

    form = current_form(project, key)
    if version is not None and version != form.version:
        form = replaced_version(project, key, version).form
    if out.suffix.lower() != ".pdf":
        write_output(out, form.to_json())
        return
    from extractor.reports.form_pdf import form_pdf

    with project.reading() as repo:
        page_size = table_settings(repo).page_size
    write_output(out, form_pdf(form, page_size))


def project_to_open(
    requested: Path | None, config: AppConfig, preparing: Callable[[], None] | None = None
) -> Path:
    """The project asked for; else the last one, if it still exists; else the
    demo project, written to the user's data dir the first time it is needed
    (`preparing` is called first, to say so: it takes a second or two)."""
    if requested is not None:
        return requested
    if config.last_project and Path(config.last_project).is_file():
        return Path(config.last_project)
    return demo_path_ready(preparing)


def demo_path_ready(preparing: Callable[[], None] | None = None) -> Path:
    """The demo project in the user's data dir, written the first time it is needed."""
    demo = demo_project_path()
    if not demo.exists():
        from extractor.app.demo import write_demo

        if preparing is not None:
            preparing()
        demo.parent.mkdir(parents=True, exist_ok=True)
        write_demo(demo).close()
    return demo


def retry_when_busy(work: Callable[[], T], attempts: int = 60, pause: float = 1.0) -> T:
    """Run a write again while another program holds the file locked.

    For a worker thread: it waits there, in order, so that a later write never
    overtakes an earlier one, and the user's edit is not lost to a passing lock.
    """
    for attempt in range(attempts):
        try:
            return work()
        except ProjectBusyError:
            if attempt == attempts - 1:
                raise
            time.sleep(pause)
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class AuditVerdict:
    events: int
    broken: str | None  # the first event where a chain does not hold, said for a person


def verify_audit(project: Project) -> AuditVerdict:
    """Check every chain of the audit log."""
    with project.reading() as repo:
        events, found = repo.audit.verify()
    return AuditVerdict(events, None if found is None else str(found))
