"""The team's verdict from two reviewers' screening decisions, agreement per stage, and
the PRISMA counts a log gives."""

from __future__ import annotations

import pytest

from extractor.core.prisma_log import NOT_RECORDED, flow
from extractor.core.screening import (
    EXCLUDE,
    FULL_TEXT,
    INCLUDE,
    MAYBE,
    TITLE_ABSTRACT,
    Decision,
    Record,
    State,
    decision_of,
    screened,
    stage_agreement,
    stage_of,
    verdict,
)

A, B, C = "alice", "bob", "consensus"


def both(stage, a, b, a_reason="", b_reason=""):
    return verdict(stage, [Decision(A, a, a_reason), Decision(B, b, b_reason)], C)


@pytest.mark.parametrize(
    ("a", "b", "state"),
    [
        (INCLUDE, INCLUDE, State.INCLUDED),
        (INCLUDE, MAYBE, State.INCLUDED),  # maybe means: read the full text
        (MAYBE, MAYBE, State.INCLUDED),
        (EXCLUDE, EXCLUDE, State.EXCLUDED),
        (INCLUDE, EXCLUDE, State.CONFLICT),
        (MAYBE, EXCLUDE, State.CONFLICT),
    ],
)
def test_title_and_abstract_sends_on_unless_excluded(a, b, state):
    assert both(TITLE_ABSTRACT, a, b).state == state
    assert both(TITLE_ABSTRACT, b, a).state == state


@pytest.mark.parametrize(
    ("a", "b", "reasons", "state", "why"),
    [
        (INCLUDE, INCLUDE, ("", ""), State.INCLUDED, ""),
        (EXCLUDE, EXCLUDE, ("Wrong population", "wrong  population "), State.CONFLICT,
         "excluded for different reasons"),
        (EXCLUDE, EXCLUDE, ("Wrong population", "wrong population"), State.EXCLUDED, ""),
        (EXCLUDE, EXCLUDE, ("Wrong population", "Insufficient data"), State.CONFLICT,
         "excluded for different reasons"),
        (INCLUDE, MAYBE, ("", ""), State.CONFLICT, "unsure at full text"),
        (INCLUDE, EXCLUDE, ("", "Wrong population"), State.CONFLICT, "one includes, one excludes"),
    ],
)  # fmt: skip
def test_full_text_settles_only_on_one_decision_and_one_reason(a, b, reasons, state, why):
    found = both(FULL_TEXT, a, b, *reasons)
    assert (found.state, found.why) == (state, why)


def test_one_decision_awaits_the_second_and_the_consensus_settles_any():
    assert verdict(TITLE_ABSTRACT, [Decision(A, INCLUDE)], C).state == State.AWAITING
    resolved = verdict(
        FULL_TEXT,
        [Decision(A, INCLUDE), Decision(B, EXCLUDE, "Wrong population"),
         Decision(C, EXCLUDE, "Insufficient data")],
        C,
    )  # fmt: skip
    assert (resolved.state, resolved.reason, resolved.resolved) == (
        State.EXCLUDED,
        "Insufficient data",
        True,
    )


def test_stages_and_decisions_as_typed():
    assert (stage_of("TA"), stage_of("full text"), stage_of("ft")) == (
        TITLE_ABSTRACT,
        FULL_TEXT,
        FULL_TEXT,
    )
    assert [decision_of(x) for x in ("Y", "no", "?", "Include")] == [
        INCLUDE,
        EXCLUDE,
        MAYBE,
        INCLUDE,
    ]
    with pytest.raises(ValueError, match="not a decision"):
        decision_of("perhaps")


