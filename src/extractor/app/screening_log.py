"""The screening log: decisions imported from CSV and exported, and the PRISMA
counts it gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractor.app.ports import Project
from extractor.app.screening import Item, check_decision, demote, load_board, promote
from extractor.core.errors import ExtractorError, InputError, locate
from extractor.core.model import ScreeningInfo
from extractor.core.prisma import LISTS, PrismaCounts
from extractor.core.prisma_log import flow
from extractor.core.screening import FULL_TEXT, TITLE_ABSTRACT
from extractor.core.words import counted
from extractor.io.files import write_output
from extractor.io.screening_csv import DecisionRow, log_csv, read_decisions
from extractor.store.repository import Repository
from extractor.store.reviewers import CONSENSUS_NAME


def import_decisions(
    project: Project, path: Path, reviewer: str | None = None, stage: str | None = None
) -> list[str]:
    """Decisions from a CSV file, all or none: title-and-abstract rows first, so a
    file may hold a record's full-text decision before the one that sent it on."""
    rows = read_decisions(path, stage, reviewer)
    source = str(path)
    with project.transaction() as repo:
        repo.audit.source = f"imported from {path.name}"
        items = load_board(repo).items
        finder = _finder(items)
        problems: list[str] = []
        planned: dict[tuple[str, str, str], DecisionRow] = {}
        found: dict[int, Item] = {}
        for row in rows:
            item = next((finder[f.casefold()] for f in row.finders if f.casefold() in finder), None)
            if item is None:
                problems.append(locate(source, row.line, f"no reference {row.finders[0]!r}"))
                continue
            key = (item.stored.id, row.reviewer.casefold(), row.stage)
            earlier = planned.get(key)
            if earlier is not None and (earlier.decision, earlier.reason) != (
                row.decision,
                row.reason,
            ):
                problems.append(
                    locate(
                        source,
                        row.line,
                        f"{row.reviewer} decides {item.label} at {row.stage} again,"
                        f" differently from line {earlier.line}",
                    )
                )
            planned[key] = row
            found[row.line] = item
        if problems:
            raise InputError(source, problems)
        consensus = repo.reviewers.consensus().id if _names_consensus(repo, rows) else None
        written = 0
        for stage in (TITLE_ABSTRACT, FULL_TEXT):
            now = {i.stored.id: i for i in load_board(repo).items}
            for row in (r for r in rows if r.stage == stage):
                item = now[found[row.line].stored.id]
                try:
                    check_decision(item, stage, row.decision, row.reason)
                except ExtractorError as exc:
                    problems.append(locate(source, row.line, str(exc)))
                    continue
                who = repo.reviewers.find(row.reviewer) or repo.reviewers.add(row.reviewer)
                resolving = who.id == consensus
                written += repo.screening.decide(
                    ScreeningInfo(item.stored.id, who.id, stage, row.decision, row.reason),
                    how="resolved" if resolving else "",
                )
            if problems:
                raise InputError(source, problems)
        made = promote(repo) + demote(repo, [item.stored.id for item in found.values()])
    return [f"{path.name}: {counted(len(rows), 'decision')} read, {written} new or changed"] + made


def _finder(items: list[Item]) -> dict[str, Item]:
    found: dict[str, Item] = {}
    for item in items:
        reference = item.stored.reference
        for name in (item.label, reference.doi, reference.pmid):
            if name:
                found.setdefault(name.casefold(), item)
    return found


def _names_consensus(repo: Repository, rows: list[DecisionRow]) -> bool:
    """Whether the file holds the consensus reviewer's decisions (resolutions)."""
    everyone = repo.reviewers.list(include_consensus=True)
    consensus = next((r for r in everyone if r.is_consensus), None)
    wanted = (consensus.name if consensus else CONSENSUS_NAME).casefold()
    return any(row.reviewer.casefold() == wanted for row in rows)


def export_log(project: Project, out: Path) -> int:
    """Write every decision as a row of the log; returns how many."""
    with project.reading() as repo:
        references = {s.id: s for s in repo.references.list()}
        names = {r.id: r.name for r in repo.reviewers.list(include_consensus=True)}
        rows = []
        for decision, when in repo.screening.log():
            stored = references[decision.reference_id]
            rows.append(
                (
                    stored.label,
                    stored.reference.title,
                    stored.reference.doi or "",
                    stored.reference.pmid or "",
                    decision.stage,
                    names.get(decision.reviewer_id, decision.reviewer_id),
                    decision.decision,
                    decision.reason,
                    when,
                )
            )
    write_output(out, log_csv(rows))
    return len(rows)


# PRISMA


@dataclass
class PrismaFlow:
    """The counts of the diagram: from the log where the project has one, typed in
    for the rest; `gaps` says what the log does not settle yet."""

    counts: PrismaCounts
    typed: set[str] = field(default_factory=set)
    derived: set[str] = field(default_factory=set)
    gaps: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # typed counts the log replaces

    @property
    def from_log(self) -> bool:
        return bool(self.derived)


def prisma_flow(repo: Repository) -> PrismaFlow:
    typed = repo.prisma.load()
    given = {k for k, v in typed.numbers.items() if v is not None} | set(typed.lists)
    if not repo.references.sourced():
        return PrismaFlow(typed, typed=given)
    found = load_board(repo)
    log = flow([i.screened for i in found.items], found.reasons)
    counts = PrismaCounts(dict(log.counts.numbers), dict(log.counts.lists))
    given_by_log = set(log.counts.numbers) | set(log.counts.lists)
    ignored = []
    for key in sorted(given):
        if key in given_by_log:
            if typed.get(key) != log.counts.get(key):
                ignored.append(
                    f"the typed count '{key}' ({typed.get(key)}) is replaced by the log's"
                    f" ({log.counts.get(key)})"
                )
        elif key in LISTS:
            counts.lists[key] = typed.lists[key]
        else:
            counts.numbers[key] = typed.numbers[key]
    return PrismaFlow(
        counts,
        typed={k for k in given if k not in given_by_log},
        derived=given_by_log,
        gaps=log.gaps,
        ignored=ignored,
    )
