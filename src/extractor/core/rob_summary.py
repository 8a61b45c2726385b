"""What the risk-of-bias figures draw: per study and domain a judgement, and
per domain the share of each judgement, weighted as robvis weights it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from extractor.core.rob import ORDER, Instrument


@dataclass
class Assessment:
    """One row of the figures: a study, or one result of a study."""

    label: str
    judgements: dict[str, str] = field(default_factory=dict)  # domain id or "Overall" -> level
    weight: float = 1.0
    # Domains without a judgement, and why: IN_CONFLICT or NOT_ASSESSED. They are
    # drawn apart from every judgement, and left out of the summary's shares.
    gaps: dict[str, str] = field(default_factory=dict)


IN_CONFLICT = "In conflict"
NOT_ASSESSED = "Not assessed"


class DomainShares(TypedDict):
    """One bar of the summary figure: a domain and its share of each judgement."""

    domain: str  # domain id, "Overall", or "" for a heading between blocks
    title: str
    shares: dict[str, float]  # judgement -> percent, in the order of ORDER


def shares(instrument: Instrument, rows: list[Assessment], weighted: bool) -> list[DomainShares]:
    """Per domain (and Overall), the percentage of weight with each judgement.

    Share = sum of weights of the studies with that judgement / sum of all weights
    of the studies judged in that domain; unweighted, every weight is 1. "No
    information" counts like any other judgement.
    """
    domains = [(d.id, d.name) for d in instrument.bias_domains()] + [
        ("Overall", instrument.overall_name)
    ]
    return domain_shares(domains, rows, weighted)


def applicability_shares(
    instrument: Instrument, rows: list[Assessment], weighted: bool
) -> list[DomainShares]:
    """The same for QUADAS-2's applicability concerns."""
    return domain_shares(
        [(d.id, d.name) for d in instrument.applicability_domains()], rows, weighted
    )


def domain_shares(
    domains: list[tuple[str, str]], rows: list[Assessment], weighted: bool
) -> list[DomainShares]:
    found: list[DomainShares] = []
    for domain_id, title in domains:
        totals: dict[str, float] = {}
        for row in rows:
            level = row.judgements.get(domain_id)
            if level is None:
                continue
            totals[level] = totals.get(level, 0.0) + (row.weight if weighted else 1.0)
        whole = sum(totals.values())
        percent = (
            {
                level: round(100 * totals[level] / whole, 2)
                for level in sorted(
                    totals, key=lambda j: ORDER.index(j) if j in ORDER else len(ORDER)
                )
            }
            if whole
            else {}
        )
        found.append({"domain": domain_id, "title": title, "shares": percent})
    return found