def test_agreement_kappa_and_ac1_as_computed_by_hand():
    """40 both include, 45 both exclude, 10 and 5 split: po 0.85, pe 0.5, kappa 0.7;
    AC1 over three answers: pe = 2 * 0.475 * 0.525 / 2 = 0.249375."""
    split = (
        [(INCLUDE, INCLUDE)] * 40
        + [(EXCLUDE, EXCLUDE)] * 45
        + [(INCLUDE, EXCLUDE)] * 10
        + [(EXCLUDE, INCLUDE)] * 5
    )
    records = [
        Record(str(n), ("MEDLINE",), {TITLE_ABSTRACT: (Decision(A, a), Decision(B, b))})
        for n, (a, b) in enumerate(split)
    ]
    found = stage_agreement(TITLE_ABSTRACT, records, A, B)
    assert (found.compared, found.agreed, found.percent) == (100, 85, 85.0)
    assert found.kappa == pytest.approx(0.7)
    assert found.ac1 == pytest.approx(round(0.600625 / 0.750625, 4))


def test_full_text_agreement_counts_two_reasons_as_disagreeing():
    records = [
        Record("1", (), {FULL_TEXT: (Decision(A, EXCLUDE, "Age"), Decision(B, EXCLUDE, "Data"))}),
        Record("2", (), {FULL_TEXT: (Decision(A, INCLUDE), Decision(B, INCLUDE))}),
    ]
    found = stage_agreement(FULL_TEXT, records, A, B, reasons=3)
    assert (found.compared, found.agreed) == (2, 1)


def record(n, sources, ta, ft=None, not_retrieved=False, study=None):
    decisions = {TITLE_ABSTRACT: (Decision(A, ta), Decision(B, ta))}
    if ft:
        decision, reason = ft
        decisions[FULL_TEXT] = (Decision(A, decision, reason), Decision(B, decision, reason))
    return screened(Record(str(n), sources, decisions, not_retrieved, study), C)


def test_flow_counts_registers_retrieval_reports_of_one_study_and_gaps():
    records = [
        record(1, ("MEDLINE", "Embase"), INCLUDE, (INCLUDE, ""), study="s1"),
        record(2, ("Embase",), INCLUDE, (INCLUDE, ""), study="s1"),  # a second report
        record(3, ("ClinicalTrials.gov",), INCLUDE, (EXCLUDE, "Wrong design")),
        record(4, ("MEDLINE",), INCLUDE, not_retrieved=True),
        record(5, ("MEDLINE",), EXCLUDE),
        record(6, (), INCLUDE, (EXCLUDE, "Age")),
        screened(Record("7", ("Embase",), {TITLE_ABSTRACT: (Decision(A, INCLUDE),)}), C),
    ]
    found = flow(records, reasons=["Wrong design", "Age"])
    counts = found.counts
    assert counts.lists["database_specific_results"] == [
        ("MEDLINE", 3),
        ("Embase", 3),
        (NOT_RECORDED, 1),
    ]
    assert counts.lists["register_specific_results"] == [("ClinicalTrials.gov", 1)]
    assert counts.numbers == {
        "database_results": 7,
        "register_results": 1,
        "duplicates": 1,
        "records_screened": 7,
        "records_excluded": 1,
        "dbr_sought_reports": 5,
        "dbr_notretrieved_reports": 1,
        "dbr_assessed": 4,
        "new_studies": 1,
        "new_reports": 2,
    }
    assert counts.lists["dbr_excluded"] == [("Wrong design", 1), ("Age", 1)]
    assert found.gaps == [
        "1 record not yet screened by both reviewers at title and abstract",
        "1 record with no database recorded",
    ]


def test_one_reason_however_spelt_counts_once_as_the_list_spells_it():
    records = [
        record(1, ("MEDLINE",), INCLUDE, (EXCLUDE, "wrong  population ")),
        record(2, ("MEDLINE",), INCLUDE, (EXCLUDE, "Wrong population")),
        record(3, ("MEDLINE",), INCLUDE, (EXCLUDE, "Case report")),
    ]
    found = flow(records, reasons=["Wrong Population"])
    assert found.counts.lists["dbr_excluded"] == [("Wrong Population", 2), ("Case report", 1)]
