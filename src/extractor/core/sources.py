"""Whose answers an export uses (the rule of CLI.md for `--source`), and what an
output says where they hold no value.

A place in an output holds a value, or says why it holds none: "NR" where the
extraction is marked complete (the reviewers looked, and the study does not
report it), "[not extracted]" where it is not, and "[in conflict]" where the
reviewers disagree and no one has decided yet. Never a blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from extractor.core.forms import Field
from extractor.core.model import ExtractionData, ReviewerInfo, Status, StudyInfo
from extractor.core.values import Value, format_value
from extractor.core.words import counted

CONSENSUS = "consensus"
ALL_SOURCES = "all"  # every reviewer's answers, for data exports
NOT_REPORTED = "NR"
NOT_EXTRACTED = "[not extracted]"
IN_CONFLICT = "[in conflict]"
GAPS = (NOT_EXTRACTED, IN_CONFLICT)  # never a value: an output holding one is a draft


@dataclass(frozen=True)
class SourceChoice:
    reviewer: ReviewerInfo | None
    # Set when two reviewers answered, neither is the consensus, and the
    # first one's answers were taken by default.
    unresolved: bool = False


@dataclass(frozen=True)
class Sourced:
    """One study's answers to one form, and whose they are (None: no one's yet)."""

    study: StudyInfo
    reviewer: ReviewerInfo | None
    data: ExtractionData
    # Places of `data` the reviewers disagree on, undecided: a field's key or a row's
    # sub-field ("arms[2].patients"); and per group, rows only one of them entered.
    open_cells: frozenset[str] = frozenset()
    open_rows: Mapping[str, int] = field(default_factory=dict)
    # Whether an empty place means "not reported": the extraction is marked complete
    # (for a consensus, both reviewers' are).
    complete: bool = False

    @classmethod
    def alone(
        cls, study: StudyInfo, reviewer: ReviewerInfo | None, data: ExtractionData
    ) -> Sourced:
        """One reviewer's answers, or no one's: nothing is in conflict."""
        return cls(study, reviewer, data, complete=data.status == Status.COMPLETE)

    def gap(self, path: str) -> str:
        """What an empty place says: in conflict, NR, or not extracted."""
        if path in self.open_cells:
            return IN_CONFLICT
        return NOT_REPORTED if self.complete else NOT_EXTRACTED

    def shown(self, item: Field, path: str, value: Value) -> str:
        """A value as text, or what stands in its place."""
        if path in self.open_cells:
            return IN_CONFLICT
        return format_value(item, value) or self.gap(path)

    def rows_in_conflict(self, group: str) -> int:
        return self.open_rows.get(group, 0)

    def rows_note(self, group: str) -> str:
        """The words for a group's rows only one reviewer entered, still undecided
        ("" when there are none): they are in no output until decided."""
        count = self.rows_in_conflict(group)
        if not count:
            return ""
        return f"{IN_CONFLICT[:-1]}: {counted(count, 'row')} entered by one reviewer only]"


def choose_source(
    answered: list[ReviewerInfo],
    requested: str | None = None,
) -> SourceChoice:
    """Pick the reviewer whose answers stand for a study.

    `answered` lists who has an extraction for the study (the consensus among
    them if it has one), in the order reviewers were added. `requested` is
    "consensus", a reviewer's name, or None for the default: the consensus
    where one exists, else the study's only reviewer, else the first one, with
    `unresolved` set: the caller shows the consensus as it would be instead, and
    warns that none is stored yet.
    """
    consensus = next((r for r in answered if r.is_consensus), None)
    people = [r for r in answered if not r.is_consensus]
    if requested is not None:
        if requested.casefold() == CONSENSUS:
            return SourceChoice(consensus)
        wanted = requested.casefold()
        return SourceChoice(next((r for r in people if r.name.casefold() == wanted), None))
    if consensus is not None:
        return SourceChoice(consensus)
    if len(people) <= 1:
        return SourceChoice(people[0] if people else None)
    return SourceChoice(people[0], unresolved=True)


def unresolved_warning(form_key: str, labels: list[str]) -> str | None:
    """One line for the studies two reviewers answered that have no consensus yet:
    what their outputs show instead."""
    if not labels:
        return None
    shown = ", ".join(labels[:5]) + (f" and {len(labels) - 5} more" if len(labels) > 5 else "")
    return (
        f"form '{form_key}': no consensus yet for {counted(len(labels), 'study', 'studies')}"
        f" ({shown}); shown is what both reviewers agree on, the rest as {IN_CONFLICT}"
    )
