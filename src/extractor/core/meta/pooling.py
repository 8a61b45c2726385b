"""Pooling effect sizes: inverse-variance fixed effect, Mantel-Haenszel, and the
DerSimonian-Laird, REML and Paule-Mandel random-effects models, optionally with
the Hartung-Knapp(-Sidik-Jonkman) adjustment, as metafor's `rma` and `rma.mh`.

Heterogeneity follows metafor too: Q is always the fixed-effect Q (around the
Mantel-Haenszel estimate for MH); I² is (Q - df)/Q for a fixed-effect model and
τ²/(τ² + s²), s² the typical within-study variance, for a random-effects one. The
prediction interval uses the normal quantile, or t with k - 1 df under HKSJ.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.optimize import brentq
from scipy.stats import chi2, norm
from scipy.stats import t as student_t

from extractor.core.errors import ExtractorError
from extractor.core.meta.effect_sizes import ArmCounts, Measure, dichotomous_effect

__all__ = ["Method", "Pooled", "heterogeneity", "pool", "pool_mantel_haenszel"]

_REML_TOLERANCE = 1e-10
_REML_STEPS = 200


class Method(StrEnum):
    FE = "FE"
    MH = "MH"
    DL = "DL"
    REML = "REML"
    PM = "PM"

    @property
    def is_random(self) -> bool:
        return self in (Method.DL, Method.REML, Method.PM)

    @property
    def long_name(self) -> str:
        return _TITLES[self]


_TITLES = {
    Method.FE: "fixed effect, inverse variance",
    Method.MH: "fixed effect, Mantel-Haenszel",
    Method.DL: "random effects, DerSimonian-Laird",
    Method.REML: "random effects, REML",
    Method.PM: "random effects, Paule-Mandel",
}


@dataclass(frozen=True)
class Pooled:
    """A pooled estimate on the analysis scale (log for ratio measures)."""

    method: Method
    hksj: bool
    level: float
    k: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    statistic: float  # z, or t under HKSJ
    p: float
    tau2: float
    i2: float  # percent
    q: float
    q_df: int
    q_p: float
    pi_low: float | None  # the prediction interval, for random-effects models
    pi_high: float | None
    weights: tuple[float, ...]  # percent, in the order the studies were given


def pool(
    yi: Sequence[float],
    vi: Sequence[float],
    method: Method = Method.REML,
    *,
    hksj: bool = False,
    level: float = 0.95,
) -> Pooled:
    """Pool effect sizes by inverse variance (FE) or a random-effects model."""
    if method is Method.MH:
        raise ExtractorError("Mantel-Haenszel pools 2x2 tables, not effect sizes")
    if hksj and not method.is_random:
        raise ExtractorError("the Hartung-Knapp adjustment applies to a random-effects model")
    y, v = _checked(yi, vi)
    k = len(y)
    q, q_df, q_p, fixed_i2 = heterogeneity(y, v)
    tau2 = 0.0 if k == 1 or not method.is_random else _TAU2[method](y, v)
    w = 1 / (v + tau2)
    estimate = float(np.sum(w * y) / np.sum(w))
    se = math.sqrt(1 / float(np.sum(w)))
    if hksj:
        if k < 2:
            raise ExtractorError("the Hartung-Knapp adjustment needs at least 2 studies")
        se *= math.sqrt(float(np.sum(w * (y - estimate) ** 2)) / (k - 1))
        crit = float(student_t.ppf(0.5 + level / 2, k - 1))
    else:
        crit = float(norm.ppf(0.5 + level / 2))
    statistic = estimate / se
    p = (
        2 * float(student_t.sf(abs(statistic), k - 1))
        if hksj
        else 2 * float(norm.sf(abs(statistic)))
    )
    pi_low = pi_high = None
    if method.is_random:
        half = crit * math.sqrt(se**2 + tau2)
        pi_low, pi_high = estimate - half, estimate + half
    return Pooled(
        method=method,
        hksj=hksj,
        level=level,
        k=k,
        estimate=estimate,
        se=se,
        ci_low=estimate - crit * se,
        ci_high=estimate + crit * se,
        statistic=statistic,
        p=p,
        tau2=tau2,
        i2=_random_i2(v, tau2) if method.is_random else fixed_i2,
        q=q,
        q_df=q_df,
        q_p=q_p,
        pi_low=pi_low,
        pi_high=pi_high,
        weights=tuple(float(x) for x in 100 * w / np.sum(w)),
    )


def pool_mantel_haenszel(
    measure: Measure,
    tables: Sequence[tuple[ArmCounts, ArmCounts]],
    *,
    level: float = 0.95,
) -> Pooled:
    """The Mantel-Haenszel estimate of OR, RR or RD from (experimental, control) tables.

    The estimate uses the tables as they are (no correction); Q and I² use each
    study's escalc effect size, leaving out tables without any event or non-event
    in either arm, as rma.mh does.
    """
    if not tables:
        raise ExtractorError("there are no studies to pool")
    a = np.array([e.events for e, _ in tables], dtype=float)
    n1 = np.array([e.n for e, _ in tables], dtype=float)
    c = np.array([ctl.events for _, ctl in tables], dtype=float)
    n2 = np.array([ctl.n for _, ctl in tables], dtype=float)
    b, d, total = n1 - a, n2 - c, n1 + n2
    if measure is Measure.OR:
        r_i, s_i = a * d / total, b * c / total
        r, s = float(np.sum(r_i)), float(np.sum(s_i))
        if r == 0 or s == 0:
            raise ExtractorError("the Mantel-Haenszel odds ratio needs events in both arms")
        estimate = math.log(r / s)
        p_i, q_i = (a + d) / total, (b + c) / total
        var = 0.5 * (
            float(np.sum(p_i * r_i)) / r**2
            + float(np.sum(p_i * s_i + q_i * r_i)) / (r * s)
            + float(np.sum(q_i * s_i)) / s**2
        )
        weight = s_i
    elif measure is Measure.RR:
        r, s = float(np.sum(a * n2 / total)), float(np.sum(c * n1 / total))
        if float(np.sum(a)) == 0 or float(np.sum(c)) == 0:
            raise ExtractorError("the Mantel-Haenszel risk ratio needs events in both arms")
        estimate = math.log(r / s)
        var = float(np.sum(n1 * n2 * (a + c) / total**2 - a * c / total)) / (r * s)
        weight = c * n1 / total
    elif measure is Measure.RD:
        weight = n1 * n2 / total
        sum_w = float(np.sum(weight))
        estimate = float(np.sum(a * n2 / total - c * n1 / total)) / sum_w
        var = (
            estimate
            * float(
                np.sum(
                    c * (n1 / total) ** 2
                    - a * (n2 / total) ** 2
                    + (n1 / total) * (n2 / total) * (n2 - n1) / 2
                )
            )
            + float(np.sum(a * (n2 - c) / total + c * (n1 - a) / total)) / 2
        ) / sum_w**2
    else:
        raise ExtractorError(f"Mantel-Haenszel pools OR, RR or RD, not {measure}")
    se = math.sqrt(var)
    crit = float(norm.ppf(0.5 + level / 2))
    informative = [
        dichotomous_effect(measure, e, ctl) for e, ctl in tables if not _without_contrast(e, ctl)
    ]
    y = np.array([effect.yi for effect in informative])
    v = np.array([effect.vi for effect in informative])
    k_q = len(informative)
    if k_q > 1:
        q = max(0.0, float(np.sum((y - estimate) ** 2 / v)))
        q_p = float(chi2.sf(q, k_q - 1))
        i2 = max(0.0, 100 * (q - (k_q - 1)) / q) if q > 0 else 0.0
    else:
        q, q_p, i2 = 0.0, 1.0, 0.0
    return Pooled(
        method=Method.MH,
        hksj=False,
        level=level,
        k=len(tables),
        estimate=estimate,
        se=se,
        ci_low=estimate - crit * se,
        ci_high=estimate + crit * se,
        statistic=estimate / se,
        p=2 * float(norm.sf(abs(estimate / se))),
        tau2=0.0,
        i2=i2,
        q=q,
        q_df=max(k_q - 1, 0),
        q_p=q_p,
        pi_low=None,
        pi_high=None,
        weights=tuple(float(x) for x in 100 * weight / np.sum(weight)),
    )


def _without_contrast(experimental: ArmCounts, control: ArmCounts) -> bool:
    """No events in either arm, or events in every patient of both (rma.mh's drop00)."""
    return (experimental.events == 0 and control.events == 0) or (
        experimental.events == experimental.n and control.events == control.n
    )


def _checked(yi: Sequence[float], vi: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    if len(yi) != len(vi):
        raise ExtractorError("each effect size needs its variance")
    if not yi:
        raise ExtractorError("there are no studies to pool")
    y, v = np.asarray(yi, dtype=float), np.asarray(vi, dtype=float)
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(v)) and np.all(v > 0)):
        raise ExtractorError("every effect size needs a finite value and a variance above 0")
    return y, v


