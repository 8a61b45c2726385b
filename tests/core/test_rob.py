"""The published decision rules, path by path, and the summary shares by hand."""

import pytest

from extractor.app.rob import builtin_instrument
from extractor.core.errors import ExtractorError
from extractor.core.rob import CRITICAL, HIGH, LOW, MODERATE, NO_INFO, SOME, VERY_HIGH, propose
from extractor.core.rob_summary import Assessment, shares

ROB2 = builtin_instrument("ROB2")


def d(domain, **answers):
    values = {f"{domain.lower()}_{k[1:]}": v for k, v in answers.items()}
    return propose(ROB2, values)[domain]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"q1": "Y", "q2": "Y", "q3": "N"}, LOW),
        ({"q1": "NI", "q2": "PY", "q3": "NI"}, LOW),
        ({"q1": "N", "q2": "Y", "q3": "PN"}, SOME),  # concealed, but not random
        ({"q1": "Y", "q2": "Y", "q3": "Y"}, SOME),  # baseline imbalance
        ({"q1": "Y", "q2": "NI", "q3": "N"}, SOME),
        ({"q1": "Y", "q2": "NI", "q3": "PY"}, HIGH),
        ({"q1": "Y", "q2": "N", "q3": "N"}, HIGH),
        ({"q1": "Y", "q2": "Y"}, None),  # not finished
    ],
)
def test_rob2_domain_1(answers, expected):
    assert d("D1", **answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"q1": "N", "q2": "N", "q6": "Y"}, LOW),  # blinded, ITT
        ({"q1": "Y", "q2": "N", "q3": "N", "q6": "PY"}, LOW),  # aware, no trial-context deviations
        ({"q1": "Y", "q2": "Y", "q3": "NI", "q6": "Y"}, SOME),
        ({"q1": "Y", "q2": "Y", "q3": "Y", "q4": "N", "q6": "Y"}, SOME),
        ({"q1": "Y", "q2": "Y", "q3": "Y", "q4": "Y", "q5": "Y", "q6": "Y"}, SOME),
        ({"q1": "Y", "q2": "Y", "q3": "Y", "q4": "Y", "q5": "N", "q6": "Y"}, HIGH),
        ({"q1": "N", "q2": "N", "q6": "N", "q7": "N"}, SOME),  # not ITT, little impact
        ({"q1": "N", "q2": "N", "q6": "N", "q7": "Y"}, HIGH),
        ({"q1": "N", "q2": "N", "q6": "NI", "q7": "NI"}, HIGH),
        ({"q1": "Y", "q2": "Y", "q3": "Y", "q6": "Y"}, None),
    ],
)
def test_rob2_domain_2(answers, expected):
    assert d("D2", **answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"q1": "Y"}, LOW),
        ({"q1": "N", "q2": "PY"}, LOW),
        ({"q1": "N", "q2": "N", "q3": "PN"}, LOW),
        ({"q1": "NI", "q2": "N", "q3": "Y", "q4": "N"}, SOME),
        ({"q1": "N", "q2": "N", "q3": "NI", "q4": "Y"}, HIGH),
        ({"q1": "N", "q2": "N", "q3": "Y", "q4": "NI"}, HIGH),
    ],
)
def test_rob2_domain_3(answers, expected):
    assert d("D3", **answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"q1": "Y", "q2": "N", "q3": "N"}, HIGH),
        ({"q1": "N", "q2": "PY", "q3": "N"}, HIGH),
        ({"q1": "N", "q2": "N", "q3": "N"}, LOW),
        ({"q1": "NI", "q2": "N", "q3": "N"}, SOME),
        ({"q1": "N", "q2": "N", "q3": "Y", "q4": "N"}, LOW),
        ({"q1": "N", "q2": "NI", "q3": "Y", "q4": "PN"}, SOME),
        ({"q1": "N", "q2": "N", "q3": "Y", "q4": "Y", "q5": "N"}, SOME),
        ({"q1": "N", "q2": "N", "q3": "NI", "q4": "NI", "q5": "PY"}, HIGH),
    ],
)
def test_rob2_domain_4(answers, expected):
    assert d("D4", **answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"q1": "Y", "q2": "N", "q3": "N"}, LOW),
        ({"q1": "N", "q2": "N", "q3": "PN"}, SOME),
        ({"q1": "Y", "q2": "NI", "q3": "N"}, SOME),
        ({"q1": "Y", "q2": "PY", "q3": "N"}, HIGH),
        ({"q1": "Y", "q2": "N", "q3": "Y"}, HIGH),
    ],
)
def test_rob2_domain_5(answers, expected):
    assert d("D5", **answers) == expected


