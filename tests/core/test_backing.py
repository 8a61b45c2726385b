"""The quotes behind a consensus: each value traced to a reviewer who gave it."""

from extractor.core.backing import backing_evidence
from extractor.core.consensus import merge
from extractor.core.model import Evidence, ExtractionData


def quote(words):
    return [Evidence("doc", 1, ((0.0, 0.0, 1.0, 1.0),), words)]


def test_each_value_of_a_consensus_keeps_the_quote_of_a_reviewer_who_gave_it(small_form):
    ann = ExtractionData(
        {"country": "Switzerland", "design": "Case series"},
        {"arms": [{"agent": "Rituximab", "patients": 2}, {"agent": "Belimumab", "patients": 6}]},
        {
            "country": quote("in Switzerland"),
            "arms[1].patients": quote("two on rituximab"),
            "arms[2].patients": quote("six on belimumab"),
        },
    )
    bob = ExtractionData(
        {"country": "Austria", "design": "Case series"},
        # The same arms entered the other way round, and the belimumab arm's count
        # quoted by Bob only.
        {"arms": [{"agent": "Belimumab", "patients": 6}, {"agent": "Rituximab", "patients": 3}]},
        {"design": quote("a series of cases"), "arms[1].patients": quote("belimumab: 6")},
    )
    merged = merge(small_form, ann, bob, {})
    found = backing_evidence(small_form, merged.data, merged.open_cells, [ann, bob])
    rows = merged.data.groups["arms"]
    belimumab = next(n for n, row in enumerate(rows, 1) if row["agent"] == "Belimumab")
    rituximab = next(n for n, row in enumerate(rows, 1) if row["agent"] == "Rituximab")
    assert "country" not in found  # in conflict: no value, so no quote stands for one
    assert found["design"] == quote("a series of cases")  # Ann gave none; Bob did
    assert found[f"arms[{belimumab}].patients"] == quote("six on belimumab")  # by agent
    assert f"arms[{rituximab}].patients" not in found  # 2 against 3: in conflict


def test_the_consensus_own_quotes_come_first(small_form):
    ann = ExtractionData({"country": "Chile"}, evidence={"country": quote("Chile")})
    own = ExtractionData({"country": "Chile"}, evidence={"country": quote("Santiago, Chile")})
    found = backing_evidence(small_form, own, set(), [ann, ann])
    assert found == {"country": quote("Santiago, Chile")}
