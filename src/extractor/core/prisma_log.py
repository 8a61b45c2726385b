"""The PRISMA 2020 counts a screening log gives, and what the log cannot give yet.

Records identified are the search records imported (one per record of each file,
duplicates included), per database or register; duplicates removed are those
records less the references they were merged into. Every reference is screened
at title and abstract; those sent on are sought at full text, less those not
retrieved are assessed, and each excluded there counts under its reason. A
report included at full text is a report of a study: several reports of one
study count once among the studies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from extractor.core.prisma import PrismaCounts
from extractor.core.screening import (
    FULL_TEXT,
    STAGE_NAMES,
    TITLE_ABSTRACT,
    Screened,
    State,
    Verdict,
)
from extractor.core.words import counted

# Trial registers, as their exports name them: their records count as registers'.
REGISTERS = (
    "clinicaltrials.gov",
    "ictrp",
    "who ictrp",
    "eu ctr",
    "eu clinical trials register",
    "ctis",
    "isrctn",
    "anzctr",
    "chictr",
    "drks",
    "ctri",
)
NOT_RECORDED = "Source not recorded"
NO_REASON = "No reason given"


def is_register(source: str) -> bool:
    return source.strip().casefold() in REGISTERS


@dataclass
class Flow:
    """The counts from the log, and what is not settled yet, in words."""

    counts: PrismaCounts
    gaps: list[str] = field(default_factory=list)


def flow(records: Sequence[Screened], reasons: Iterable[str] = ()) -> Flow:
    """The counts of the flow diagram from the screened records; `reasons` orders the
    full-text exclusion reasons (the team's list), others follow alphabetically."""
    sources = Counter(source for item in records for source in item.record.sources or ())
    unsourced = sum(1 for item in records if not item.record.sources)
    databases = {name: n for name, n in sources.items() if not is_register(name)}
    if unsourced:
        databases[NOT_RECORDED] = unsourced
    registers = {name: n for name, n in sources.items() if is_register(name)}
    identified = sum(sources.values()) + unsourced

    first = [item.title_abstract for item in records]
    sought = [item for item in records if item.title_abstract.state == State.INCLUDED]
    retrieved = [item for item in sought if not item.record.not_retrieved]
    second = [item.full_text for item in retrieved if item.full_text is not None]
    included = [item for item in retrieved if item.included]
    # A reason counts as one however it is spelt: as the team's list spells it, else
    # as first written.
    listed = list(reasons)
    spelling = {reason.casefold(): reason for reason in reversed(listed)}
    excluded_for: Counter[str] = Counter()
    for verdict in second:
        if verdict.state == State.EXCLUDED:
            reason = " ".join(verdict.reason.split()) or NO_REASON
            excluded_for[spelling.setdefault(reason.casefold(), reason)] += 1
    order = {reason.casefold(): n for n, reason in enumerate(listed)}
    studies = {item.record.study or item.record.id for item in included}

    numbers: dict[str, int | None] = {
        "database_results": sum(databases.values()),
        "duplicates": identified - len(records),
        "records_screened": len(records),
        "records_excluded": sum(1 for v in first if v.state == State.EXCLUDED),
        "dbr_sought_reports": len(sought),
        "dbr_notretrieved_reports": len(sought) - len(retrieved),
        "dbr_assessed": len(retrieved),
        "new_studies": len(studies),
        "new_reports": len(included),
    }
    lists = {
        "database_specific_results": list(databases.items()),  # in the order imported
        "dbr_excluded": sorted(
            excluded_for.items(), key=lambda item: (order.get(item[0].casefold(), 1e9), item[0])
        ),
    }
    if registers:
        numbers["register_results"] = sum(registers.values())
        lists["register_specific_results"] = list(registers.items())
    return Flow(PrismaCounts(numbers, lists), _gaps(records, unsourced))


def _gaps(records: Sequence[Screened], unsourced: int) -> list[str]:
    gaps = []
    for stage in (TITLE_ABSTRACT, FULL_TEXT):
        waiting = [item for item in records if item.stage == stage]
        conflicts = sum(1 for item in waiting if _verdict(item, stage).state == State.CONFLICT)
        if len(waiting) > conflicts:
            gaps.append(
                f"{counted(len(waiting) - conflicts, 'record')} not yet screened by both"
                f" reviewers at {STAGE_NAMES[stage].lower()}"
            )
        if conflicts:
            gaps.append(
                f"{counted(conflicts, 'disagreement')} at {STAGE_NAMES[stage].lower()}"
                " not resolved yet"
            )
    if unsourced:
        gaps.append(f"{counted(unsourced, 'record')} with no database recorded")
    return gaps


def _verdict(item: Screened, stage: str) -> Verdict:
    verdict = item.title_abstract if stage == TITLE_ABSTRACT else item.full_text
    assert verdict is not None
    return verdict