def test_rob2_overall_and_recorded_judgements_win():
    low = {f"d{i}_judgement": "Low" for i in range(1, 6)}
    assert propose(ROB2, low)["Overall"] == LOW
    assert propose(ROB2, low | {"d3_judgement": "Some concerns"})["Overall"] == SOME
    assert (
        propose(ROB2, low | {"d3_judgement": "Some concerns", "d5_judgement": "High"})["Overall"]
        == HIGH
    )
    assert propose(ROB2, {"d1_judgement": "Low"})["Overall"] is None  # not every domain judged


def test_robins_i_overall_rules():
    robins = builtin_instrument("ROBINS-I")

    def overall(*levels):
        return propose(
            robins, {f"d{i}_judgement": level for i, level in enumerate(levels, start=1)}
        )["Overall"]

    assert overall(*["Low"] * 7) == LOW
    assert overall("Low", "Moderate", *["Low"] * 5) == MODERATE
    assert overall("Serious", "Moderate", *["Low"] * 5) == "Serious"
    assert overall("Serious", "Critical", *["Low"] * 5) == "Critical"
    assert overall("No information", "Moderate", *["Low"] * 5) == NO_INFO
    assert overall("No information", "Serious", *["Low"] * 5) == "Serious"


def test_robins_e_overall_is_the_worst_domain_in_the_2023_levels():
    robins_e = builtin_instrument("ROBINS-E")

    def overall(*levels):
        return propose(
            robins_e, {f"d{i}_judgement": level for i, level in enumerate(levels, start=1)}
        )["Overall"]

    assert robins_e.levels() == (LOW, SOME, HIGH, VERY_HIGH, NO_INFO, "Not applicable")
    assert overall(*["Low"] * 7) == LOW
    assert overall("Some concerns", *["Low"] * 6) == SOME
    assert overall("Some concerns", "High", *["Low"] * 5) == HIGH
    assert overall("Very high", "High", *["Low"] * 5) == VERY_HIGH
    assert overall("No information", "Some concerns", *["Low"] * 5) == NO_INFO
    assert overall("No information", "High", *["Low"] * 5) == HIGH


def test_quadas2_all_yes_means_low():
    quadas = builtin_instrument("QUADAS-2")
    proposed = propose(
        quadas,
        {
            "d1_1": "Yes",
            "d1_2": "Yes",
            "d1_3": "Yes",
            "d2_1": "Yes",
            "d2_2": "No",
            "d3_1": "Yes",
            "d3_2": "Unclear",
        },
    )
    assert (proposed["D1"], proposed["D2"], proposed["D3"], proposed["D4"]) == (
        LOW,
        HIGH,
        "Unclear",
        None,
    )
    assert quadas.read("Unclear") == SOME and [a.id for a in quadas.applicability_domains()] == [
        "A1",
        "A2",
        "A3",
    ]


def test_robvis_reading_by_first_letter():
    robins = builtin_instrument("ROBINS-I")
    assert [
        ROB2.read(t)
        for t in ("low", "Some concerns", "high risk", "No information", "not applicable")
    ] == [LOW, SOME, HIGH, NO_INFO, "Not applicable"]
    assert [robins.read(t) for t in ("Serious", "critical", "Moderate", "Unclear")] == [
        "Serious",
        "Critical",
        MODERATE,
        MODERATE,
    ]