def heterogeneity(y: np.ndarray, v: np.ndarray) -> tuple[float, int, float, float]:
    """Cochran's Q, its df and p, and I² = (Q - df)/Q in percent."""
    k = len(y)
    if k < 2:
        return 0.0, 0, 1.0, 0.0
    w = 1 / v
    fixed = np.sum(w * y) / np.sum(w)
    q = float(np.sum(w * (y - fixed) ** 2))
    i2 = max(0.0, 100 * (q - (k - 1)) / q) if q > 0 else 0.0
    return q, k - 1, float(chi2.sf(q, k - 1)), i2


def _random_i2(v: np.ndarray, tau2: float) -> float:
    k = len(v)
    if k < 2 or tau2 == 0:
        return 0.0
    w = 1 / v
    typical = (k - 1) * np.sum(w) / (np.sum(w) ** 2 - np.sum(w**2))
    return float(100 * tau2 / (tau2 + typical))


def _tau2_dl(y: np.ndarray, v: np.ndarray) -> float:
    w = 1 / v
    q, df, _, _ = heterogeneity(y, v)
    return max(0.0, (q - df) / float(np.sum(w) - np.sum(w**2) / np.sum(w)))


def _tau2_reml(y: np.ndarray, v: np.ndarray) -> float:
    """Fisher scoring from the DL estimate, halving a step that would go below 0."""
    tau2 = _tau2_dl(y, v)
    for _ in range(_REML_STEPS):
        w = 1 / (v + tau2)
        sum_w = float(np.sum(w))
        mu = float(np.sum(w * y)) / sum_w
        # P = W - w wᵀ / Σw for the intercept-only model.
        trace_p = sum_w - float(np.sum(w**2)) / sum_w
        trace_pp = (
            float(np.sum(w**2))
            - 2 * float(np.sum(w**3)) / sum_w
            + (float(np.sum(w**2)) / sum_w) ** 2
        )
        step = (float(np.sum(w**2 * (y - mu) ** 2)) - trace_p) / trace_pp
        while tau2 + step < 0:
            step /= 2
            if abs(step) < _REML_TOLERANCE:
                return max(0.0, tau2)
        tau2 += step
        if abs(step) < _REML_TOLERANCE:
            return tau2
    raise ExtractorError("the REML estimate of τ² did not converge; try Paule-Mandel")


def _tau2_pm(y: np.ndarray, v: np.ndarray) -> float:
    """The τ² at which the generalised Q equals its expectation, k - 1."""
    k = len(y)

    def excess(tau2: float) -> float:
        w = 1 / (v + tau2)
        mu = np.sum(w * y) / np.sum(w)
        return float(np.sum(w * (y - mu) ** 2)) - (k - 1)

    if excess(0.0) <= 0:
        return 0.0
    high = max(float(np.var(y)) * 10, 1e-8)
    while excess(high) > 0:
        high *= 10
    return float(brentq(excess, 0.0, high, xtol=1e-14, rtol=1e-12))


_TAU2 = {Method.DL: _tau2_dl, Method.REML: _tau2_reml, Method.PM: _tau2_pm}
