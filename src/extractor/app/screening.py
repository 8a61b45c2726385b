"""Dual screening of references: decisions, conflicts and their resolution,
agreement per stage, and the studies that records included at full text become."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from extractor.app.desktop import ReviewerProfile
from extractor.app.extraction import my_id, writer_id
from extractor.app.ports import Project
from extractor.core.errors import NotFoundError, RefusedError
from extractor.core.model import Citation, DocumentInfo, ReviewerInfo, ScreeningInfo
from extractor.core.references import LabelBook
from extractor.core.screening import (
    DEFAULT_REASONS,
    EXCLUDE,
    FULL_TEXT,
    STAGE_NAMES,
    STAGES,
    TITLE_ABSTRACT,
    Record,
    Screened,
    StageAgreement,
    State,
    Verdict,
    screened,
    stage_agreement,
)
from extractor.core.words import counted
from extractor.store.references import StoredReference
from extractor.store.repository import Repository

REASONS = "screening.reasons"  # the full-text exclusion reasons the lead keeps
TERMS = "screening.terms"  # words to highlight: {"include": [...], "exclude": [...]}


@dataclass(frozen=True)
class Item:
    """A reference with its screening, as the window and the commands show it."""

    stored: StoredReference
    screened: Screened
    mine: dict[str, ScreeningInfo]  # the asking reviewer's own decision per stage

    @property
    def label(self) -> str:
        return self.stored.label


@dataclass(frozen=True)
class Board:
    """Every reference with its screening, and who is screening."""

    items: list[Item]
    reviewers: list[ReviewerInfo]  # screeners, consensus left out
    consensus: ReviewerInfo | None
    reasons: list[str]
    studies: dict[str, str]  # study id -> label
    full_texts: dict[str, list[DocumentInfo]] = field(default_factory=dict)  # per reference

    def at(self, stage: str) -> list[Item]:
        """The records that reached a stage."""
        if stage == TITLE_ABSTRACT:
            return list(self.items)
        return [i for i in self.items if i.screened.full_text is not None]

    def summary(self, stage: str) -> dict[str, int]:
        reached = self.at(stage)
        verdicts = [verdict_at(i, stage).state for i in reached]
        return {
            "records": len(reached),
            "included": verdicts.count(State.INCLUDED),
            "excluded": verdicts.count(State.EXCLUDED),
            "conflicts": verdicts.count(State.CONFLICT),
            "awaiting": verdicts.count(State.AWAITING),
        }


def verdict_at(item: Item, stage: str) -> Verdict:
    """The team's verdict at a stage the record reached."""
    verdict = item.screened.title_abstract if stage == TITLE_ABSTRACT else item.screened.full_text
    assert verdict is not None
    return verdict


def board(project: Project, reviewer: str | None = None) -> Board:
    """The project's references with their screening; `reviewer` (an id) names whose
    own decisions `Item.mine` holds."""
    with project.reading() as repo:
        return load_board(repo, reviewer)


def my_board(project: Project, profile: ReviewerProfile | None) -> Board:
    """The board as this desktop's reviewer sees it: `Item.mine` holds their decisions."""
    with project.reading() as repo:
        return load_board(repo, my_id(repo, profile))


def load_board(repo: Repository, reviewer: str | None = None) -> Board:
    everyone = repo.reviewers.list(include_consensus=True)
    consensus = next((r for r in everyone if r.is_consensus), None)
    decided = repo.screening.by_reference()
    items = []
    for stored in repo.references.list():
        stages = decided.get(stored.id, {})
        record = Record(
            stored.id,
            tuple(s.database for s in stored.sources),
            stages,
            stored.not_retrieved,
            stored.study_id,
        )
        mine = {
            stage: ScreeningInfo(stored.id, d.reviewer, stage, d.decision, d.reason)
            for stage, made in stages.items()
            for d in made
            if d.reviewer == reviewer
        }
        items.append(Item(stored, screened(record, consensus.id if consensus else None), mine))
    full_texts: dict[str, list[DocumentInfo]] = {}
    for file in repo.reference_files.list():
        full_texts.setdefault(file.reference_id, []).append(
            DocumentInfo(file.id, file.reference_id, file.sha256, file.filename, 0, file.pages)
        )
    return Board(
        items,
        [r for r in everyone if not r.is_consensus],
        consensus,
        reasons_of(repo),
        {s.id: s.label for s in repo.studies.list()},
        full_texts,
    )


def full_text_bytes(project: Project, file_id: str) -> bytes:
    """A reference's full text, to read it in the screening window."""
    with project.reading() as repo:
        return repo.reference_files.data(file_id)


