"""Whole projects: creating one, backing it up, adding instruments."""

from __future__ import annotations

from pathlib import Path

from extractor.store.project import ProjectFile


def create_project(path: Path, title: str) -> None:
    """A new project with the built-in Study characteristics form (as `extractor new`)."""
    from extractor.core.forms import load_form_json
    from extractor.resources import resource

    builtin = resource("forms", "study_characteristics.json")
    form = load_form_json(builtin.read_text(encoding="utf-8"), str(builtin))
    project = ProjectFile.create(path, title)
    with project, project.transaction() as repo:
        repo.forms.save(form)


BACKUPS_KEPT = 5


def back_up(project: ProjectFile) -> Path:
    """Copy the open project into the user's data dir (SQLite's backup API, so the
    copy is consistent while the project stays open); keep the latest few."""
    from datetime import datetime

    from extractor.config import data_dir
    from extractor.store.database import copy_database

    folder = data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{project.path.stem}-{stamp}{project.path.suffix}"
    copy_database(project.path, target)
    old = sorted(folder.glob(f"{project.path.stem}-*{project.path.suffix}"))
    for stale in old[:-BACKUPS_KEPT]:
        stale.unlink(missing_ok=True)
    return target


def add_rob_tool(project: ProjectFile, tool: str) -> str:
    """Add a built-in risk-of-bias instrument to the project; returns its name."""
    from extractor.io.rob_data import instrument

    with project.transaction() as repo:
        return instrument(repo, tool, add=True).form.name
