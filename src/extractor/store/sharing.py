"""A reviewer's own copy of a project: forms, studies and PDFs, and no one
else's answers, by construction.

The project is copied with SQLite's backup API into memory, so that no file ever
holds an unpruned copy, even of a run that is killed. It is pruned there, then
written with VACUUM INTO beside the destination under a name that says it is
incomplete: the result is rebuilt from live rows only, so nothing deleted
survives in free pages, and it takes the destination's name only once it opens.
A reviewer new to the project is added to the lead's project only when their
copy is in place. The copy carries the key its packages will be signed with;
the lead's project keeps the same key to check them.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import uuid
from contextlib import AbstractContextManager, closing, suppress
from pathlib import Path
from typing import Protocol

from extractor.core.errors import ProjectFileError
from extractor.core.model import ReviewerInfo, initials_of
from extractor.core.progress import Progress, silent
from extractor.store.models import ALL_ROWS, Base, utc_now
from extractor.store.project import ProjectFile
from extractor.store.repository import Repository
from extractor.store.search import TABLES as SEARCH_TABLES

SHARED_FOR = "shared_for"
WORKS_AS = "works_as"  # the demo: which of its reviewers this desktop works as
LOG_SEEN = "package:log:"  # per reviewer: how much of their audit log the lead has verified


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
    # The search index is made from the PDFs every copy has: it is kept whole.
    known = set(Base.metadata.tables) | {"alembic_version", *SEARCH_TABLES}
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

    def reading(self) -> AbstractContextManager[Repository]: ...


def share(project: Shareable, name: str, target: Path, progress: Progress = silent) -> ReviewerInfo:
    """Write `target`: the project as the reviewer called `name` (added if new)
    should see it. Nothing changes, in the project or on disk, unless it succeeds;
    `progress` hears of each step and may stop the share by raising, up to the
    moment the copy is put in place."""
    _check_target(target)
    with project.reading() as repo:
        known = repo.reviewers.find(name)
        if known is not None and known.is_consensus:
            raise ProjectFileError(f"'{known.name}' is the name of the agreed answers")
        if known is None:
            repo.reviewers.check_new_name(name)
        key = (known and repo.reviewers.key_of(known.id)) or secrets.token_hex(32)
    reviewer = known or ReviewerInfo(str(uuid.uuid4()), name.strip(), initials_of(name.strip()))
    incomplete = target.with_name(f".{target.name}.incomplete")
    try:
        incomplete.unlink(missing_ok=True)  # of a run that was killed
        _write_pruned(project.path, reviewer, known is None, key, incomplete, progress)
        progress(_STEPS - 1, _STEPS, "Checking the copy")
        ProjectFile.open(incomplete).close()  # a copy that does not open is not handed out
        progress(_STEPS, _STEPS, "Checking the copy")
        _move_into_place(incomplete, target)
    except FileExistsError:
        raise ProjectFileError(f"{target}: already exists; choose a new file name") from None
    except OSError as exc:
        raise ProjectFileError(f"{target}: cannot be written ({exc.strerror})") from None
    except sqlite3.OperationalError as exc:  # VACUUM INTO could not make the file
        raise ProjectFileError(f"{target}: cannot be written ({exc})") from None
    finally:
        with suppress(OSError):  # a name too long to exist cannot be unlinked either
            incomplete.unlink(missing_ok=True)
    try:
        with project.transaction() as repo:
            if known is None:
                repo.reviewers.add(reviewer.name, reviewer.initials, reviewer_id=reviewer.id)
            repo.reviewers.keep_key(reviewer.id, key)
            # A new copy has a history of its own: its packages are held to it from now on.
            repo.settings.set(f"{LOG_SEEN}{reviewer.id}", None)
            repo.audit.record(
                "project.share", reviewer_id=reviewer.id, detail=f"copy for {reviewer.name}"
            )
    except BaseException:
        target.unlink(missing_ok=True)  # a reviewer the project does not know could not come back
        raise
    return reviewer


def _move_into_place(incomplete: Path, target: Path) -> None:
    """Rename, never over a file that appeared meanwhile (a hard link refuses to;
    where the file system has none, the check comes just before the rename)."""
    try:
        os.link(incomplete, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(incomplete, target)


def _check_target(target: Path) -> None:
    if target.exists() or target.is_symlink():
        raise ProjectFileError(f"{target}: already exists; choose a new file name")
    if not target.parent.is_dir():
        raise ProjectFileError(f"{target}: folder {target.parent} does not exist")
    if not os.access(target.parent, os.W_OK):
        raise ProjectFileError(f"{target}: cannot be written (folder {target.parent} is read-only)")


_STEPS = 4  # read the project, remove what is not theirs, write the copy, check it


def _write_pruned(
    source: Path, reviewer: ReviewerInfo, new: bool, key: str, out: Path, progress: Progress
) -> None:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        progress(0, _STEPS, "Reading the project")
        with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as original:
            original.backup(connection)
        progress(1, _STEPS, f"Removing what is not {reviewer.name}'s")
        connection.execute("PRAGMA foreign_keys=OFF")
        strange = _undeclared(connection)
        if strange:
            raise ProjectFileError(
                f"{source}: tables {', '.join(strange)} are not Extractor's; "
                "no reviewer's copy is made of a project that holds them"
            )
        connection.execute("BEGIN")
        if new:
            connection.execute(
                "INSERT INTO reviewer (id, name, initials, is_consensus, added_at, position)"
                " VALUES (?, ?, ?, 0, ?, (SELECT coalesce(max(position), 0) + 1 FROM reviewer))",
                (reviewer.id, reviewer.name, reviewer.initials, utc_now()),
            )
        connection.execute(
            "INSERT OR IGNORE INTO reviewer_key (reviewer_id, key, created_at) VALUES (?, ?, ?)",
            (reviewer.id, key, utc_now()),
        )
        # A second copy of the same reviewer goes on numbering packages from the last
        # one the lead imported; starting again at 1 would read as a replay.
        received = connection.execute(
            "SELECT value FROM setting WHERE key = ?", (f"package:received:{reviewer.id}",)
        ).fetchone()
        for statement in prune_statements():
            connection.execute(statement, {"me": reviewer.id})
        if received is not None:
            connection.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?)",
                (f"package:sent:{reviewer.id}", received[0]),
            )
        connection.execute(
            "INSERT OR REPLACE INTO setting (key, value) VALUES (?, json(?))",
            (SHARED_FOR, json.dumps({"id": reviewer.id, "name": reviewer.name})),
        )
        connection.execute("COMMIT")
        progress(2, _STEPS, "Writing the copy")
        connection.execute("VACUUM INTO ?", (str(out),))
    finally:
        connection.close()
