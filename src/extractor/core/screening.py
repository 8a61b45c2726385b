"""Dual screening: what two reviewers' decisions on a record mean for the team.

A record is screened at two stages, title and abstract, then full text, each by
two reviewers independently. At title and abstract "maybe" means "read the full
text": include and maybe both send a record on, so only an exclusion facing
either is a conflict. At full text a record is finally included or excluded for
one reason: any other difference (maybe, or two reasons) is a conflict. The
consensus reviewer's decision, where there is one, is the team's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from extractor.core.agreement import cohen_kappa, gwet_ac1

TITLE_ABSTRACT = "title-abstract"
FULL_TEXT = "full-text"
STAGES = (TITLE_ABSTRACT, FULL_TEXT)
STAGE_NAMES = {TITLE_ABSTRACT: "Title and abstract", FULL_TEXT: "Full text"}

INCLUDE, EXCLUDE, MAYBE = "include", "exclude", "maybe"
DECISIONS = (INCLUDE, EXCLUDE, MAYBE)

SCREENERS = 2  # decisions a record needs at each stage before the team's is known

DEFAULT_REASONS = (
    "Wrong population",
    "Wrong intervention",
    "Wrong comparator",
    "Wrong outcomes",
    "Wrong study design",
    "Insufficient data",
    "Duplicate report",
)


def stage_of(text: str) -> str:
    """A stage named as the user may name it: "ta", "title-abstract", "full-text", "ft"."""
    folded = text.strip().casefold().replace("_", "-").replace(" ", "-")
    aliases = {"ta": TITLE_ABSTRACT, "tiab": TITLE_ABSTRACT, "ft": FULL_TEXT}
    stage = aliases.get(folded, folded)
    if stage not in STAGES:
        raise ValueError(f"{text!r} is not a stage: use title-abstract (ta) or full-text (ft)")
    return stage


def decision_of(text: str) -> str:
    """A decision as the user may type it: include/exclude/maybe, or y/n/?."""
    folded = text.strip().casefold()
    aliases = {
        "y": INCLUDE, "yes": INCLUDE, "i": INCLUDE, "included": INCLUDE,
        "n": EXCLUDE, "no": EXCLUDE, "e": EXCLUDE, "excluded": EXCLUDE,
        "m": MAYBE, "?": MAYBE, "unsure": MAYBE,
    }  # fmt: skip
    decision = aliases.get(folded, folded)
    if decision not in DECISIONS:
        raise ValueError(f"{text!r} is not a decision: use include, exclude or maybe")
    return decision


@dataclass(frozen=True)
class Decision:
    """One reviewer's decision on one record at one stage."""

    reviewer: str  # the reviewer's id
    decision: str
    reason: str = ""  # why excluded, at full text


class State(StrEnum):
    AWAITING = "awaiting"  # fewer than two reviewers have decided
    CONFLICT = "conflict"
    INCLUDED = "included"  # at title and abstract: sent on to full text
    EXCLUDED = "excluded"


@dataclass(frozen=True)
class Verdict:
    """The team's position on a record at a stage."""

    state: State
    reason: str = ""  # of an exclusion at full text
    resolved: bool = False  # by the consensus reviewer
    why: str = ""  # of a conflict, or of waiting, in words

    @property
    def settled(self) -> bool:
        return self.state in (State.INCLUDED, State.EXCLUDED)


def verdict(stage: str, decisions: Iterable[Decision], consensus: str | None) -> Verdict:
    """The team's position from the decisions at one stage; `consensus` is the id of
    the reviewer whose decision resolves."""
    screeners: list[Decision] = []
    for decision in decisions:
        if decision.reviewer == consensus:
            return _settled(stage, decision, resolved=True)
        screeners.append(decision)
    if len(screeners) < SCREENERS:
        return Verdict(State.AWAITING, why=f"{len(screeners)} of {SCREENERS} decisions")
    kinds = {d.decision for d in screeners}
    if stage == TITLE_ABSTRACT:
        if kinds == {EXCLUDE}:
            return Verdict(State.EXCLUDED)
        if EXCLUDE in kinds:
            return Verdict(State.CONFLICT, why="one excludes, one does not")
        return Verdict(State.INCLUDED)
    if kinds == {INCLUDE}:
        return Verdict(State.INCLUDED)
    if kinds == {EXCLUDE}:
        reasons = {d.reason.strip().casefold() for d in screeners}
        if len(reasons) == 1:
            return Verdict(State.EXCLUDED, screeners[0].reason.strip())
        return Verdict(State.CONFLICT, why="excluded for different reasons")
    if MAYBE in kinds:
        return Verdict(State.CONFLICT, why="unsure at full text")
    return Verdict(State.CONFLICT, why="one includes, one excludes")