def reasons_of(repo: Repository) -> list[str]:
    saved = repo.settings.get(REASONS)
    if isinstance(saved, list) and all(isinstance(r, str) for r in saved):
        return list(saved)
    return list(DEFAULT_REASONS)


def reasons(project: Project) -> list[str]:
    with project.reading() as repo:
        return reasons_of(repo)


def set_reasons(project: Project, reasons: Iterable[str]) -> list[str]:
    """Replace the list of full-text exclusion reasons (order kept, blanks and
    repeats dropped); reasons already given stay on their decisions."""
    kept: list[str] = []
    for reason in reasons:
        reason = " ".join(reason.split())
        if reason and reason.casefold() not in {k.casefold() for k in kept}:
            kept.append(reason)
    if not kept:
        raise RefusedError("the list of exclusion reasons cannot be empty")
    with project.transaction() as repo:
        old = reasons_of(repo)
        repo.settings.set(REASONS, kept)
        repo.audit.record("screening.reasons", old=list(old), new=list(kept))
    return kept


@dataclass(frozen=True)
class Terms:
    include: list[str]
    exclude: list[str]


def highlight_terms(project: Project) -> Terms:
    with project.reading() as repo:
        saved = repo.settings.get(TERMS)
    saved = saved if isinstance(saved, dict) else {}
    return Terms(
        [t for t in saved.get("include", []) if isinstance(t, str)],
        [t for t in saved.get("exclude", []) if isinstance(t, str)],
    )


def set_highlight_terms(project: Project, include: list[str], exclude: list[str]) -> Terms:
    """Keep the terms every screener of the project sees highlighted."""
    terms = Terms(
        [t.strip() for t in include if t.strip()], [t.strip() for t in exclude if t.strip()]
    )
    with project.transaction() as repo:
        repo.settings.set(TERMS, {"include": terms.include, "exclude": terms.exclude})
    return terms


# Decisions


def find_reference(repo: Repository, name: str) -> StoredReference:
    """A reference by its label (any case), DOI or PMID."""
    found = repo.references.find(name)
    if found is None:
        raise NotFoundError(f"no reference labelled {name!r}")
    return found


def decide(
    project: Project,
    references: list[str],
    reviewer: str,
    stage: str,
    decision: str,
    reason: str = "",
) -> list[str]:
    """Record one reviewer's decision on references at a stage (one transaction);
    returns what became of them, including the studies made from records now
    included at full text."""
    with project.transaction() as repo:
        who = repo.reviewers.find(reviewer) or repo.reviewers.add(reviewer)
        if who.is_consensus:
            raise RefusedError("the consensus decides by resolving a conflict: use resolve")
        found = [_item(repo, find_reference(repo, name).id) for name in references]
        for item in found:
            check_decision(item, stage, decision, reason)
        changed = sum(_write(repo, i, who.id, stage, decision, reason) for i in found)
        ids = [i.stored.id for i in found]
        made = promote(repo, ids) + demote(repo, ids) if stage == FULL_TEXT else []
    lines = [
        f"{who.name}: {decision} at {STAGE_NAMES[stage].lower()} for"
        f" {counted(len(found), 'record')} ({changed} changed)"
    ]
    return lines + made


def record_decision(
    project: Project,
    profile: ReviewerProfile | None,
    reference_id: str,
    stage: str,
    decision: str,
    reason: str = "",
) -> list[str]:
    """The window's decision, as the reviewer this desktop writes as."""
    with project.transaction() as repo:
        who = writer_id(repo, profile)
        item = _item(repo, reference_id)
        check_decision(item, stage, decision, reason)
        _write(repo, item, who, stage, decision, reason, how="in the window")
        if stage != FULL_TEXT:
            return []
        return promote(repo, [reference_id]) + demote(repo, [reference_id])


def withdraw_decision(
    project: Project, profile: ReviewerProfile | None, reference_id: str, stage: str
) -> bool:
    """Take back this desktop's decision (an undo in the window)."""
    with project.transaction() as repo:
        return repo.screening.withdraw(reference_id, writer_id(repo, profile), stage)


def _write(
    repo: Repository,
    item: Item,
    reviewer_id: str,
    stage: str,
    decision: str,
    reason: str,
    how: str = "",
) -> bool:
    kept = reason.strip() if decision == EXCLUDE else ""
    info = ScreeningInfo(item.stored.id, reviewer_id, stage, decision, kept)
    return repo.screening.decide(info, how=how)


