"""Calculators that fill in what a paper did not report in the form a
meta-analysis needs, each naming its source so that the derivation can be shown
beside the value and exported.

SD from an SE or a CI follows the Cochrane Handbook (section 6.5.2.2), with t in
place of z below 60 participants; mean and SD from a median follow metafor's
`conv.fivenum`: Luo et al. (2018) for the mean, Wan et al. (2014) or Shi et al.
(2020) for the SD, or Hozo et al. (2005) from the range alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from scipy.stats import norm
from scipy.stats import t as student_t

from extractor.core.errors import ExtractorError
from extractor.core.field_types.numbers import format_number

__all__ = [
    "LARGE_SAMPLE",
    "Combined",
    "Derived",
    "MedianMethod",
    "combine_groups",
    "mean_sd_from_median",
    "sd_from_ci",
    "sd_from_se",
]

LARGE_SAMPLE = 60  # the Handbook's threshold for z instead of t


class MedianMethod(StrEnum):
    LUO_WAN = "luo-wan"
    SHI = "shi"
    HOZO = "hozo"


@dataclass(frozen=True)
class Derived:
    """A value worked out from others, and how."""

    value: float
    method: str


@dataclass(frozen=True)
class MeanSd:
    mean: Derived
    sd: Derived


@dataclass(frozen=True)
class Combined:
    """Two subgroups as one arm."""

    n: float
    mean: float
    sd: float
    method: str


def _num(value: float) -> str:
    return format_number(round(value, 6))


def _positive_n(n: float) -> None:
    if n < 1 or not float(n).is_integer():
        raise ExtractorError(f"n must be a whole number of at least 1, not {_num(n)}")


def sd_from_se(se: float, n: float) -> Derived:
    """SD = SE × √n."""
    _positive_n(n)
    if se <= 0:
        raise ExtractorError(f"the SE must be above 0, not {_num(se)}")
    return Derived(se * math.sqrt(n), f"SD = SE × √n (SE {_num(se)}, n {_num(n)})")


def sd_from_ci(low: float, high: float, n: float, level: float = 0.95) -> Derived:
    """SD = √n × (upper − lower) / (2 × critical value) for the CI of a mean."""
    _positive_n(n)
    if not 0 < level < 1:
        raise ExtractorError(f"the CI level must be between 0 and 1, not {_num(level)}")
    if high <= low:
        raise ExtractorError(f"the CI's upper limit {_num(high)} is not above {_num(low)}")
    if n < LARGE_SAMPLE:
        if n < 2:
            raise ExtractorError("a CI from one participant says nothing of the SD")
        critical = float(student_t.ppf(0.5 + level / 2, n - 1))
        source = f"t({_num(n - 1)} df) {critical:.4f}"
    else:
        critical = float(norm.ppf(0.5 + level / 2))
        source = f"z {critical:.4f}"
    percent = _num(level * 100)
    return Derived(
        math.sqrt(n) * (high - low) / (2 * critical),
        f"SD = √n × (upper − lower) / (2 × {source}) from the {percent}% CI "
        f"{_num(low)} to {_num(high)}, n {_num(n)} (Cochrane Handbook 6.5.2.2)",
    )


def mean_sd_from_median(
    n: float,
    median: float | None = None,
    *,
    q1: float | None = None,
    q3: float | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    method: MedianMethod = MedianMethod.SHI,
) -> MeanSd:
    """Estimate a mean and SD from a median with its IQR, its range, or both."""
    _positive_n(n)
    if median is None:
        raise ExtractorError("a median is needed to estimate the mean")
    has_iqr = q1 is not None and q3 is not None
    has_range = minimum is not None and maximum is not None
    if (q1 is None) != (q3 is None) or (minimum is None) != (maximum is None):
        raise ExtractorError("give both quartiles, or both the minimum and the maximum")
    if not has_iqr and not has_range:
        raise ExtractorError("give the quartiles (Q1, Q3), the range (min, max) or both")
    ordered = [x for x in (minimum, q1, median, q3, maximum) if x is not None]
    if ordered != sorted(ordered):
        raise ExtractorError("min ≤ Q1 ≤ median ≤ Q3 ≤ max does not hold")
    if method is MedianMethod.HOZO:
        if has_iqr or minimum is None or maximum is None:
            raise ExtractorError("Hozo et al. (2005) works from the median and range alone")
        return _hozo(n, median, minimum, maximum)
    # ξ and η: the expected range and IQR of n standard normal values.
    xi = 2 * float(norm.ppf((n - 0.375) / (n + 0.25)))
    eta = 2 * float(norm.ppf((0.75 * n - 0.125) / (n + 0.25)))
    given = _given(n, median, q1, q3, minimum, maximum)
    if minimum is not None and maximum is not None and q1 is not None and q3 is not None:
        w1 = 2.2 / (2.2 + n**0.75)
        w2 = 0.7 - 0.72 / n**0.55
        mean = w1 * (minimum + maximum) / 2 + w2 * (q1 + q3) / 2 + (1 - w1 - w2) * median
        if method is MedianMethod.SHI:
            w = 1 / (1 + 0.07 * n**0.6)
            sd = w * (maximum - minimum) / xi + (1 - w) * (q3 - q1) / eta
            sd_source = "Shi et al. 2020 (range and IQR)"
        else:
            sd = ((maximum - minimum) / xi + (q3 - q1) / eta) / 2
            sd_source = "Wan et al. 2014 (range and IQR)"
        mean_source = "Luo et al. 2018 (median, IQR and range)"
    elif q1 is not None and q3 is not None:
        w = 0.7 + 0.39 / n
        mean = w * (q1 + q3) / 2 + (1 - w) * median
        sd = (q3 - q1) / eta
        mean_source, sd_source = "Luo et al. 2018 (median and IQR)", "Wan et al. 2014 (IQR)"
    else:
        assert minimum is not None and maximum is not None
        w = 4 / (4 + n**0.75)
        mean = w * (minimum + maximum) / 2 + (1 - w) * median
        sd = (maximum - minimum) / xi
        mean_source, sd_source = "Luo et al. 2018 (median and range)", "Wan et al. 2014 (range)"
    return MeanSd(
        Derived(mean, f"mean by {mean_source} from {given}"),
        Derived(sd, f"SD by {sd_source} from {given}"),
    )


def _hozo(n: float, median: float, minimum: float, maximum: float) -> MeanSd:
    given = _given(n, median, None, None, minimum, maximum)
    if n <= 25:
        mean = (minimum + 2 * median + maximum) / 4
        mean_rule = "(min + 2 × median + max) / 4"
    else:
        mean, mean_rule = median, "the median (n above 25)"
    if n <= 15:
        sd = math.sqrt(((minimum - 2 * median + maximum) ** 2 / 4 + (maximum - minimum) ** 2) / 12)
        sd_rule = "√(((min − 2 × median + max)² / 4 + range²) / 12)"
    elif n <= 70:
        sd, sd_rule = (maximum - minimum) / 4, "range / 4 (n 16 to 70)"
    else:
        sd, sd_rule = (maximum - minimum) / 6, "range / 6 (n above 70)"
    return MeanSd(
        Derived(mean, f"mean = {mean_rule}, Hozo et al. 2005, from {given}"),
        Derived(sd, f"SD = {sd_rule}, Hozo et al. 2005, from {given}"),
    )


def _given(
    n: float,
    median: float,
    q1: float | None,
    q3: float | None,
    minimum: float | None,
    maximum: float | None,
) -> str:
    parts = [f"median {_num(median)}"]
    if q1 is not None and q3 is not None:
        parts.append(f"IQR {_num(q1)} to {_num(q3)}")
    if minimum is not None and maximum is not None:
        parts.append(f"range {_num(minimum)} to {_num(maximum)}")
    return ", ".join(parts) + f", n {_num(n)}"


def combine_groups(
    n1: float, mean1: float, sd1: float, n2: float, mean2: float, sd2: float
) -> Combined:
    """Two groups as one (the Cochrane Handbook's Table 6.5.a)."""
    for n in (n1, n2):
        _positive_n(n)
    if sd1 < 0 or sd2 < 0:
        raise ExtractorError("an SD cannot be below 0")
    n = n1 + n2
    if n < 2:
        raise ExtractorError("two groups of one participant have no SD")
    mean = (n1 * mean1 + n2 * mean2) / n
    variance = ((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2 + n1 * n2 / n * (mean1 - mean2) ** 2) / (
        n - 1
    )
    return Combined(
        n,
        mean,
        math.sqrt(variance),
        f"two groups combined (Cochrane Handbook Table 6.5.a): n {_num(n1)} + {_num(n2)}, "
        f"mean {_num(mean1)} and {_num(mean2)}, SD {_num(sd1)} and {_num(sd2)}",
    )
