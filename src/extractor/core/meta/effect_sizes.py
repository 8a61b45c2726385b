"""Effect sizes per study, as metafor's `escalc` computes them.

Ratio measures (OR, RR, HR) live on the log scale, where they are pooled; the
others on their own. A 2x2 table with a zero cell gets 1/2 added to each of its
cells ("only0", escalc's default), and so does a table with no events in either
arm: escalc keeps those studies, and so do we.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from scipy.special import gammaln
from scipy.stats import norm

from extractor.core.errors import ExtractorError

__all__ = [
    "CONTINUOUS_MEASURES",
    "DICHOTOMOUS_MEASURES",
    "ArmCounts",
    "ArmMeans",
    "Effect",
    "Measure",
    "continuous_effect",
    "dichotomous_effect",
    "reported_effect",
]

ZERO_CELL_ADD = 0.5


class Measure(StrEnum):
    OR = "OR"
    RR = "RR"
    RD = "RD"
    HR = "HR"
    MD = "MD"
    SMD = "SMD"

    @property
    def is_ratio(self) -> bool:
        """Pooled on the log scale and shown exponentiated."""
        return self in (Measure.OR, Measure.RR, Measure.HR)

    @property
    def null(self) -> float:
        """No effect, on the scale the measure is shown on."""
        return 1.0 if self.is_ratio else 0.0

    @property
    def long_name(self) -> str:
        return _TITLES[self]


_TITLES = {
    Measure.OR: "Odds ratio",
    Measure.RR: "Risk ratio",
    Measure.RD: "Risk difference",
    Measure.HR: "Hazard ratio",
    Measure.MD: "Mean difference",
    Measure.SMD: "Standardised mean difference (Hedges' g)",
}

DICHOTOMOUS_MEASURES = (Measure.OR, Measure.RR, Measure.RD)
CONTINUOUS_MEASURES = (Measure.MD, Measure.SMD)


@dataclass(frozen=True)
class ArmCounts:
    """A dichotomous outcome in one arm: events among n."""

    events: float
    n: float


@dataclass(frozen=True)
class ArmMeans:
    """A continuous outcome in one arm."""

    mean: float
    sd: float
    n: float


@dataclass(frozen=True)
class Effect:
    """One study's effect on the analysis scale (log for ratios) and its variance."""

    yi: float
    vi: float
    note: str = ""  # an adjustment made, such as the zero-cell correction

    @property
    def se(self) -> float:
        return math.sqrt(self.vi)

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """The study's own (normal) confidence interval, as a forest plot draws it."""
        half = critical_z(level) * self.se
        return self.yi - half, self.yi + half


@lru_cache(maxsize=8)
def critical_z(level: float) -> float:
    """The normal quantile of a two-sided `level` interval (1.959964 for 0.95)."""
    return float(norm.ppf(0.5 + level / 2))


def dichotomous_effect(measure: Measure, experimental: ArmCounts, control: ArmCounts) -> Effect:
    """OR, RR or RD from a 2x2 table; ExtractorError when the table is impossible."""
    if measure not in DICHOTOMOUS_MEASURES:
        raise ExtractorError(f"{measure} is not a measure for events and totals")
    for arm, name in ((experimental, "experimental"), (control, "control")):
        if arm.n <= 0 or arm.events < 0 or arm.events > arm.n:
            raise ExtractorError(
                f"the {name} arm's {arm.events:g} events among {arm.n:g} is not a 2x2 table"
            )
    a, c = experimental.events, control.events
    b, d = experimental.n - a, control.n - c
    note = ""
    if min(a, b, c, d) == 0:
        a, b, c, d = (cell + ZERO_CELL_ADD for cell in (a, b, c, d))
        note = "1/2 added to each cell (a zero cell)"
    n1, n2 = a + b, c + d
    if measure is Measure.OR:
        return Effect(math.log(a * d / (b * c)), 1 / a + 1 / b + 1 / c + 1 / d, note)
    if measure is Measure.RR:
        return Effect(math.log((a / n1) / (c / n2)), 1 / a - 1 / n1 + 1 / c - 1 / n2, note)
    p1, p2 = a / n1, c / n2
    return Effect(p1 - p2, p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2, note)


def continuous_effect(measure: Measure, experimental: ArmMeans, control: ArmMeans) -> Effect:
    """MD, or SMD as Hedges' g with its exact small-sample correction."""
    if measure not in CONTINUOUS_MEASURES:
        raise ExtractorError(f"{measure} is not a measure for means and SDs")
    for arm, name in ((experimental, "experimental"), (control, "control")):
        if arm.n < 2 or arm.sd <= 0:
            raise ExtractorError(f"the {name} arm needs n of at least 2 and an SD above 0")
    n1, n2 = experimental.n, control.n
    if measure is Measure.MD:
        return Effect(
            experimental.mean - control.mean,
            experimental.sd**2 / n1 + control.sd**2 / n2,
        )
    df = n1 + n2 - 2
    pooled_sd = math.sqrt(((n1 - 1) * experimental.sd**2 + (n2 - 1) * control.sd**2) / df)
    g = hedges_correction(df) * (experimental.mean - control.mean) / pooled_sd
    return Effect(g, 1 / n1 + 1 / n2 + g**2 / (2 * (n1 + n2)))


def hedges_correction(df: float) -> float:
    """J(m) = Γ(m/2) / (√(m/2) Γ((m-1)/2)), the exact correction of Hedges (1981)."""
    return math.exp(gammaln(df / 2) - math.log(math.sqrt(df / 2)) - gammaln((df - 1) / 2))


def reported_effect(
    measure: Measure,
    estimate: float,
    *,
    ci_low: float | None = None,
    ci_high: float | None = None,
    se: float | None = None,
    level: float = 0.95,
) -> Effect:
    """A study's own estimate, with its SE (on the analysis scale) or its CI.

    A ratio's estimate and CI are given as ratios; its SE as the SE of the log.
    """
    if ci_low is not None and ci_high is not None and ci_low > ci_high:
        raise ExtractorError(
            f"the CI's lower limit {ci_low:g} is above its upper limit {ci_high:g}"
        )
    if measure.is_ratio:
        given = [v for v in (estimate, ci_low, ci_high) if v is not None]
        if any(v <= 0 for v in given):
            raise ExtractorError(f"a {measure.long_name.lower()} and its CI must be above 0")
        yi = math.log(estimate)
        low = None if ci_low is None else math.log(ci_low)
        high = None if ci_high is None else math.log(ci_high)
    else:
        yi, low, high = estimate, ci_low, ci_high
    if se is None:
        if low is None or high is None or high <= low:
            raise ExtractorError("an estimate needs its SE or both ends of its CI")
        se = (high - low) / (2 * critical_z(level))
    if se <= 0:
        raise ExtractorError("an estimate's SE must be above 0")
    return Effect(yi, se**2)
