"""The connection to an open project file: its transactions and reads. The file
itself (probe, create, migrate, back up, close) is store/database.py's.

`ProjectFile.open` and `ProjectFile.create` give an open project; every operation
runs in `with project.transaction() as repo:`, one short-lived session that
commits when the block ends and rolls back when it raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from extractor.core.errors import ProjectFileError
from extractor.store import database
from extractor.store.audit import seal_new_events
from extractor.store.models import Project
from extractor.store.repository import Repository
from extractor.store.sqlite_errors import explain


class ProjectFile:
    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self._engine: Engine | None = engine
        self._reader: Engine | None = database.make_engine(path, database.READ)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._reads = sessionmaker(self._reader, expire_on_commit=False)

    @classmethod
    def create(cls, path: Path | str, title: str, review_question: str = "") -> ProjectFile:
        path = Path(path)
        if not title.strip():
            raise ProjectFileError("a project needs a title")
        project = cls(path, database.create_file(path))
        with project.transaction() as repo:
            repo.session.add(Project(title=title.strip(), review_question=review_question))
        return project

    @classmethod
    def open(cls, path: Path | str) -> ProjectFile:
        path = Path(path)
        return cls(path, database.open_file(path))

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    @contextmanager
    def transaction(self) -> Iterator[Repository]:
        """One user action: BEGIN IMMEDIATE to COMMIT, or nothing of it when it raises."""
        with self._explained(), self._sessions.begin() as session:
            yield Repository(session)
            seal_new_events(session)

    @contextmanager
    def reading(self) -> Iterator[Repository]:
        """A consistent view for reading: every query of the block sees the project as
        it was at the first one, whatever other connections commit meanwhile (SQLite
        reads outside an explicit transaction each see the latest state). Nothing the
        block writes is kept."""
        with self._explained(), self._reads() as session:
            session.connection()  # BEGIN (deferred): the snapshot starts at the first read
            try:
                yield Repository(session)
            finally:
                session.rollback()

    @contextmanager
    def _explained(self) -> Iterator[None]:
        """Refuse a closed project; turn SQLite's errors a user can act on into theirs."""
        if self._engine is None:
            raise ProjectFileError(f"{self.path}: the project is closed")
        try:
            yield
        except DBAPIError as exc:
            known = None if exc.orig is None else explain(self.path, exc.orig)
            if known is None:
                raise
            raise known from exc

    def close(self) -> None:
        if self._reader is not None:
            self._reader.dispose()
            self._reader = None
        if self._engine is not None:
            engine, self._engine = self._engine, None
            database.checkpoint_and_dispose(engine)

    def __enter__(self) -> ProjectFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def project_id(self) -> str:
        with self.transaction() as repo:
            return repo.session.scalars(select(Project.id)).one()
