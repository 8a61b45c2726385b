"""Undo and redo within a session: each saved change of one place of the answers (a
field, or a cell of a table), with what it held before and after, value and quotes;
each row added, removed (with what it held) or moved; each status set; and each
decision on a disagreement, with the decision it replaced."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from extractor.app import extraction
from extractor.app.desktop import ReviewerProfile
from extractor.app.extraction import HeldRow
from extractor.app.ports import Project
from extractor.app.review import ConflictRow
from extractor.core.model import Evidence, ExtractionData, Status
from extractor.core.paths import FieldPath
from extractor.core.values import Value

Held = tuple[Value, tuple[Evidence, ...]]  # a place's value and its quotes


def held_at(data: ExtractionData, path: str) -> Held:
    """What one place of an extraction holds: `country`, or `arms[2].dose`."""
    parsed = FieldPath.parse(path)
    quotes = tuple(data.evidence.get(path, []))
    if parsed.row is None:
        return data.values.get(path), quotes
    rows = data.groups.get(parsed.key, [])
    row = rows[parsed.row - 1] if 0 < parsed.row <= len(rows) else {}
    return row.get(parsed.sub or "") if parsed.sub else None, quotes


@dataclass(frozen=True)
class Change:
    study_id: str
    form_key: str
    result: str
    path: str
    label: str  # the place as the form names it, for "Undid …"
    before: Held
    after: Held

    @property
    def place(self) -> str:
        return self.path


@dataclass(frozen=True)
class RowsChange:
    """A row of a group added (as row `number`), removed (row `number`, holding
    `row`) or moved (from `number` to `to`)."""

    study_id: str
    form_key: str
    result: str
    group: str
    label: str  # "Patients: row 3 removed"
    action: str  # add, remove or move
    number: int
    to: int = 0
    row: HeldRow | None = None

    @property
    def place(self) -> str:
        return self.group


@dataclass(frozen=True)
class StatusChange:
    study_id: str
    form_key: str
    result: str
    label: str  # "Study characteristics marked complete"
    before: Status
    after: Status
    place = ""  # the status is no field of the form


@dataclass(frozen=True)
class Decided:
    """A decision on a disagreement: the row as it was (open, or decided otherwise)
    and the decision made (take, text or value, and reason)."""

    row: ConflictRow
    decision: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.row.study}: {self.row.label}"

    def before(self) -> dict[str, Any] | None:
        """The decision it replaced, as one to make again; None: it was open."""
        if not self.row.resolved:
            return None
        if self.row.choice in ("A", "B"):
            return {"take": self.row.choice, "reason": self.row.reason}
        return {"value": self.row.value, "reason": self.row.reason}


Entry = Change | RowsChange | StatusChange | Decided


class UndoHistory:
    """The changes saved in this session, to undo in turn, and those undone, to redo
    until something new is saved."""

    def __init__(self) -> None:
        self._done: list[Entry] = []
        self._undone: list[Entry] = []

    def record(self, change: Entry) -> None:
        if not isinstance(change, Change | StatusChange) or change.before != change.after:
            self._done.append(change)
            self._undone.clear()

    def to_undo(self) -> Entry | None:
        return self._done.pop() if self._done else None

    def to_redo(self) -> Entry | None:
        return self._undone.pop() if self._undone else None

    def undone(self, change: Entry) -> None:
        self._undone.append(change)

    def redone(self, change: Entry) -> None:
        self._done.append(change)

    def failed(self, change: Entry, undoing: bool) -> None:
        """A change that could not be undone (or redone) stays where it was."""
        (self._done if undoing else self._undone).append(change)

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()


def undo_work(
    project: Project,
    profile: ReviewerProfile,
    change: Change | RowsChange | StatusChange,
    undoing: bool,
    why: str,
) -> ExtractionData:
    """The write that undoes `change` (or redoes it)."""
    where = (project, profile, change.study_id, change.form_key)
    if isinstance(change, StatusChange):
        status = change.before if undoing else change.after
        return extraction.set_status(*where, status, change.result, why)
    if isinstance(change, Change):
        value, quotes = change.before if undoing else change.after
        return extraction.restore_place(
            *where, change.path, value, list(quotes), change.result, why
        )
    group, number, to = change.group, change.number, change.to
    if change.action == "remove" and undoing:
        assert change.row is not None
        return extraction.restore_row(*where, group, number, change.row, change.result, why)
    if change.action == "move":
        number, to = (to, number) if undoing else (number, to)
        action = "move"
    else:  # an added row is undone by removing it; a removal is redone by removing again
        action = "add" if change.action == "add" and not undoing else "remove"
    return extraction.edit_rows(*where, group, action, number, to, change.result, why).data
