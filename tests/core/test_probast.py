"""PROBAST (Wolff et al. 2019): each domain's rule checked against every combination
of its signalling answers, and the overall rule against every combination of domain
judgements."""

from __future__ import annotations

import itertools

import pymupdf

from extractor.app.rob import builtin_instrument
from extractor.core.rob import HIGH, LOW, UNCLEAR, propose
from extractor.core.rob_summary import Assessment
from extractor.reports.rob_figures import rob_pdf

ANSWERS = ("Y", "PY", "PN", "N", "NI", "NA")


def expected(answers: tuple[str, ...]) -> str:
    """The guidance in words: any no or probably no is high; else any no information is
    unclear; else (all yes or probably yes, questions that do not apply aside) low."""
    asked = [a for a in answers if a != "NA"]
    if any(a in ("N", "PN") for a in asked):
        return HIGH
    if "NI" in asked:
        return UNCLEAR
    return LOW


def test_every_combination_of_signalling_answers_gets_the_published_judgement():
    probast = builtin_instrument("PROBAST")
    checked = 0
    for domain in probast.bias_domains():
        # The analysis domain's nine questions: every combination of the answers that
        # lead to different judgements (yes, no, no information, not applicable).
        answers = ANSWERS if len(domain.questions) <= 6 else ("PY", "N", "NI", "NA")
        for combination in itertools.product(answers, repeat=len(domain.questions)):
            given = dict(zip(domain.questions, combination, strict=True))
            assert propose(probast, given)[domain.id] == expected(combination), given
            checked += 1
    assert checked == 6**2 + 6**3 + 6**6 + 4**9


def test_an_unanswered_question_proposes_nothing_yet():
    probast = builtin_instrument("PROBAST")
    assert propose(probast, {"d1_1": "Y"})["D1"] is None


def test_overall_is_low_only_when_every_domain_is_low():
    probast = builtin_instrument("PROBAST")
    domains = [d.id for d in probast.bias_domains()]
    for levels in itertools.product((LOW, HIGH, UNCLEAR), repeat=len(domains)):
        judged = {
            d.judgement: level for d, level in zip(probast.bias_domains(), levels, strict=True)
        }
        want = HIGH if HIGH in levels else LOW if set(levels) == {LOW} else UNCLEAR
        assert propose(probast, judged)["Overall"] == want


def test_the_instrument_names_its_source_and_draws_unclear_as_probast_says_it():
    probast = builtin_instrument("PROBAST")
    assert "Ann Intern Med. 2019;170(1):51-58" in probast.form.extra["source"]
    assert probast.form.extra["source_version"] == "PROBAST 2019"
    assert probast.per_result and [d.id for d in probast.applicability_domains()] == [
        "A1",
        "A2",
        "A3",
    ]
    assert probast.read("Unclear") == UNCLEAR and probast.levels()[:3] == (LOW, UNCLEAR, HIGH)
    rows = [
        Assessment(
            "Model study (mortality)",
            {"D1": LOW, "D2": UNCLEAR, "D3": LOW, "D4": HIGH, "Overall": HIGH,
             "A1": LOW, "A2": LOW, "A3": UNCLEAR},
        )
    ]  # fmt: skip
    with pymupdf.open(stream=rob_pdf(probast, rows), filetype="pdf") as document:
        traffic, summary = (" ".join(page.get_text().split()) for page in document)
    assert "D4: Analysis" in summary and "Unclear" in summary
    assert "Applicability concerns" in traffic


def test_the_overall_concern_about_applicability_is_proposed_and_a_departure_needs_its_reason():
    from extractor.core.rob import guidance

    probast = builtin_instrument("PROBAST")
    fields = [d.judgement for d in probast.applicability_domains()]
    for levels in itertools.product((LOW, HIGH, UNCLEAR), repeat=3):
        want = HIGH if HIGH in levels else LOW if set(levels) == {LOW} else UNCLEAR
        assert propose(probast, dict(zip(fields, levels, strict=True)))["Applicability"] == want
    given = dict(zip(fields, (LOW, HIGH, LOW), strict=True)) | {"overall_applicability": LOW}
    found = next(
        g for g in guidance(probast, given) if g.judgement_field == "overall_applicability"
    )
    assert (found.proposed, found.needs_reason) == (HIGH, True)
    given["overall_applicability_override"] = "the high concern is about a subgroup we do not use"
    found = next(
        g for g in guidance(probast, given) if g.judgement_field == "overall_applicability"
    )
    assert not found.needs_reason
    assert "overall_applicability_override" in probast.overrides_asked()


def test_a_probast_form_saved_without_the_applicability_reason_asks_for_none():
    from dataclasses import replace

    from extractor.core.forms import Section
    from extractor.core.rob import Instrument, guidance

    probast = builtin_instrument("PROBAST")
    form = probast.form
    sections = tuple(
        Section(s.title, tuple(f for f in s.fields if f.key != "overall_applicability_override"))
        for s in form.sections
    )
    older = Instrument.of(replace(form, sections=sections))
    given = {"a1_judgement": LOW, "a2_judgement": HIGH, "a3_judgement": LOW}
    given["overall_applicability"] = LOW
    assert not any(g.needs_reason for g in guidance(older, given))
    assert "overall_applicability_override" not in older.overrides_asked()
