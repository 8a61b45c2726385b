"""Typing-error checks on outcome rows: warnings with reasons, never refusals."""

from __future__ import annotations

from extractor.core.outcome_checks import outcome_warnings
from outcome_form import OUTCOME_FORM

FORM = OUTCOME_FORM


def field(key):
    return FORM.field(key)


def arm(arm, **values):
    return {"outcome": "Pain", "timepoint": "6 weeks", "arm": arm, **values}


def test_events_above_the_total():
    found = outcome_warnings(field("d"), [arm("A", events=12, n=10), arm("B", events=3, n=10)])
    assert found == {1: ["events (12) above the total (10)"]}


def test_sd_and_se_must_be_above_zero_and_the_ci_must_hold_the_mean():
    found = outcome_warnings(
        field("c"), [arm("A", n=20, mean=5.0, sd=0.0, ci_low=6.0, ci_high=8.0)]
    )
    assert found[1] == [
        "the SD is 0; it must be above 0",
        "the CI 6 to 8 does not contain the mean 5",
    ]


def test_an_se_typed_as_an_sd_is_caught_by_the_other_arm():
    rows = [arm("A", n=100, mean=5.0, sd=1.1), arm("B", n=100, mean=6.0, sd=10.5)]
    found = outcome_warnings(field("c"), rows)
    assert list(found) == [1]
    assert found[1][0].startswith("the SD (1.1) looks like an SE: × √n gives 11")
    assert "near the SD of B (10.5)" in found[1][0]
    # Arms of another outcome are not compared.
    other = [arm("A", n=100, sd=1.1), {**arm("B", n=100, sd=10.5), "outcome": "Function"}]
    assert outcome_warnings(field("c"), other) == {}


def test_an_se_not_smaller_than_the_sd():
    found = outcome_warnings(field("c"), [arm("A", n=30, sd=2.0, se=2.0)])
    assert found == {1: ["the SE (2) is not smaller than the SD (2): is one the other?"]}


def test_arms_adding_up_above_the_study_s_n():
    rows = [arm("A", events=1, n=60), arm("B", events=2, n=50)]
    found = outcome_warnings(field("d"), rows, study_n=100)
    assert found == {
        1: ["the arms' n add up to 110, above the study's N 100"],
        2: ["the arms' n add up to 110, above the study's N 100"],
    }
    assert outcome_warnings(field("d"), rows, study_n=110) == {}


def test_a_reported_ratio_and_its_ci():
    rows = [
        {
            "outcome": "Death",
            "arm": "A vs B",
            "measure": "HR",
            "estimate": -0.2,
            "ci_low": -0.5,
            "ci_high": 0.1,
        }
    ]
    found = outcome_warnings(field("e"), rows)
    assert "a HR and its CI are above 0 (give the ratio, not its log)" in found[1]
    fine = [
        {
            "outcome": "Death",
            "arm": "A vs B",
            "measure": "HR",
            "estimate": 0.8,
            "ci_low": 0.6,
            "ci_high": 1.1,
        }
    ]
    assert outcome_warnings(field("e"), fine) == {}


def test_the_five_numbers_in_order():
    found = outcome_warnings(field("c"), [arm("A", n=30, median=5.0, q1=6.0, q3=9.0)])
    assert found == {1: ["min ≤ Q1 ≤ median ≤ Q3 ≤ max does not hold"]}
