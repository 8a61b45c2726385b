"""Whose answers an export uses, study by study, and what is still open in them."""

from __future__ import annotations

from extractor.core.consensus import Merged
from extractor.core.errors import NotFoundError
from extractor.core.forms import Form
from extractor.core.model import ExtractionData, ReviewerInfo, Status, StudyInfo
from extractor.core.sources import (
    ALL_SOURCES,
    CONSENSUS,
    Sourced,
    choose_source,
    unresolved_warning,
)
from extractor.store.conflicts import Pair
from extractor.store.repository import Repository


def gather(repo: Repository, form: Form, source: str | None) -> tuple[list[Sourced], list[str]]:
    """Each study's answers from the chosen source (every reviewer's with "all"), and a
    warning where a first reviewer's answers stand in for a missing consensus. A
    consensus comes with what is still in conflict in it."""
    reviewers = repo.reviewers.list(include_consensus=True)
    if source not in (None, ALL_SOURCES, CONSENSUS) and repo.reviewers.find(source) is None:
        names = ", ".join(r.name for r in reviewers if not r.is_consensus) or "none"
        raise NotFoundError(f"no reviewer '{source}' in the project (reviewers: {names})")
    answered = repo.answers.answered_by(form)
    consensus = {r.id for r in reviewers if r.is_consensus}
    has_consensus = any(who & consensus for who in answered.values())
    merged = repo.conflicts.merged(form) if source in (None, CONSENSUS) and has_consensus else {}
    items: list[Sourced] = []
    unresolved: dict[str, list[str]] = {}
    for study in repo.studies.list():
        who = [r for r in reviewers if r.id in answered.get(study.id, set())]
        if source == ALL_SOURCES:
            items += [Sourced.alone(study, r, repo.answers.load(study.id, form, r.id)) for r in who]
            continue
        choice = choose_source(who, source)
        if choice.unresolved and choice.reviewer is not None:
            unresolved.setdefault(choice.reviewer.name, []).append(study.label)
        data = (
            ExtractionData()
            if choice.reviewer is None
            else repo.answers.load(study.id, form, choice.reviewer.id)
        )
        if (
            choice.reviewer is not None
            and choice.reviewer.is_consensus
            and (study.id, "") in merged
        ):
            items.append(consensus_of(study, choice.reviewer, data, *merged[(study.id, "")]))
        else:
            items.append(Sourced.alone(study, choice.reviewer, data))
    warning = unresolved_warning(form.key, unresolved)
    return items, [warning] if warning else []


def consensus_of(
    study: StudyInfo, consensus: ReviewerInfo, stored: ExtractionData, pair: Pair, found: Merged
) -> Sourced:
    """The consensus as it now stands: the merge of both reviewers' current answers
    (what the stored one is refreshed to), with the places still open."""
    data = ExtractionData(
        values=found.data.values,
        groups=found.data.groups,
        evidence=stored.evidence,
        status=found.data.status,
    )
    both_complete = pair.a_data.status == pair.b_data.status == Status.COMPLETE
    return Sourced(
        study, consensus, data, frozenset(found.open_cells), dict(found.open_rows), both_complete
    )
