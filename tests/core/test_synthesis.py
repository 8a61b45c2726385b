import pytest

from extractor.core.errors import ExtractorError
from extractor.core.forms import parse_form
from extractor.core.model import ExtractionData
from extractor.core.synthesis import synthesis

FORM = parse_form(
    {
        "key": "f",
        "name": "F",
        "sections": [
            {
                "title": "S",
                "fields": [
                    {"key": "category", "type": "choice", "options": ["treatment", "induced"]},
                    {"key": "follow_up", "type": "decimal"},
                    {
                        "key": "arms",
                        "type": "group",
                        "fields": [
                            {"key": "agent", "type": "text"},
                            {"key": "patients", "type": "integer"},
                            {"key": "improved", "type": "integer"},
                        ],
                    },
                ],
            }
        ],
    },
    "f.json",
)


def study(category, follow_up, *arms):
    rows = [{"agent": a, "patients": p, "improved": i} for a, p, i in arms]
    return ExtractionData({"category": category, "follow_up": follow_up}, {"arms": rows})


STUDIES = [
    ("Case series", study("induced", 12.0, ("Infliximab", 7, None), ("Adalimumab", 1, 0))),
    ("Report A", study("induced", None, ("infliximab", 1, 1))),
    ("Report B", study("treatment", 6.0, ("Rituximab", 1, 1))),
]


def test_a_study_with_two_arms_adds_each_arm_to_its_own_row():
    rows = synthesis(FORM, ["arms.agent"], STUDIES)
    by_agent = {row["arms.agent"]: row for row in rows}
    assert by_agent["Infliximab"]["studies"] == 2  # "infliximab" joins "Infliximab"
    assert by_agent["Infliximab"]["patients"] == 8
    assert by_agent["Infliximab"]["improved"] == 1
    assert by_agent["Infliximab"]["improved_missing"] == 1
    assert by_agent["Adalimumab"]["patients"] == 1 and by_agent["Adalimumab"]["studies"] == 1


def test_study_level_numbers_give_n_median_mean_and_missing():
    rows = synthesis(FORM, ["category"], STUDIES)
    induced = next(row for row in rows if row["category"] == "induced")
    assert induced["studies"] == 2
    assert (induced["follow_up_n"], induced["follow_up_missing"]) == (1, 1)
    assert induced["follow_up_median"] == 12 and induced["follow_up_mean"] == 12.0
    assert "patients" not in induced  # no group among the keys: no sums per arm


def test_grouping_by_two_keys_and_bad_keys():
    rows = synthesis(FORM, ["category", "arms.agent"], STUDIES)
    assert [(r["category"], r["arms.agent"]) for r in rows] == [
        ("induced", "Infliximab"),
        ("induced", "Adalimumab"),
        ("treatment", "Rituximab"),
    ]
    with pytest.raises(ExtractorError, match=r"no field 'arms\.dose'"):
        synthesis(FORM, ["arms.dose"], STUDIES)
