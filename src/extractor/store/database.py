"""The project file, apart from any connection to it: probing, creating,
migrating, copying and closing it safely. store/project.py holds the connection
(transactions and reads) over what this module opens.

A project is one SQLite file marked with our `application_id`. Before anything
may write to a file it is probed read-only: a file that is not SQLite, or is
another application's database, or was written by a newer Extractor, is refused
and left untouched. An older file is backed up, then migrated with Alembic.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event

if TYPE_CHECKING:
    from alembic.config import Config
from sqlalchemy.pool import NullPool

from extractor.core.errors import ProjectFileError
from extractor.core.progress import Progress, silent
from extractor.store.models import Base
from extractor.store.search import CREATE as SEARCH_TABLE

APPLICATION_ID = 0x45585452  # "EXTR"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 2000
MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class Probe:
    """What a read-only look at a file found."""

    exists: bool
    revision: str | None = None


def alembic_config() -> Config:
    from alembic.config import Config  # Alembic loads only when a file is made or migrated

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


_REVISION = re.compile(r'^(down_)?revision = "?([0-9A-Za-z_]+|None)"?$', re.MULTILINE)


def _migrations() -> dict[str, str | None]:
    """Each migration's revision and the one it follows, read from its file: what the
    probe of every opened file needs, without loading Alembic for it."""
    found: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        fields = {bool(down): name for down, name in _REVISION.findall(script.read_text("utf-8"))}
        if False in fields:
            follows = fields.get(True)
            found[fields[False]] = None if follows in (None, "None") else follows
    return found


def head_revision() -> str:
    found = _migrations()
    heads = set(found) - {follows for follows in found.values() if follows}
    assert len(heads) == 1, "the package ships one line of migrations"
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_migrations())


def probe(path: Path) -> Probe:
    """Look at a file without changing a byte of it."""
    if not path.exists():
        return Probe(exists=False)
    if not path.is_file():
        raise ProjectFileError(f"{path}: not a file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ProjectFileError(f"{path}: cannot be read ({exc.strerror})") from None
    if header != SQLITE_MAGIC:
        raise ProjectFileError(f"{path}: not an Extractor project (not an SQLite database)")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ProjectFileError(f"{path}: cannot be opened ({exc})") from None
    try:
        (app_id,) = connection.execute("PRAGMA application_id").fetchone()
        if app_id != APPLICATION_ID:
            raise ProjectFileError(
                f"{path}: not an Extractor project (an SQLite database of another application)"
            )
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            row = None
        if row is None:
            raise ProjectFileError(f"{path}: an Extractor project without a schema version")
        return Probe(exists=True, revision=row[0])
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(f"{path}: damaged project file ({exc})") from None
    finally:
        connection.close()


WRITE, READ = "BEGIN IMMEDIATE", "BEGIN"


def make_engine(path: Path, begin: str = WRITE, foreign_keys: bool = True) -> Engine:
    """An engine whose every transaction is SQLite's own, begun explicitly.

    pysqlite's implicit transactions begin only at the first write, so half an
    action could commit beside another process's; here a writer takes the write
    lock at BEGIN IMMEDIATE and holds it to COMMIT, and a reader's deferred BEGIN
    gives it one snapshot. DDL is inside the transaction too, so a migration is
    whole or not at all. The file is named by its path, never parsed as a URL.
    """

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        for pragma in (
            "journal_mode=WAL",
            f"foreign_keys={'ON' if foreign_keys else 'OFF'}",
            f"busy_timeout={BUSY_TIMEOUT_MS}",
            "synchronous=NORMAL",
            "cache_size=-32768",  # 32 MB of pages: a large import stays in memory
        ):
            connection.execute(f"PRAGMA {pragma}")
        return connection

    # NullPool: each session gets a fresh connection and gives it back closed,
    # so no connection outlives the operation that needed it.
    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)
    event.listen(engine, "begin", lambda connection: connection.exec_driver_sql(begin))
    return engine


def create_file(path: Path) -> Engine:
    """Create a new project file with the current schema, stamped at head."""
    if path.exists():
        raise ProjectFileError(f"{path}: already exists; choose a new file name")
    if not path.parent.is_dir():
        raise ProjectFileError(f"{path}: folder {path.parent} does not exist")
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            Base.metadata.create_all(connection)
            connection.exec_driver_sql(SEARCH_TABLE)  # FTS5: no model declares it
            from alembic import command

            config = alembic_config()
            config.attributes["connection"] = connection
            command.stamp(config, "head")
    except Exception:
        engine.dispose()
        path.unlink(missing_ok=True)
        raise
    return engine


def open_file(path: Path) -> Engine:
    """Open an existing project, migrating it (after a backup) when it is older."""
    found = probe(path)
    if not found.exists:
        raise ProjectFileError(f"{path}: no such project file")
    head = head_revision()
    if found.revision != head:
        if found.revision not in known_revisions():
            raise ProjectFileError(
                f"{path}: made by a newer version of Extractor (schema {found.revision}); "
                "update Extractor to open it"
            )
        backup = backup_path(path, found.revision)
        copy_database(path, backup)
        _upgrade(path)
    return make_engine(path)


def backup_path(path: Path, revision: str | None) -> Path:
    candidate = path.with_name(f"{path.stem}.before-upgrade-{revision}{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.before-upgrade-{revision}-{number}{path.suffix}")
        number += 1
    return candidate


_PAGES_PER_STEP = 512  # 2 MB of 4 kB pages: a cancel is heard within a moment


def copy_database(source: Path, target: Path, progress: Progress = silent) -> None:
    """Copy a database consistently with SQLite's backup API (WAL content included),
    a few hundred pages at a time; `progress` hears of each step and may stop the
    copy by raising (what was written of `target` is then the caller's to remove)."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)

    def copied(status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total, "Copying the project")

    try:
        src.backup(dst, pages=_PAGES_PER_STEP, progress=copied)
    finally:
        dst.close()
        src.close()


def _upgrade(path: Path) -> None:
    # Batch migrations rebuild tables; foreign keys must be off while they do,
    # and are checked once the new tables stand, before the one commit.
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as connection:
            from alembic import command

            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise ProjectFileError(f"upgrade left {len(broken)} broken references; not saved")
    finally:
        engine.dispose()


def checkpoint_and_dispose(engine: Engine) -> None:
    """Fold the WAL into the main file so the project stands alone once closed."""
    try:
        connection = engine.raw_connection()  # outside any transaction, as SQLite requires
        try:
            assert connection.driver_connection is not None  # a fresh connection is open
            connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    finally:
        engine.dispose()
