from extractor.core.consensus import merge
from extractor.core.forms import parse_form
from extractor.core.model import ExtractionData, Status

FORM = parse_form(
    {
        "key": "f",
        "name": "F",
        "sections": [
            {
                "title": "S",
                "fields": [
                    {"key": "country", "type": "text"},
                    {"key": "design", "type": "choice", "options": ["RCT", "Cohort"]},
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
A = ExtractionData(
    {"country": "Spain", "design": "RCT"}, {"arms": [{"agent": "Infliximab", "patients": 7}]}
)
B = ExtractionData(
    {"country": "spain", "design": "Cohort"},
    {"arms": [{"agent": "Adalimumab", "patients": 1}, {"agent": "Infliximab", "patients": 8}]},
)


def test_agreed_fields_fill_the_consensus_and_the_rest_waits():
    merged = merge(FORM, A, B, {})
    assert merged.data.values == {"country": "Spain"}
    assert merged.open == ["design", "arms[1]", "arms[2].patients"]
    assert merged.data.groups["arms"] == [{"agent": "Infliximab", "patients": None}]
    assert merged.data.status is Status.IN_PROGRESS


def test_resolutions_complete_the_consensus():
    decided = {
        "design": "RCT",
        "arms[1]": {"agent": "Adalimumab", "patients": 1},
        "arms[2].patients": 7,
    }
    merged = merge(FORM, A, B, decided)
    assert merged.open == []
    assert merged.data.values == {"country": "Spain", "design": "RCT"}
    assert merged.data.groups["arms"] == [
        {"agent": "Adalimumab", "patients": 1},
        {"agent": "Infliximab", "patients": 7},
    ]
    assert merged.data.status is Status.COMPLETE
    dropped = merge(FORM, A, B, {**decided, "arms[1]": None})
    assert [row["agent"] for row in dropped.data.groups["arms"]] == ["Infliximab"]
