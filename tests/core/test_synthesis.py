import pytest

from extractor.core.errors import ExtractorError
from extractor.core.forms import parse_form
from extractor.core.model import ExtractionData
from extractor.core.synthesis import synthesis

from helpers import sourced

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
    sourced("Case series", study("induced", 12.0, ("Infliximab", 7, None), ("Adalimumab", 1, 0))),
    sourced("Report A", study("induced", None, ("infliximab", 1, 1))),
    sourced("Report B", study("treatment", 6.0, ("Rituximab", 1, 1))),
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


def test_values_in_conflict_or_not_extracted_are_counted_apart_from_the_studys_silence():
    open_study = sourced(
        "Open",
        study("induced", None, ("Infliximab", None, 2)),
        open_cells=frozenset({"arms[1].patients"}),
        complete=False,
    )
    silent = sourced("Silent", study("induced", None, ("Infliximab", 3, 1)), complete=True)
    unfinished = sourced("Unfinished", study("induced", None, ("Infliximab", 4, None)))
    (row,) = synthesis(FORM, ["arms.agent"], [open_study, silent, unfinished])
    assert (row["patients"], row["patients_missing"], row["patients_in_conflict"]) == (7, 1, 1)
    assert (row["improved_missing"], row["improved_not_extracted"]) == (1, 1)
    # follow-up: not reported by "Silent" (complete), not extracted in the other two
    assert (row["follow_up_missing"], row["follow_up_not_extracted"]) == (3, 2)
    assert row["follow_up_in_conflict"] == 0


def test_a_grouping_value_in_conflict_is_its_own_group_never_not_reported():
    open_study = sourced(
        "Open",
        study("induced", None, (None, 2, 2)),
        open_cells=frozenset({"arms[1].agent"}),
    )
    (row,) = synthesis(FORM, ["arms.agent"], [open_study])
    assert row["arms.agent"] == "[in conflict]" and row["patients"] == 2
