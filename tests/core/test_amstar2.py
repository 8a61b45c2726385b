"""AMSTAR 2 (Shea et al. 2017): the overall confidence checked against every pattern
of "No" answers over the sixteen items (the only answers the rating reads), and
drawn in the tool's own words."""

from __future__ import annotations

import itertools

import pymupdf

from extractor.app.rob import builtin_instrument
from extractor.core.rob import CRITICAL, HIGH, LOW, NOT_APPLICABLE, SOME, propose
from extractor.core.rob_summary import Assessment
from extractor.reports.rob_figures import rob_pdf

CRITICAL_ITEMS = {2, 4, 7, 9, 11, 13, 15}


def rating(no: set[int]) -> str:
    flaws = len(no & CRITICAL_ITEMS)
    weaknesses = len(no - CRITICAL_ITEMS)
    if flaws >= 2:
        return "Critically low"
    if flaws == 1:
        return "Low"
    return "Moderate" if weaknesses >= 2 else "High"


def test_every_pattern_of_flaws_and_weaknesses_gets_its_rating():
    amstar = builtin_instrument("AMSTAR-2")
    items = amstar.bias_domains()
    assert len(items) == 16
    answers_met = {d.judgement: "Yes" for d in items}
    for pattern in itertools.product((False, True), repeat=16):
        given = dict(answers_met)
        no = {n for n, said_no in enumerate(pattern, start=1) if said_no}
        for n in no:
            given[f"d{n}_judgement"] = "No"
        assert propose(amstar, given)["Overall"] == rating(no)


def test_partial_yes_and_no_meta_analysis_are_no_weakness():
    amstar = builtin_instrument("AMSTAR-2")
    given = {d.judgement: "Yes" for d in amstar.bias_domains()}
    given.update({"d2_judgement": "Partial yes", "d11_judgement": "No meta-analysis conducted"})
    given.update({"d15_judgement": "No meta-analysis conducted", "d8_judgement": "Partial yes"})
    assert propose(amstar, given)["Overall"] == "High"
    del given["d16_judgement"]
    assert propose(amstar, given)["Overall"] is None  # not every item answered yet


def test_answers_and_ratings_read_as_levels_and_are_drawn_in_the_tools_words():
    amstar = builtin_instrument("AMSTAR-2")
    assert [amstar.read(a) for a in ("Yes", "Partial yes", "No", "No meta-analysis conducted")] == [
        LOW, SOME, HIGH, NOT_APPLICABLE,
    ]  # fmt: skip
    assert [amstar.read(r) for r in ("High", "Moderate", "Low", "Critically low")] == [
        LOW, SOME, HIGH, CRITICAL,
    ]  # fmt: skip
    assert "BMJ. 2017;358:j4008" in amstar.form.extra["source"]
    judged = {f"D{n}": "Yes" for n in range(1, 17)} | {"D4": "Partial yes", "D11": "No"}
    rows = [
        Assessment("Review A", {k: amstar.read(v) for k, v in judged.items()} | {"Overall": HIGH})
    ]
    with pymupdf.open(stream=rob_pdf(amstar, rows), filetype="pdf") as document:
        traffic, summary = (" ".join(page.get_text().split()) for page in document)
    assert "Confidence (AMSTAR-2)" in traffic
    assert "Yes; high confidence" in traffic and "No; low confidence" in traffic
    assert "Overall confidence" in summary and "Overall risk of bias" not in summary
    assert "D4: Comprehensive literature search (critical)" in summary
