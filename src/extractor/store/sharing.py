"""A reviewer's own copy of a project: forms, studies and PDFs, and no one
else's answers, by construction.

The copy is taken with SQLite's backup API into a scratch file, pruned there,
then written out with VACUUM INTO: the result is rebuilt from live rows only,
so nothing deleted survives in free pages of the file the reviewer receives.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from extractor.core.errors import ProjectFileError
from extractor.core.model import ReviewerInfo
from extractor.store.database import copy_database
from extractor.store.project import ProjectFile
from extractor.store.repository import Repository

SHARED_FOR = "shared_for"

# Whatever another reviewer wrote goes; the audit log keeps only the target's events.
_PRUNE = [
    "DELETE FROM resolution",
    "DELETE FROM evidence WHERE answer_id IN (SELECT a.id FROM answer a JOIN extraction e "
    "ON e.id = a.extraction_id WHERE e.reviewer_id != :me)",
    "DELETE FROM answer WHERE extraction_id IN (SELECT id FROM extraction WHERE reviewer_id != :me)",
    "DELETE FROM group_row WHERE extraction_id IN (SELECT id FROM extraction WHERE reviewer_id != :me)",
    "DELETE FROM extraction WHERE reviewer_id != :me",
    "DELETE FROM audit_event WHERE reviewer_id IS NULL OR reviewer_id != :me",
    "DELETE FROM reviewer WHERE id != :me",
    "DELETE FROM setting WHERE key LIKE 'package:%'",
]


class Shareable(Protocol):
    """What sharing needs of an open project (a ProjectFile, or the use cases'
    Project): its SQLite file, and a unit of work to log the share in."""

    @property
    def path(self) -> Path: ...

    def transaction(self) -> AbstractContextManager[Repository]: ...


def share(project: Shareable, reviewer: ReviewerInfo, target: Path) -> None:
    """Write `target`: the project as `reviewer` should see it."""
    if target.exists():
        raise ProjectFileError(f"{target}: already exists; choose a new file name")
    if not target.parent.is_dir():
        raise ProjectFileError(f"{target}: folder {target.parent} does not exist")
    with project.transaction() as repo:
        repo.audit.record(
            "project.share", reviewer_id=reviewer.id, detail=f"copy for {reviewer.name}"
        )
    with tempfile.TemporaryDirectory(prefix="extractor-share-") as scratch:
        pruned = Path(scratch) / "copy.extractor"
        copy_database(project.path, pruned)
        connection = sqlite3.connect(pruned, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=DELETE")
            connection.execute("PRAGMA foreign_keys=OFF")
            connection.execute("BEGIN")
            for statement in _PRUNE:
                connection.execute(statement, {"me": reviewer.id})
            connection.execute(
                "INSERT OR REPLACE INTO setting (key, value) VALUES (?, json(?))",
                (SHARED_FOR, json.dumps({"id": reviewer.id, "name": reviewer.name})),
            )
            connection.execute("COMMIT")
            connection.execute("VACUUM INTO ?", (str(target),))
        finally:
            connection.close()
    copy = ProjectFile.open(target)  # a copy that does not open is not handed out
    copy.close()