def check_decision(item: Item, stage: str, decision: str, reason: str) -> None:
    """Refuse a decision the record cannot take at this stage."""
    if stage != FULL_TEXT:
        return
    if item.screened.full_text is None:
        why = (
            "its full text was not retrieved"
            if item.stored.not_retrieved
            else "it has not passed title and abstract screening"
        )
        raise RefusedError(f"{item.label} cannot be screened at full text: {why}")
    if decision == EXCLUDE and not reason.strip():
        raise RefusedError(
            f"{item.label}: an exclusion at full text needs its reason"
            " (PRISMA counts the reports excluded per reason)"
        )


def resolve(
    project: Project, reference: str, stage: str, decision: str, reason: str = ""
) -> list[str]:
    """The team's decision on a record at a stage, taken by the lead as the consensus
    reviewer; returns what it settled."""
    with project.transaction() as repo:
        stored = find_reference(repo, reference)
    return resolve_record(project, stored.id, stage, decision, reason)


def resolve_record(
    project: Project, reference_id: str, stage: str, decision: str, reason: str = ""
) -> list[str]:
    with project.transaction() as repo:
        item = _item(repo, reference_id)
        check_decision(item, stage, decision, reason)
        consensus = repo.reviewers.consensus()
        _write(repo, item, consensus.id, stage, decision, reason, how="resolved")
        made = promote(repo, [reference_id]) + demote(repo, [reference_id])
    shown = f"{decision} ({reason.strip()})" if decision == EXCLUDE and reason.strip() else decision
    return [f"{item.label}: {shown} at {STAGE_NAMES[stage].lower()}"] + made


def _item(repo: Repository, reference_id: str) -> Item:
    """One reference with its screening, read alone (a decision reads no other)."""
    stored = repo.references.get(reference_id)
    if stored is None:
        raise NotFoundError("the reference is no longer in the project")
    consensus = next(
        (r for r in repo.reviewers.list(include_consensus=True) if r.is_consensus), None
    )
    record = Record(
        stored.id,
        tuple(s.database for s in stored.sources),
        repo.screening.for_reference(reference_id),
        stored.not_retrieved,
        stored.study_id,
    )
    return Item(stored, screened(record, consensus.id if consensus else None), {})


def set_retrieval(project: Project, reference: str, not_retrieved: bool) -> str:
    with project.transaction() as repo:
        stored = find_reference(repo, reference)
        item = _item(repo, stored.id)
        if item.screened.title_abstract.state != State.INCLUDED:
            raise RefusedError(
                f"{stored.label} was not sent on to full text, so its report was not sought"
            )
        repo.references.set_retrieval(stored.id, not_retrieved)
        made = demote(repo, [stored.id]) if not_retrieved else promote(repo, [stored.id])
    said = f"{stored.label}: full text {'not ' if not_retrieved else ''}retrieved"
    return "\n".join([said, *made])


def promote(repo: Repository, only: list[str] | None = None) -> list[str]:
    """Make a study of every record included at full text that is none yet (of
    those in `only`, where given): a report of a study the project has (same DOI or
    PMID) joins it, any other becomes a new study under the record's label."""
    if only is None:
        items = load_board(repo).items
    else:
        items = [_item(repo, r) for r in dict.fromkeys(only)]
    included = [i for i in items if i.screened.included and i.stored.study_id is None]
    if not included:
        return []
    studies = repo.studies.list()
    book = LabelBook([s.label for s in studies])
    lines = []
    for item in included:
        reference = item.stored.reference
        known = next(
            (
                s
                for s in studies
                if (reference.doi and (s.citation.doi or "").casefold() == reference.doi.casefold())
                or (reference.pmid and s.citation.pmid == reference.pmid)
            ),
            None,
        )
        if known is None:
            label = item.label
            if label.casefold() in {s.label.casefold() for s in studies}:
                label = book.new(reference)
            citation = Citation(
                authors=_authors(reference.authors),
                year=reference.year,
                title=reference.title or None,
                journal=reference.journal or None,
                doi=reference.doi,
                pmid=reference.pmid,
            )
            known, _ = repo.studies.upsert(label, None, citation)
            studies.append(known)
            lines.append(f"{item.label} included at full text: study {known.label} made")
        else:
            lines.append(f"{item.label} included at full text: a report of study {known.label}")
        repo.references.link(item.stored.id, known.id)
        for file in repo.reference_files.list(item.stored.id):
            data = repo.reference_files.data(file.id)
            repo.documents.attach(known.id, file.filename, data, file.pages)
    return lines


