"""SQLite's errors, sorted once into the ones a person can act on and bugs.

SQLite says what went wrong with a result code; the message text varies between
versions and languages, so only the code is read.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from extractor.core.errors import ProjectBusyError, ProjectFileError

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them
# in their low byte.
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


def explain(path: Path, error: BaseException) -> ProjectFileError | None:
    """The user's error for a known SQLite failure, or None for a bug."""
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(error, sqlite3.Error) or code is None:
        return None
    primary = code & 0xFF
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return ProjectBusyError(f"{path}: the project is busy in another program; try again")
    if primary == SQLITE_FULL:
        return ProjectFileError(f"{path}: the disk is full; nothing was saved")
    if primary == SQLITE_READONLY:
        return ProjectFileError(f"{path}: the file is read-only; nothing was saved")
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return ProjectFileError(f"{path}: the project file is damaged ({error})")
    if primary in (SQLITE_IOERR, SQLITE_CANTOPEN):
        return ProjectFileError(f"{path}: the project file cannot be read or written ({error})")
    return None
