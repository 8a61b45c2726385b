"""One meta-analysis: each study's effect, the pooled estimate, and subgroups.

Studies that cannot enter (no data yet, data in conflict, a table that is not
one) stay in the analysis with the reason, so that a forest plot or a report
lists them rather than leaving them out in silence.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from extractor.core.errors import ExtractorError
from extractor.core.meta.effect_sizes import (
    CONTINUOUS_MEASURES,
    DICHOTOMOUS_MEASURES,
    ArmCounts,
    ArmMeans,
    Effect,
    Measure,
    continuous_effect,
    dichotomous_effect,
)
from extractor.core.meta.pooling import (
    Method,
    Pooled,
    heterogeneity,
    pool,
    pool_mantel_haenszel,
)

__all__ = [
    "Analysis",
    "StudyEffect",
    "StudyInput",
    "SubgroupResult",
    "SubgroupTest",
    "analyse",
]


@dataclass(frozen=True)
class StudyInput:
    """What one study brings to an analysis: its arms, or its own estimate."""

    label: str
    experimental: ArmCounts | ArmMeans | None = None
    control: ArmCounts | ArmMeans | None = None
    reported: Effect | None = None  # the study's own estimate, on the analysis scale
    subgroup: str | None = None
    missing: str = ""  # why the study has no data to analyse


@dataclass(frozen=True)
class StudyEffect:
    study: StudyInput
    effect: Effect | None
    weight: float | None  # percent of the overall analysis
    excluded: str = ""  # why `effect` is None


@dataclass(frozen=True)
class SubgroupResult:
    name: str
    studies: tuple[StudyEffect, ...]
    pooled: Pooled | None  # None when its studies cannot be pooled
    note: str = ""  # why not
    recorded: bool = True  # False for the studies without a value of the field


@dataclass(frozen=True)
class SubgroupTest:
    """The test for subgroup differences: Q between the subgroups' estimates."""

    q: float
    df: int
    p: float


@dataclass(frozen=True)
class Analysis:
    measure: Measure
    method: Method
    hksj: bool
    level: float
    studies: tuple[StudyEffect, ...]
    pooled: Pooled
    subgroups: tuple[SubgroupResult, ...] = ()
    subgroup_test: SubgroupTest | None = None

    @property
    def included(self) -> list[StudyEffect]:
        return [s for s in self.studies if s.effect is not None]


def analyse(
    studies: Sequence[StudyInput],
    measure: Measure,
    method: Method = Method.REML,
    *,
    hksj: bool = False,
    level: float = 0.95,
    by_subgroup: bool = False,
) -> Analysis:
    """Compute every study's effect and pool them, overall and per subgroup."""
    if method is Method.MH and measure not in DICHOTOMOUS_MEASURES:
        raise ExtractorError(f"Mantel-Haenszel pools OR, RR or RD, not {measure}")
    if hksj and not method.is_random:
        raise ExtractorError("the Hartung-Knapp adjustment applies to a random-effects model")
    effects = [_effect(study, measure, method) for study in studies]
    pooled = _pool(effects, measure, method, hksj, level)
    if pooled is None:
        reasons = sorted({e.excluded for e in effects}) or ["no studies"]
        raise ExtractorError("no study can be analysed: " + "; ".join(reasons))
    weights = iter(pooled.weights)
    effects = [
        StudyEffect(e.study, e.effect, next(weights)) if e.effect is not None else e
        for e in effects
    ]
    subgroups: tuple[SubgroupResult, ...] = ()
    test = None
    if by_subgroup:
        subgroups = tuple(_subgroups(effects, measure, method, hksj, level))
        # Studies without a value of the field are shown apart, not tested as a subgroup.
        test = subgroup_difference(
            [s.pooled for s in subgroups if s.pooled is not None and s.recorded]
        )
    return Analysis(measure, method, hksj, level, tuple(effects), pooled, subgroups, test)


NOT_RECORDED = "Not recorded"


def _subgroups(
    effects: Sequence[StudyEffect], measure: Measure, method: Method, hksj: bool, level: float
) -> Iterator[SubgroupResult]:
    names = list(dict.fromkeys(e.study.subgroup for e in effects))
    names.sort(key=lambda name: name is None)  # the studies without a value last
    for name in names:
        members = tuple(e for e in effects if e.study.subgroup == name)
        try:
            pooled, note = _pool(members, measure, method, hksj, level), ""
        except ExtractorError as error:  # one subgroup's data need not stop the others
            pooled, note = None, str(error)
        if pooled is None and not note:
            note = "no study to pool"
        yield SubgroupResult(name or NOT_RECORDED, members, pooled, note, name is not None)


def subgroup_difference(pooled: Sequence[Pooled]) -> SubgroupTest | None:
    """Q between subgroup estimates, weighted by 1/SE², on G - 1 df."""
    if len(pooled) < 2:
        return None
    # Cochran's Q of the subgroup estimates, each with its variance.
    q, df, p, _ = heterogeneity(
        np.array([p.estimate for p in pooled]), np.array([p.se for p in pooled]) ** 2
    )
    return SubgroupTest(q, df, p)


def _effect(study: StudyInput, measure: Measure, method: Method) -> StudyEffect:
    if study.missing:
        return StudyEffect(study, None, None, study.missing)
    arms = (study.experimental, study.control)
    if method is Method.MH and not all(isinstance(arm, ArmCounts) for arm in arms):
        return StudyEffect(study, None, None, "Mantel-Haenszel needs events and totals")
    try:
        if measure in DICHOTOMOUS_MEASURES and all(isinstance(a, ArmCounts) for a in arms):
            effect = dichotomous_effect(measure, *arms)  # type: ignore[arg-type]
        elif measure in CONTINUOUS_MEASURES and all(isinstance(a, ArmMeans) for a in arms):
            effect = continuous_effect(measure, *arms)  # type: ignore[arg-type]
        elif study.reported is not None:
            effect = study.reported
        else:
            return StudyEffect(study, None, None, f"no data for {measure}")
    except ExtractorError as error:
        return StudyEffect(study, None, None, str(error))
    return StudyEffect(study, effect, None)


def _pool(
    effects: Sequence[StudyEffect], measure: Measure, method: Method, hksj: bool, level: float
) -> Pooled | None:
    usable = [e for e in effects if e.effect is not None]
    if not usable:
        return None
    if method is Method.MH:
        tables = [(e.study.experimental, e.study.control) for e in usable]
        return pool_mantel_haenszel(measure, tables, level=level)  # type: ignore[arg-type]
    y = [e.effect.yi for e in usable if e.effect is not None]
    v = [e.effect.vi for e in usable if e.effect is not None]
    return pool(y, v, method, hksj=hksj and len(y) > 1, level=level)