def _settled(stage: str, decision: Decision, resolved: bool) -> Verdict:
    if decision.decision == EXCLUDE:
        return Verdict(State.EXCLUDED, decision.reason.strip(), resolved)
    if decision.decision == MAYBE and stage == FULL_TEXT:
        return Verdict(State.CONFLICT, resolved=resolved, why="resolved as unsure")
    return Verdict(State.INCLUDED, resolved=resolved)


@dataclass(frozen=True)
class Record:
    """A record and its screening: what the flow of records is counted from."""

    id: str
    sources: tuple[str, ...]  # the database of each search record merged into it
    decisions: Mapping[str, tuple[Decision, ...]]  # per stage
    not_retrieved: bool = False  # its full text was sought and could not be had
    study: str | None = None  # the study it is a report of, once included


@dataclass(frozen=True)
class Screened:
    """A record with the team's verdict at each stage it reached."""

    record: Record
    title_abstract: Verdict
    full_text: Verdict | None  # None: it never reached full text

    @property
    def stage(self) -> str | None:
        """The stage awaiting the team, or None when the record is settled."""
        if not self.title_abstract.settled:
            return TITLE_ABSTRACT
        if self.full_text is not None and not self.full_text.settled:
            return FULL_TEXT
        return None

    @property
    def included(self) -> bool:
        return self.full_text is not None and self.full_text.state == State.INCLUDED


def screened(record: Record, consensus: str | None) -> Screened:
    first = verdict(TITLE_ABSTRACT, record.decisions.get(TITLE_ABSTRACT, ()), consensus)
    second = None
    if first.state == State.INCLUDED and not record.not_retrieved:
        second = verdict(FULL_TEXT, record.decisions.get(FULL_TEXT, ()), consensus)
    return Screened(record, first, second)


# Agreement


@dataclass(frozen=True)
class StageAgreement:
    stage: str
    compared: int  # records both reviewers decided
    agreed: int
    kappa: float | None
    ac1: float | None

    @property
    def percent(self) -> float | None:
        return round(100 * self.agreed / self.compared, 2) if self.compared else None


def stage_agreement(
    stage: str, records: Iterable[Record], first: str, second: str, reasons: int = 1
) -> StageAgreement:
    """Agreement of two reviewers on their decisions at a stage, before resolution.
    At full text an exclusion counts with its reason, so two reasons disagree, and
    AC1 counts each of the `reasons` the team excludes for as an answer."""
    pairs: list[tuple[object, object]] = []
    for record in records:
        mine = {d.reviewer: d for d in record.decisions.get(stage, ())}
        if first in mine and second in mine:
            pairs.append((_rating(stage, mine[first]), _rating(stage, mine[second])))
    agreed = sum(1 for x, y in pairs if x == y)
    used = {x for pair in pairs for x in pair if isinstance(x, tuple)}
    categories = len(DECISIONS) - 1 + (max(reasons, len(used), 1) if stage == FULL_TEXT else 1)
    kappa, ac1 = cohen_kappa(pairs), gwet_ac1(pairs, categories)
    return StageAgreement(
        stage,
        len(pairs),
        agreed,
        None if kappa is None else round(kappa, 4),
        None if ac1 is None else round(ac1, 4),
    )


def _rating(stage: str, decision: Decision) -> object:
    if stage == FULL_TEXT and decision.decision == EXCLUDE:
        return (EXCLUDE, decision.reason.strip().casefold())
    return decision.decision


# Terms highlighted in titles and abstracts


def mark_terms(
    text: str, include: Iterable[str], exclude: Iterable[str]
) -> list[tuple[str, str | None]]:
    """`text` cut into pieces, each with INCLUDE or EXCLUDE where it is one of those
    terms (any case; a term ending in * matches words it begins), else None. Where
    terms of both lists match the same words, the longer match wins."""
    patterns = [(_pattern(term), INCLUDE) for term in include if term.strip()]
    patterns += [(_pattern(term), EXCLUDE) for term in exclude if term.strip()]
    spans: list[tuple[int, int, str]] = []
    for pattern, kind in patterns:
        spans += [(m.start(), m.end(), kind) for m in pattern.finditer(text)]
    spans.sort(key=lambda span: (span[0], span[0] - span[1]))
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for start, end, kind in spans:
        if start < at:
            continue  # inside a longer match already marked
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], kind))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def _pattern(term: str) -> re.Pattern[str]:
    term = " ".join(term.split())
    prefix = term.endswith("*")
    words = re.escape(term.rstrip("*").strip()).replace(r"\ ", r"\s+")
    return re.compile(rf"\b{words}" + (r"\w*" if prefix else r"\b"), re.IGNORECASE)
