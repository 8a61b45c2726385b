"""Periodic backups of the open project, and restoring one as a project of its own.

Each project file has a folder of its own in the user's data dir, named by the
file's stem and a hash of its full path: keeping the latest few of one project
never touches another's, whatever their names.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from extractor.app.desktop import data_dir
from extractor.app.ports import Project
from extractor.core.errors import NotFoundError, ProjectFileError
from extractor.store.database import copy_database, probe

BACKUPS_KEPT = 5
STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    studies: int
    answers: int  # answered values, every reviewer's and the consensus's


def backup_folder(project_path: Path) -> Path:
    digest = hashlib.sha256(str(project_path.resolve()).encode()).hexdigest()[:12]
    return data_dir() / "backups" / f"{project_path.stem}-{digest}"


def back_up(project: Project) -> Path:
    """Copy the open project (SQLite's backup API: consistent while it stays open)
    into its backup folder; keep the latest few."""
    folder = backup_folder(project.path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{datetime.now().strftime(STAMP)}{project.path.suffix}"
    copy_database(project.path, target)
    for stale in _files(folder)[:-BACKUPS_KEPT]:
        stale.unlink(missing_ok=True)
    return target


def backups(project_path: Path) -> list[Backup]:
    """This project's backups, newest first, with what each holds."""
    found = []
    for path in reversed(_files(backup_folder(project_path))):
        try:
            taken = datetime.strptime(path.stem, STAMP)
        except ValueError:
            continue
        studies, answers = _counts(path)
        found.append(Backup(path, taken, studies, answers))
    return found


def restore(backup: Path, target: Path) -> Path:
    """Write a backup out as a project of its own at `target` (a new file: the
    project it was taken from is left as it is)."""
    if not backup.is_file():
        raise NotFoundError(f"{backup}: no such backup")
    probe(backup)  # refuses what is not a project
    if target.exists():
        raise ProjectFileError(f"{target}: already exists; choose a new file name")
    if not target.parent.is_dir():
        raise ProjectFileError(f"{target}: folder {target.parent} does not exist")
    copy_database(backup, target)
    return target


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.extractor")) if folder.is_dir() else []


def _counts(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        studies = connection.execute("SELECT count(*) FROM study").fetchone()[0]
        answers = connection.execute(
            "SELECT count(*) FROM answer WHERE value IS NOT NULL AND value != 'null'"
        ).fetchone()[0]
        return int(studies), int(answers)
    except sqlite3.Error:
        return 0, 0
    finally:
        connection.close()
