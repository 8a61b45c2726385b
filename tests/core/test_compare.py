from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from extractor.core.compare import align_rows, aligned_rows, compare, normalise_text
from extractor.core.forms import parse_form
from extractor.core.model import ExtractionData

FORM = parse_form(
    {
        "key": "f",
        "name": "F",
        "sections": [
            {
                "title": "S",
                "fields": [
                    {"key": "country", "type": "text"},
                    {"key": "dose", "type": "decimal"},
                    {"key": "sites", "type": "multichoice", "options": ["liver", "gut"]},
                    {"key": "when", "type": "date"},
                    {
                        "key": "arms",
                        "type": "group",
                        "key_field": "agent",
                        "fields": [
                            {"key": "agent", "type": "text"},
                            {"key": "patients", "type": "integer"},
                        ],
                    },
                ],
            }
        ],
    },
    "f.json",
)


def data(values=None, arms=None) -> ExtractionData:
    return ExtractionData(values=values or {}, groups={"arms": arms or []})


def test_text_is_compared_after_normalisation():
    assert normalise_text("ﬁbrosis\u00a0 Grade") == "fibrosis grade"
    assert compare(FORM, data({"country": "Switzerland"}), data({"country": " switzerland"})) == []
    [conflict] = compare(FORM, data({"country": "Switzerland"}), data({"country": "Germany"}))
    assert (conflict.path, conflict.a, conflict.b) == ("country", "Switzerland", "Germany")


def test_numbers_sets_and_dates_by_their_meaning():
    a = data({"dose": 2.0, "sites": ["liver", "gut"], "when": "2020-01-05"})
    b = data({"dose": 2, "sites": ["gut", "liver"], "when": "2020-01-05"})
    assert compare(FORM, a, b) == []


def test_an_answer_against_an_empty_field_is_a_conflict():
    [conflict] = compare(FORM, data({"dose": 5.0}), data())
    assert (conflict.path, conflict.a, conflict.b) == ("dose", 5.0, None)


def test_an_added_arm_is_one_conflict_not_a_cascade():
    a = data(arms=[{"agent": "Infliximab", "patients": 7}])
    b = data(arms=[{"agent": "Adalimumab", "patients": 1}, {"agent": "infliximab", "patients": 7}])
    [conflict] = compare(FORM, a, b)
    assert conflict.path == "arms[1]"  # aligned rows keep the order they were listed in
    assert conflict.a is None and conflict.b == {"agent": "Adalimumab", "patients": 1}


def test_rows_without_matching_keys_pair_by_order():
    a = data(arms=[{"agent": "Rituximab", "patients": 6}])
    b = data(arms=[{"agent": "Rituxmab", "patients": 6}])
    [conflict] = compare(FORM, a, b)
    assert conflict.path == "arms[1].agent"


values = st.fixed_dictionaries(
    {},
    optional={
        "country": st.sampled_from(["Spain", "spain ", "Canada", ""]),
        "dose": st.sampled_from([1.0, 2.0, 2.5]),
        "sites": st.lists(st.sampled_from(["liver", "gut"]), unique=True),
    },
)
arms = st.lists(
    st.fixed_dictionaries(
        {
            "agent": st.sampled_from(["Infliximab", "Adalimumab", None]),
            "patients": st.integers(0, 3) | st.none(),
        }
    ),
    max_size=4,
)
extractions = st.builds(data, values, arms)


@given(extractions)
def test_a_value_never_conflicts_with_itself(extraction):
    assert compare(FORM, extraction, extraction) == []


def unordered(conflicts):
    return Counter((c.field, frozenset([repr(c.a), repr(c.b)])) for c in conflicts)


@given(extractions, extractions)
def test_swapping_the_reviewers_gives_the_same_conflicts(a, b):
    assert unordered(compare(FORM, a, b)) == unordered(compare(FORM, b, a))


def test_rows_entered_in_different_orders_follow_the_lead_reviewers_order():
    def arm(agent, patients):
        return {"agent": agent, "patients": patients}

    lead = [arm("Infliximab", 7), arm("Adalimumab", 1), arm("Rituximab", 2)]
    other = [arm("Rituximab", 2), arm("Tocilizumab", 1), arm("Infliximab", 7), arm("Adalimumab", 1)]
    pairs = sorted(aligned_rows(FORM.field("arms"), lead, other), key=lambda pair: pair[2])
    agents = [(a or b)["agent"] for a, b, _ in pairs]
    # The lead's order; the row only the other entered follows the one they put before it.
    assert agents == ["Infliximab", "Adalimumab", "Rituximab", "Tocilizumab"]
    assert [a is not None and b is not None for a, b, _ in pairs] == [True, True, True, False]
    # The conflicts' row numbers stay in the earliest-row order decisions are stored under.
    earliest = [(a or b)["agent"] for a, b in align_rows(FORM.field("arms"), lead, other)]
    assert earliest == ["Infliximab", "Rituximab", "Tocilizumab", "Adalimumab"]


def test_a_consensus_of_three_arms_entered_in_different_orders_keeps_the_lead_order():
    from extractor.core.consensus import merge

    arms = [{"agent": name, "patients": n} for name, n in (("A1", 1), ("B2", 2), ("C3", 3))]
    lead, other = data(arms=arms), data(arms=[arms[2], arms[0], arms[1]])
    merged = merge(FORM, lead, other, {})
    assert [row["agent"] for row in merged.data.groups["arms"]] == ["A1", "B2", "C3"]
    assert merged.open == []


def test_a_decision_stays_with_its_row_when_the_consensus_follows_the_lead_order():
    from extractor.core.consensus import merge

    def arm(agent, patients):
        return {"agent": agent, "patients": patients}

    lead = data(arms=[arm("A1", 1), arm("B2", 2), arm("C3", 3)])
    other = data(arms=[arm("C3", 30), arm("A1", 1), arm("B2", 2)])
    conflict = next(c for c in compare(FORM, lead, other) if c.field == "arms.patients")
    merged = merge(FORM, lead, other, {conflict.path: 3})
    assert [(r["agent"], r["patients"]) for r in merged.data.groups["arms"]] == [
        ("A1", 1),
        ("B2", 2),
        ("C3", 3),
    ]
    undecided = merge(FORM, lead, other, {})
    assert undecided.open_cells == {"arms[3].patients"}  # numbered as the consensus holds it
