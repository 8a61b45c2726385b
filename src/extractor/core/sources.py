"""Whose answers an export uses: the rule of CLI.md for `--source`."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.core.model import ExtractionData, ReviewerInfo, StudyInfo

CONSENSUS = "consensus"
ALL_SOURCES = "all"  # every reviewer's answers, for data exports


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


def choose_source(
    answered: list[ReviewerInfo],
    requested: str | None = None,
) -> SourceChoice:
    """Pick the reviewer whose answers stand for a study.

    `answered` lists who has an extraction for the study (the consensus among
    them if it has one), in the order reviewers were added. `requested` is
    "consensus", a reviewer's name, or None for the default: the consensus
    where one exists, else the study's only reviewer, else the first one, with
    `unresolved` set so the caller can warn that the others' answers were left out.
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


def unresolved_warning(form_key: str, used: dict[str, list[str]]) -> str | None:
    """One line for all studies exported from a first reviewer for want of a consensus.

    `used` maps each reviewer whose answers were taken to the study labels.
    """
    if not used:
        return None
    parts = []
    for name, labels in used.items():
        shown = ", ".join(labels[:5]) + (f" and {len(labels) - 5} more" if len(labels) > 5 else "")
        parts.append(
            f"{name}'s answers for {len(labels)} stud{'y' if len(labels) == 1 else 'ies'} ({shown})"
        )
    return f"form '{form_key}': no consensus yet; exported " + "; ".join(parts)
