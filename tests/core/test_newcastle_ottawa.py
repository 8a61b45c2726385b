"""The Newcastle-Ottawa Scale, cohort and case-control: each domain's stars checked
against every combination of its answers, and the AHRQ thresholds (good, fair, poor as
low, some concerns, high) against every combination of domain judgements."""

from __future__ import annotations

import itertools

import pytest

from extractor.app.rob import builtin_instrument
from extractor.core.rob import HIGH, LOW, SOME, propose
from extractor.core.rob_rules import stars

THRESHOLDS = {"D1": (3, 2), "D2": (1, 1), "D3": (2, 2)}  # good from, fair from


@pytest.mark.parametrize("tool", ["NOS", "NOS-CC"])
def test_every_combination_of_answers_gets_its_stars_judged(tool):
    scale = builtin_instrument(tool)
    options = {f.key: f.options for f in scale.form.scalar_fields()}
    most = {"D1": 4, "D2": 2, "D3": 3}
    for domain in scale.bias_domains():
        seen = set()
        for combination in itertools.product(*(options[q] for q in domain.questions)):
            given = dict(zip(domain.questions, combination, strict=True))
            count = sum(option.count("★") for option in combination)
            seen.add(count)
            good, fair = THRESHOLDS[domain.id]
            want = LOW if count >= good else SOME if count >= fair else HIGH
            assert propose(scale, given)[domain.id] == want, given
        assert seen == set(range(most[domain.id] + 1))  # every count the scale can give


def test_the_overall_follows_the_ahrq_standards():
    scale = builtin_instrument("NOS")
    fields = [d.judgement for d in scale.bias_domains()]
    for levels in itertools.product((LOW, SOME, HIGH), repeat=3):
        judged = dict(zip(fields, levels, strict=True))
        want = HIGH if HIGH in levels else SOME if SOME in levels else LOW
        assert propose(scale, judged)["Overall"] == want


def test_stars_are_the_ones_an_answer_begins_with():
    assert [stars(a) for a in ("★★ Both", "★ Yes", "No", None, "Yes ★")] == [2, 1, 0, 0, 0]


@pytest.mark.parametrize("tool", ["NOS", "NOS-CC", "PROBAST"])
def test_each_new_instrument_names_its_source_and_version(tool):
    form = builtin_instrument(tool).form
    assert form.extra["source"] and form.extra["source_version"]
