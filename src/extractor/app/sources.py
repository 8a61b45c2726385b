"""Whose answers an export uses, study by study, and what is still open in them."""

from __future__ import annotations

from dataclasses import replace

from extractor.core.backing import backing_evidence
from extractor.core.consensus import Merged
from extractor.core.errors import NotFoundError
from extractor.core.forms import Form
from extractor.core.model import ExtractionData, ReviewerInfo, Status, StudyInfo, initials_of
from extractor.core.sources import (
    ALL_SOURCES,
    CONSENSUS,
    Sourced,
    choose_source,
    unresolved_warning,
)
from extractor.store.conflicts import Pair
from extractor.store.repository import Repository
from extractor.store.reviewers import CONSENSUS_NAME


def gather(
    repo: Repository, form: Form, source: str | None, quotes: bool = False
) -> tuple[list[Sourced], list[str]]:
    """Each study's answers from the chosen source (every reviewer's with "all"), and a
    warning where two reviewers answered and no consensus is stored yet. A consensus,
    stored or not yet, is the merge of both reviewers' answers, with what is still in
    conflict in it: a study without one never shows one reviewer's answers as final.
    With `quotes`, a consensus carries the quotes behind its values (core/backing)."""
    reviewers = repo.reviewers.list(include_consensus=True)
    if source not in (None, ALL_SOURCES, CONSENSUS) and repo.reviewers.find(source) is None:
        names = ", ".join(r.name for r in reviewers if not r.is_consensus) or "none"
        raise NotFoundError(f"no reviewer '{source}' in the project (reviewers: {names})")
    answered = repo.answers.answered_by(form)
    merged = repo.conflicts.merged(form) if source in (None, CONSENSUS) else {}
    items: list[Sourced] = []
    unresolved: list[str] = []
    for study in repo.studies.list():
        who = [r for r in reviewers if r.id in answered.get(study.id, set())]
        if source == ALL_SOURCES:
            items += [Sourced.alone(study, r, repo.answers.load(study.id, form, r.id)) for r in who]
            continue
        choice = choose_source(who, source)
        pair = merged.get((study.id, ""))
        if choice.unresolved:
            unresolved.append(study.label)
        if choice.unresolved and pair is not None:  # the consensus as it would be now
            item = consensus_of(study, consensus_in(reviewers), ExtractionData(), *pair)
            items.append(_quoted(repo, item, pair[0]) if quotes else item)
            continue
        data = (
            ExtractionData()
            if choice.reviewer is None
            else repo.answers.load(study.id, form, choice.reviewer.id)
        )
        if choice.reviewer is not None and choice.reviewer.is_consensus and pair is not None:
            item = consensus_of(study, choice.reviewer, data, *pair)
            items.append(_quoted(repo, item, pair[0]) if quotes else item)
        else:
            items.append(Sourced.alone(study, choice.reviewer, data))
    warning = unresolved_warning(form.key, unresolved)
    return items, [warning] if warning else []


def consensus_in(reviewers: list[ReviewerInfo]) -> ReviewerInfo:
    """The project's consensus reviewer, or the one it will have: the consensus of a
    study is shown before any is stored."""
    found = next((r for r in reviewers if r.is_consensus), None)
    return found or ReviewerInfo("", CONSENSUS_NAME, initials_of(CONSENSUS_NAME), True)


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


def _quoted(repo: Repository, item: Sourced, pair: Pair) -> Sourced:
    """A consensus with the quotes behind its values: its own, else a reviewer's who
    gave the same value."""
    theirs = [repo.answers.load(pair.study.id, pair.form, who.id) for who in (pair.a, pair.b)]
    evidence = backing_evidence(pair.form, item.data, item.open_cells, theirs)
    return replace(item, data=replace(item.data, evidence=evidence))