def demote(repo: Repository, reference_ids: list[str]) -> list[str]:
    """The records among these that a study was made of and that are no longer
    included at full text (excluded since, resolved otherwise, not retrieved): each
    is unlinked, and its study goes too when nothing else holds it (no other report,
    no reviewer's answers); a study that holds answers stays, and is named."""
    lines = []
    for reference_id in dict.fromkeys(reference_ids):
        item = _item(repo, reference_id)
        study_id = item.stored.study_id
        if study_id is None or item.screened.included:
            continue
        full_text = item.screened.full_text
        if not (
            item.screened.title_abstract.state == State.EXCLUDED
            or item.stored.not_retrieved
            or (full_text is not None and full_text.state == State.EXCLUDED)
        ):
            continue  # a disagreement is not an exclusion: the study waits for its end
        repo.references.link(reference_id, None)
        study = repo.studies.get(study_id)
        others = [r for r in repo.references.list() if r.study_id == study_id]
        answered = any(repo.answers.reviewers_of(study_id, form) for form in repo.forms.list())
        if study is None or others:
            continue
        if answered:
            lines.append(
                f"{item.label} is no longer included, but study {study.label} holds answers:"
                " it stays (Study > Remove study… if it should go)"
            )
        else:
            repo.studies.remove(study_id, f"{item.label} no longer included at full text")
            lines.append(f"{item.label} no longer included: study {study.label} removed")
    return lines


def _authors(authors: tuple[str, ...]) -> str | None:
    if not authors:
        return None
    return "; ".join(authors)


# Conflicts and agreement


@dataclass(frozen=True)
class Disagreement:
    label: str
    title: str
    stage: str
    decisions: list[tuple[str, str, str]]  # reviewer name, decision, reason
    why: str
    resolved: bool = False


def disagreements(project: Project, stage: str | None = None) -> list[Disagreement]:
    """Records the screeners disagree on at a stage, open ones and those resolved."""
    found = board(project)
    names = {r.id: r.name for r in found.reviewers}
    consensus = found.consensus.id if found.consensus else None
    result = []
    for wanted in [stage] if stage else list(STAGES):
        for item in found.at(wanted):
            verdict = verdict_at(item, wanted)
            made = item.screened.record.decisions.get(wanted, ())
            screeners = [d for d in made if d.reviewer != consensus]
            if verdict.state != State.CONFLICT and not (verdict.resolved and len(screeners) > 1):
                continue
            result.append(
                Disagreement(
                    item.label,
                    item.stored.reference.title,
                    wanted,
                    [(names.get(d.reviewer, "?"), d.decision, d.reason) for d in screeners],
                    verdict.why,
                    verdict.settled,
                )
            )
    return result


def agreement(
    project: Project, a: str | None = None, b: str | None = None
) -> tuple[ReviewerInfo, ReviewerInfo, list[StageAgreement]]:
    """Agreement of two screeners per stage: the two named, or the first two who
    screened."""
    return board_agreement(board(project), a, b)


def board_agreement(
    found: Board, a: str | None = None, b: str | None = None
) -> tuple[ReviewerInfo, ReviewerInfo, list[StageAgreement]]:
    first, second = _pair(found, a, b)
    records = [i.screened.record for i in found.items]
    stages = [
        stage_agreement(stage, records, first.id, second.id, len(found.reasons)) for stage in STAGES
    ]
    return first, second, stages


def agreement_line(found: Board) -> str:
    """Where the screeners agree, in a line for the window ("" before two screen)."""
    try:
        first, second, stages = board_agreement(found)
    except RefusedError:
        return ""
    parts = [
        f"{STAGE_NAMES[s.stage].lower()} {s.percent:.0f}% of {counted(s.compared, 'record')}"
        f" (kappa {_number(s.kappa)}, AC1 {_number(s.ac1)})"
        for s in stages
        if s.compared and s.percent is not None
    ]
    return f"{first.name} and {second.name} agree: {'; '.join(parts)}" if parts else ""


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _pair(found: Board, a: str | None, b: str | None) -> tuple[ReviewerInfo, ReviewerInfo]:
    by_name = {r.name.casefold(): r for r in found.reviewers}
    if a and b:
        missing = [n for n in (a, b) if n.casefold() not in by_name]
        if missing:
            raise NotFoundError(f"no reviewer called {', '.join(repr(m) for m in missing)}")
        return by_name[a.casefold()], by_name[b.casefold()]
    decided = {
        d.reviewer
        for i in found.items
        for made in i.screened.record.decisions.values()
        for d in made
    }
    screening = [r for r in found.reviewers if r.id in decided]
    if len(screening) < 2:
        raise RefusedError("agreement needs two reviewers who have screened")
    return screening[0], screening[1]
