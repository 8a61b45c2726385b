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
from extractor.store.models import ALL_ROWS, Base
from extractor.store.project import ProjectFile
from extractor.store.repository import Repository

SHARED_FOR = "shared_for"


def prune_statements() -> list[str]:
    """What building a reviewer's copy deletes, table by table, from each table's own
    declaration (`models.keeps`); parents come before children, so a child's rule can
    ask which parents are kept. A table without a declaration is a bug, and no copy
    is made while there is one."""
    statements = []
    for table in Base.metadata.sorted_tables:
        rows = table.info.get("share")
        if rows is None:
            raise RuntimeError(f"table {table.name} does not say what a reviewer's copy keeps")
        if rows != ALL_ROWS:  # a condition that is NULL (no reviewer) keeps nothing
            statements.append(f"DELETE FROM {table.name} WHERE NOT coalesce(({rows}), 0)")
    return statements


def _undeclared(connection: sqlite3.Connection) -> list[str]:
    """Tables of the file that no model declares (made by hand or by a migration
    without a model): a copy could leak them."""
    known = set(Base.metadata.tables) | {"alembic_version"}
    names = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return sorted(name for (name,) in names if name not in known)


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
            strange = _undeclared(connection)
            if strange:
                raise ProjectFileError(
                    f"{project.path}: tables {', '.join(strange)} are not Extractor's; "
                    "no reviewer's copy is made of a project that holds them"
                )
            connection.execute("BEGIN")
            for statement in prune_statements():
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
