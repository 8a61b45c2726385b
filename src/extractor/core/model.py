"""Plain records that views and commands receive: no live database rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from extractor.core.values import JsonValue, Value


class Status(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    COMPLETE = "complete"


@dataclass(frozen=True)
class Citation:
    authors: str | None = None
    year: int | None = None
    title: str | None = None
    journal: str | None = None
    doi: str | None = None
    pmid: str | None = None


@dataclass(frozen=True)
class StudyInfo:
    id: str
    label: str
    ref: str | None
    citation: Citation
    documents: int = 0


def initials_of(name: str) -> str:
    return "".join(part[0] for part in name.split() if part[:1].isalpha()).upper()[:4]


@dataclass(frozen=True)
class ReviewerInfo:
    id: str
    name: str
    initials: str
    is_consensus: bool = False


@dataclass(frozen=True)
class ScreeningInfo:
    """A reviewer's decision on a reference at a stage of screening."""

    reference_id: str
    reviewer_id: str
    stage: str  # "title-abstract" or "full-text"
    decision: str  # "include", "exclude" or "maybe"
    reason: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    study_id: str
    sha256: str
    filename: str
    size: int
    pages: int


@dataclass(frozen=True)
class Evidence:
    """Where a value was read: a quote and the word boxes it covers on a page."""

    document_id: str
    page: int
    rects: tuple[tuple[float, float, float, float], ...]
    quote: str


@dataclass
class ExtractionData:
    """One reviewer's answers to one form for one study.

    `values` maps study-level field keys to values; `groups` maps a group's key
    to its rows in order, each row a mapping of sub-field keys to values;
    `evidence` maps a field path (`country`, `arms[1].patients`) to its quotes.
    """

    values: dict[str, Value] = field(default_factory=dict)
    groups: dict[str, list[dict[str, Value]]] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    status: Status = Status.NOT_STARTED

    def is_empty(self) -> bool:
        return not any(v is not None for v in self.values.values()) and not any(
            self.groups.values()
        )


@dataclass(frozen=True)
class AuditEntry:
    at: str
    reviewer: str | None
    action: str
    study: str | None
    form: str | None
    field: str | None
    old: JsonValue
    new: JsonValue
    detail: str = ""  # where a change came from: a package, a file, a decision's reason


def ref_order(ref: str | None) -> tuple[int, float, str]:
    """Sort reference numbers as numbers where they are numbers ("9" before "10")."""
    if ref is None:
        return (1, 0.0, "")
    try:
        return (0, float(ref), ref)
    except ValueError:
        return (0, float("inf"), ref)
