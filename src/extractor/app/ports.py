"""What the use cases need of a project: the seam another store can plug into.

`store.project.ProjectFile` is the SQLite file; a team server would be another
implementation of the same protocol, with the same repository API behind
`transaction()`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import Protocol

from extractor.store.repository import Repository


class Project(Protocol):
    """An open project: one unit of work at a time, committed as a whole or not at all."""

    @property
    def path(self) -> Path:
        """Where the project lives; used in messages and for copies beside it."""
        ...

    @property
    def is_open(self) -> bool: ...

    def transaction(self) -> AbstractContextManager[Repository]:
        """A unit of work: commits when the block ends, rolls back when it raises."""
        ...

    def reading(self) -> AbstractContextManager[Repository]:
        """A consistent view for reading: the project as it was at the first query,
        whatever is committed meanwhile; nothing written in it is kept."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Project: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Closes the project."""
        ...
