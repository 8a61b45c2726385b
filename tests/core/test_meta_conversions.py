"""The calculators: the Cochrane Handbook's SD formulas, and means and SDs from
medians as metafor's conv.fivenum computes them (values from metafor's source,
run once in R)."""

from __future__ import annotations

import math

import pytest

from extractor.core.errors import ExtractorError
from extractor.core.meta.conversions import (
    MedianMethod,
    combine_groups,
    mean_sd_from_median,
    sd_from_ci,
    sd_from_se,
)

SUMMARIES = {
    "range": {"minimum": 2, "maximum": 40},
    "iqr": {"q1": 12, "q3": 21},
    "both": {"minimum": 2, "q1": 12, "q3": 21, "maximum": 40},
}


@pytest.mark.parametrize(
    ("method", "given", "mean", "sd"),
    [
        (MedianMethod.LUO_WAN, "range", 16.4269906803, 9.3124412771),
        (MedianMethod.LUO_WAN, "iqr", 16.0695000000, 7.0057819691),
        (MedianMethod.LUO_WAN, "both", 16.7625655838, 8.1591116231),
        (MedianMethod.SHI, "range", 16.4269906803, 9.3124412771),
        (MedianMethod.SHI, "iqr", 16.0695000000, 7.0057819691),
        (MedianMethod.SHI, "both", 16.7625655838, 8.5048493765),
        (MedianMethod.HOZO, "range", 15.0, 9.5),
    ],
)
def test_mean_and_sd_from_a_median_of_30(method, given, mean, sd):
    result = mean_sd_from_median(30, 15, method=method, **SUMMARIES[given])
    assert result.mean.value == pytest.approx(mean, abs=1e-9)
    assert result.sd.value == pytest.approx(sd, abs=1e-9)


def test_each_derivation_names_its_source_and_inputs():
    result = mean_sd_from_median(30, 15, method=MedianMethod.SHI, **SUMMARIES["both"])
    assert result.mean.method == (
        "mean by Luo et al. 2018 (median, IQR and range) from median 15, IQR 12 to 21, "
        "range 2 to 40, n 30"
    )
    assert result.sd.method.startswith("SD by Shi et al. 2020 (range and IQR)")
    wan = mean_sd_from_median(30, 15, method=MedianMethod.LUO_WAN, **SUMMARIES["iqr"])
    assert wan.sd.method.startswith("SD by Wan et al. 2014 (IQR)")


@pytest.mark.parametrize(
    ("n", "median", "low", "high", "mean", "sd"),
    [(12, 15, 2, 40, 18.0, 11.1055541660), (100, 30, 10, 70, 30.0, 10.0)],
)
def test_hozo_takes_its_rule_by_sample_size(n, median, low, high, mean, sd):
    result = mean_sd_from_median(n, median, minimum=low, maximum=high, method=MedianMethod.HOZO)
    assert (result.mean.value, result.sd.value) == pytest.approx((mean, sd), abs=1e-9)
    assert "Hozo et al. 2005" in result.sd.method


def test_sd_from_se_is_se_times_root_n():
    derived = sd_from_se(2.3, 25)
    assert derived.value == pytest.approx(11.5)
    assert derived.method == "SD = SE × √n (SE 2.3, n 25)"


def test_sd_from_a_ci_uses_t_below_60_and_z_from_60():
    small = sd_from_ci(1.2, 3.4, 25)
    # The Handbook: for n = 25, 3.92 becomes 2 × t(0.975, 24) = 4.128.
    assert small.value == pytest.approx(5 * 2.2 / 4.1278, abs=1e-4)
    assert "t(24 df) 2.0639" in small.method
    large = sd_from_ci(10.0, 12.0, 100)
    assert large.value == pytest.approx(10 * 2 / 3.919928, abs=1e-6)
    assert "z 1.9600" in large.method
    ninety = sd_from_ci(10.0, 12.0, 100, level=0.90)
    assert ninety.value == pytest.approx(10 * 2 / (2 * 1.6448536), abs=1e-6)


def test_two_subgroups_combined_as_the_handbook_says():
    combined = combine_groups(20, 10, 2, 30, 12, 3)
    assert combined.n == 50
    assert combined.mean == pytest.approx(11.2)
    expected = math.sqrt((19 * 4 + 29 * 9 + 20 * 30 / 50 * 4) / 49)
    assert combined.sd == pytest.approx(expected)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: sd_from_se(-1, 10), "SE must be above 0"),
        (lambda: sd_from_se(1, 10.5), "whole number"),
        (lambda: sd_from_ci(3, 1, 20), "not above"),
        (lambda: mean_sd_from_median(20, 5, q1=6, q3=9), "does not hold"),
        (lambda: mean_sd_from_median(20, 5, q1=3), "both quartiles"),
        (lambda: mean_sd_from_median(20, 5), "quartiles"),
        (lambda: mean_sd_from_median(20, 5, q1=3, q3=9, method=MedianMethod.HOZO), "range alone"),
    ],
)
def test_impossible_inputs_are_refused_with_the_reason(call, message):
    with pytest.raises(ExtractorError, match=message):
        call()


@pytest.mark.parametrize(("n", "expected_range"), [(10, 3.078), (30, 4.086), (50, 4.498)])
def test_the_range_rule_is_within_a_percent_of_wan_et_al_s_table(n, expected_range):
    """Wan et al. (2014), Table 1: ξ(n), the expected range of n standard normal values
    (exact for n ≤ 50); the formula metafor and we use approximates it."""
    found = mean_sd_from_median(n, 50.0, minimum=20.0, maximum=80.0, method=MedianMethod.LUO_WAN)
    assert 60.0 / found.sd.value == pytest.approx(expected_range, rel=0.006)