@pytest.mark.parametrize(
    ("tool", "given", "read"),
    [
        # robvis's generic tool reads "Serious" as High, "Moderate" and "Unclear" as
        # Some concerns (rob_summary_generic), and keeps Critical and No information.
        ("Generic", "Serious", HIGH),
        ("Generic", "Moderate", SOME),
        ("Generic", "Unclear", SOME),
        ("Generic", "Critical", CRITICAL),
        ("Generic", "No information", NO_INFO),
        ("ROBINS-E", "Very high", VERY_HIGH),
        ("ROBINS-E", "Some concerns", SOME),
        ("ROBINS-I", "Serious risk of bias", "Serious"),
        ("QUIPS", "Unclear", MODERATE),
    ],
)
def test_each_tool_reads_judgements_as_robvis_does(tool, given, read):
    assert builtin_instrument(tool).judge(given) == read


@pytest.mark.parametrize(
    ("tool", "given"),
    [
        ("ROBINS-E", "Serious"),  # ROBINS-I's level, not the 2023 ROBINS-E's
        ("ROBINS-E", "Moderate"),
        ("ROBINS-E", "Critical"),
        ("ROBINS-I", "Some concerns"),  # robvis would draw it as Serious
        ("ROB2", "Very high"),
        ("QUIPS", "Some concerns"),
    ],
)
def test_a_level_of_another_tool_is_refused_with_the_tools_own(tool, given):
    used = builtin_instrument(tool)
    with pytest.raises(ExtractorError) as refused:
        used.judge(given)
    assert f"'{given}' is not a judgement of {tool}" in str(refused.value)
    assert ", ".join(used.levels()) in str(refused.value)


def test_summary_shares_by_hand_weighted_and_not():
    rows = [
        Assessment("A", {"D1": LOW, "Overall": LOW}, weight=10),
        Assessment("B", {"D1": NO_INFO, "Overall": SOME}, weight=30),
        Assessment("C", {"D1": HIGH, "Overall": HIGH}, weight=60),
        Assessment("D", {"D1": LOW, "Overall": HIGH}, weight=0),
    ]
    plain = {e["domain"]: e["shares"] for e in shares(ROB2, rows, weighted=False)}
    assert plain["D1"] == {LOW: 50.0, HIGH: 25.0, NO_INFO: 25.0}  # No information counts
    assert plain["Overall"] == {LOW: 25.0, SOME: 25.0, HIGH: 50.0}
    weighted = {e["domain"]: e["shares"] for e in shares(ROB2, rows, weighted=True)}
    assert weighted["D1"] == {LOW: 10.0, HIGH: 60.0, NO_INFO: 30.0}
    assert weighted["Overall"] == {LOW: 10.0, SOME: 30.0, HIGH: 60.0}
    assert weighted["D2"] == {}


@pytest.mark.parametrize(
    "tool", ["ROB2", "ROBINS-I", "ROBINS-E", "QUADAS-2", "QUIPS", "JBI-CR", "JBI-CS", "Generic"]
)
def test_every_instrument_names_fields_that_exist(tool):
    used = builtin_instrument(tool)
    keys = {f.key for f in used.form.scalar_fields()}
    assert used.tool == tool and used.domains
    for domain in used.domains:
        assert domain.judgement in keys and domain.override in keys
        assert set(domain.questions) <= keys
    assert {"overall_judgement", "overall_override", "weight"} <= keys
    if tool == "ROB2":
        assert used.form.field("d1_1").options == ("Y", "PY", "PN", "N", "NI")


def test_a_tool_is_registered_once_with_its_rules(monkeypatch):
    from extractor.core.rob import REGISTRY, Tool

    generic = builtin_instrument("Generic")
    assert propose(generic, {})["Overall"] is None  # no published rule
    monkeypatch.setitem(REGISTRY, "Generic", Tool("Generic", "generic_rob", overall_rule=max))
    judged = {d.judgement: LOW for d in generic.bias_domains()} | {"d1_judgement": "Some"}
    assert propose(generic, judged)["Overall"] == "Some"


def test_every_palette_offered_is_one_the_figures_draw():
    from extractor.app.rob import PALETTE_NAMES
    from extractor.reports.rob_figures import PALETTES

    assert set(PALETTE_NAMES) == set(PALETTES)
