"""Outcome rows as outputs see them: table cells, long records, analysis inputs."""

from __future__ import annotations

import pytest

from extractor.core.meta.effect_sizes import ArmCounts, Measure
from extractor.core.model import ExtractionData, Status
from extractor.core.outcome_data import long_records, outcome_rows, study_input, summary_lines
from outcome_form import OUTCOME_FORM

from helpers import sourced

FORM = OUTCOME_FORM


def data(**groups):
    return ExtractionData(groups=groups)


DEATH = [
    {"outcome": "Death", "timepoint": "12 months", "arm": "Drug", "events": 4, "n": 50},
    {"outcome": "Death", "timepoint": "12 months", "arm": "Placebo", "events": 9, "n": 51},
]


def test_a_table_cell_says_each_outcome_in_one_line():
    item = sourced(
        "Smith 2020",
        data(
            d=DEATH,
            c=[
                {"outcome": "Pain", "arm": "Drug", "mean": 3.5, "sd": 1.2, "n": 50, "unit": "VAS"},
                {"outcome": "Pain", "arm": "Placebo", "median": 5.0, "q1": 3.0, "q3": 7.0, "n": 51},
            ],
            e=[
                {
                    "outcome": "Death",
                    "arm": "Drug vs Placebo",
                    "measure": "HR",
                    "estimate": 0.6,
                    "ci_low": 0.4,
                    "ci_high": 0.9,
                }
            ],
        ),
    )
    assert summary_lines(item, FORM.field("d")) == ["Death (12 months): Drug 4/50; Placebo 9/51"]
    assert summary_lines(item, FORM.field("c")) == [
        "Pain: Drug mean 3.5 (SD 1.2), n = 50 VAS; Placebo median 5 [3–7], n = 51"
    ]
    assert summary_lines(item, FORM.field("e")) == ["Death: Drug vs Placebo HR 0.6 (0.4 to 0.9)"]


def test_values_in_conflict_say_so_everywhere():
    item = sourced("Smith 2020", data(d=DEATH), open_cells=frozenset({"d[1].events"}))
    assert summary_lines(item, FORM.field("d")) == [
        "Death (12 months): Drug [in conflict]/50; Placebo 9/51"
    ]
    [drug, _] = long_records([item], FORM)
    assert drug["events"] == "[in conflict]"
    found = study_input(
        item, outcome_rows([item], FORM), measure=Measure.RR, outcome="death",
        timepoint=None, experimental="drug", control="placebo",
    )  # fmt: skip
    assert found.missing == "in conflict: Drug events"


def test_a_study_without_outcome_rows_is_not_extracted_or_not_reported():
    started = sourced("Jones 2019", data())
    [record] = long_records([started], FORM)
    assert (record["study"], record["outcome"]) == ("Jones 2019", "[not extracted]")
    done = sourced("Jones 2019", ExtractionData(status=Status.COMPLETE))
    assert long_records([done], FORM) == []
    found = study_input(
        done, [], measure=Measure.OR, outcome="Death", timepoint=None,
        experimental="Drug", control="Placebo",
    )  # fmt: skip
    assert found.missing == "not reported"


def test_arms_are_found_by_name_whatever_the_case_and_time_point():
    item = sourced("Smith 2020", data(d=DEATH))
    rows = outcome_rows([item], FORM)
    found = study_input(
        item, rows, measure=Measure.OR, outcome="DEATH", timepoint="12 Months",
        experimental="placebo", control="drug",
    )  # fmt: skip
    assert (found.experimental, found.control) == (ArmCounts(9, 51), ArmCounts(4, 50))
    other = study_input(
        item, rows, measure=Measure.OR, outcome="Death", timepoint="6 months",
        experimental="Drug", control="Placebo",
    )  # fmt: skip
    assert other.missing == "not extracted"


TWO_TIMES = [
    {"outcome": "Death", "timepoint": "6 months", "arm": "Drug", "events": 2, "n": 50},
    {"outcome": "Death", "timepoint": "12 months", "arm": "Placebo", "events": 10, "n": 50},
    {"outcome": "Death", "timepoint": "12 months", "arm": "Drug", "events": 8, "n": 50},
    {"outcome": "Death", "timepoint": "6 months", "arm": "Placebo", "events": 3, "n": 50},
]


def test_both_arms_come_from_one_time_point():
    item = sourced("Smith 2020", data(d=TWO_TIMES))
    rows = outcome_rows([item], FORM)

    def at(timepoint):
        return study_input(
            item, rows, measure=Measure.OR, outcome="Death", timepoint=timepoint,
            experimental="Drug", control="Placebo",
        )  # fmt: skip

    assert (at("6 months").experimental, at("6 months").control) == (
        ArmCounts(2, 50),
        ArmCounts(3, 50),
    )
    assert at("12 months").control == ArmCounts(10, 50)
    assert at(None).missing == "several time points (12 months, 6 months): choose one"
    only_once = sourced("Jones 2019", data(d=TWO_TIMES[:2]))
    found = study_input(
        only_once, outcome_rows([only_once], FORM), measure=Measure.OR, outcome="Death",
        timepoint=None, experimental="Drug", control="Placebo",
    )  # fmt: skip
    assert found.missing == "the arms are at different time points (12 months, 6 months)"


def test_a_reported_estimate_is_read_as_a_95_percent_ci_whatever_the_analysis_level():
    estimate = {"outcome": "Death", "arm": "Drug vs Placebo", "measure": "RD", "estimate": -0.02}
    item = sourced("Smith 2020", data(e=[{**estimate, "ci_low": -0.04, "ci_high": -0.001}]))
    found = study_input(
        item, outcome_rows([item], FORM), measure=Measure.RD, outcome="Death", timepoint=None,
        experimental="Drug", control="Placebo",
    )  # fmt: skip
    assert found.reported is not None
    assert found.reported.se == pytest.approx(0.039 / (2 * 1.959964), rel=1e-6)
    broken = sourced(
        "Jones",
        data(e=[{**estimate, "measure": "OR", "estimate": 0.5, "ci_low": 0.3, "ci_high": 0.0}]),
    )
    found = study_input(
        broken, outcome_rows([broken], FORM), measure=Measure.OR, outcome="Death",
        timepoint=None, experimental="Drug", control="Placebo",
    )  # fmt: skip
    assert found.missing == "the CI's lower limit 0.3 is above its upper limit 0"
