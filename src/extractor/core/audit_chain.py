"""The audit log as hash chains, so that an event edited, deleted or inserted
outside Extractor shows.

Each event is sealed with the hash of the previous event of its chain and of its
own content. A chain is one reviewer's events (a reviewer's blind copy keeps
exactly theirs, so it verifies on its own), the lead's decisions and package
imports, or the project's events that name no reviewer. Anyone holding the
project and this code can seal a forged event; the chain shows what was changed
by any other means (an SQLite editor, a script), not who may have done it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from extractor.core.values import JsonValue

LEAD_ONLY = frozenset({"conflict.resolve", "conflict.reopen", "package.import"})
LEAD, PROJECT = "lead", "project"
CONTENT = (
    *("id", "at", "reviewer_id", "action", "study_id", "form_key", "field_path"),
    *("old", "new", "detail"),
)


def chain_of(action: str, reviewer_id: str | None) -> str:
    if action in LEAD_ONLY:
        return LEAD
    return reviewer_id or PROJECT


def seal(previous: str, event: Mapping[str, JsonValue]) -> str:
    """The hash of an event's content, chained to the previous event's hash."""
    content = json.dumps(
        [event.get(name) for name in CONTENT], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(f"{previous}\n{content}".encode()).hexdigest()


@dataclass(frozen=True)
class Sealed:
    """An event as stored: its content, its chain and its seal."""

    content: Mapping[str, JsonValue]
    chain: str | None
    previous: str | None
    hash: str | None


@dataclass(frozen=True)
class Break:
    event_id: int
    at: str
    action: str
    problem: str

    def __str__(self) -> str:
        return f"event {self.event_id} ({self.at}, {self.action}): {self.problem}"


def first_break(events: Iterable[Sealed]) -> Break | None:
    """The first event, in log order, where a chain does not hold."""
    last: dict[str, str] = {}
    for event in events:
        content = event.content
        where = (int(str(content["id"])), str(content["at"]), str(content["action"]))
        chain = chain_of(str(content["action"]), _text(content.get("reviewer_id")))
        if event.hash is None or event.chain is None:
            return Break(*where, "not sealed: added outside Extractor")
        if event.chain != chain:
            return Break(*where, "its reviewer or action was changed outside Extractor")
        if event.previous != last.get(chain, ""):
            return Break(
                *where,
                "the event before it in its chain is missing (deleted outside Extractor), "
                "or this one was inserted",
            )
        if seal(event.previous or "", content) != event.hash:
            return Break(*where, "edited outside Extractor")
        last[chain] = event.hash
    return None


def carried(chain: str, events: Iterable[Mapping[str, JsonValue]]) -> Iterator[Sealed]:
    """Events as a package carries them (content, `previous`, `hash`), all claimed
    to belong to `chain`."""
    for event in events:
        content = {name: event.get(name) for name in CONTENT}
        yield Sealed(content, chain, _text(event.get("previous")), _text(event.get("hash")))


def _text(value: JsonValue) -> str | None:
    return value if isinstance(value, str) else None
