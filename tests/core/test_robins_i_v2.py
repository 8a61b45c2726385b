"""ROBINS-I V2 (20 November 2025): the algorithms of domains 3, 5 and 6, checked
against every combination of their signalling answers (domain 3 over each answer
that leads somewhere different), walked here as the flowcharts draw them, node by
node; and the overall rule over every combination of domain judgements."""

from __future__ import annotations

import itertools

from extractor.app.rob import builtin_instrument
from extractor.core.rob import CRITICAL, LOW, MODERATE, SERIOUS, propose

L, M, S, C = LOW, MODERATE, SERIOUS, CRITICAL
RANK = (L, M, S, C)

# Each node: the question it asks, and where each answer leads (another node or a
# judgement); as the guidance's flowcharts for domains 3 and 5 draw them.
D3_PART_A = {
    "3.1": ("d3_1", {("Y", "PY"): "3.2", ("WN", "NI"): M, ("SN",): S}),
    "3.2": ("d3_2", {("PN", "N", "NI", "NA"): L, ("Y", "PY"): M}),
}
D3_PART_B = {
    "3.3": ("d3_3", {("PN", "N"): L, ("NI",): M, ("Y", "PY"): "3.4"}),
    "3.4": ("d3_4", {("PN", "N"): L, ("NI",): M, ("Y", "PY", "NA"): "3.5"}),
    "3.5": ("d3_5", {("PN", "N", "NI", "NA"): M, ("Y", "PY"): S}),
}
D3_PART_C = {
    "3.6": ("d3_6", {("Y", "PY"): M, ("PN", "N", "NI", "NA"): "3.7"}),
    "3.7": ("d3_7", {("Y", "PY"): M, ("PN", "N", "NI", "NA"): "3.8"}),
    "3.8": ("d3_8", {("PN", "N", "NI", "NA"): S, ("Y", "PY"): C}),
}
D5 = {
    "5.1": ("d5_1", {("Y", "PY"): S, ("PN", "N"): "5.2 comparable", ("NI",): "5.2 unknown"}),
    "5.2 comparable": ("d5_2", {("PN", "N"): L, ("Y", "PY", "NI"): "5.3 comparable"}),
    "5.2 unknown": ("d5_2", {("PN", "N"): M, ("Y", "PY", "NI"): "5.3 unknown"}),
    "5.3 comparable": ("d5_3", {("PN", "N"): L, ("WY", "NI", "NA"): M, ("SY",): S}),
    "5.3 unknown": ("d5_3", {("WY", "PN", "N", "NI", "NA"): M, ("SY",): S}),
}


def walk(chart: dict, start: str, answers: dict[str, str]) -> str:
    node = start
    while node in chart:
        question, edges = chart[node]
        node = next(to for given, to in edges.items() if answers[question] in given)
    return node


def domain_3(answers: dict[str, str]) -> str:
    parts = max(walk(D3_PART_A, "3.1", answers), walk(D3_PART_B, "3.3", answers), key=RANK.index)
    return walk(D3_PART_C, "3.6", answers) if parts == S else parts


def domain_6(answers: dict[str, str]) -> str:
    if answers["d6_1"] in ("Y", "PY"):
        return L
    selected = [answers[q] for q in ("d6_2", "d6_3", "d6_4")]
    yes = sum(a in ("Y", "PY") for a in selected)
    unknown = selected.count("NI")
    if yes >= 2:
        return C
    if yes == 1 or unknown == 3:  # "one Y/PY, or all NI"
        return S
    return M if unknown else L


def options(robins, key: str) -> list[str]:
    return list(robins.form.field(key).options)


def every(robins, keys: list[str], narrowed: dict[str, tuple[str, ...]] | None = None):
    choices = [(narrowed or {}).get(k) or options(robins, k) for k in keys]
    for combination in itertools.product(*choices):
        yield dict(zip(keys, combination, strict=True))


def test_domain_3_every_combination_of_answers():
    robins = builtin_instrument("ROBINS-I-V2")
    keys = [f"d3_{n}" for n in range(1, 9)]
    # Y stands for Y and PY, N for PN and N: they lead to the same place everywhere.
    narrowed = {k: ("Y", "N", "NI", "NA") for k in keys[1:]}
    narrowed["d3_3"] = ("Y", "N", "NI")
    checked = 0
    for answers in every(robins, keys, narrowed):
        assert propose(robins, answers)["D3"] == domain_3(answers), answers
        checked += 1
    assert checked == 5 * 4 * 3 * 4**5


def test_domain_5_and_6_every_combination_of_answers():
    robins = builtin_instrument("ROBINS-I-V2")
    for answers in every(robins, ["d5_1", "d5_2", "d5_3"]):
        assert propose(robins, answers)["D5"] == walk(D5, "5.1", answers), answers
    for answers in every(robins, ["d6_1", "d6_2", "d6_3", "d6_4"]):
        assert propose(robins, answers)["D6"] == domain_6(answers), answers


def test_questions_not_reached_need_no_answer():
    robins = builtin_instrument("ROBINS-I-V2")
    assert propose(robins, {"d3_1": "SN", "d3_3": "N", "d3_6": "Y"})["D3"] == M
    assert propose(robins, {"d5_1": "Y"})["D5"] == S
    assert propose(robins, {"d6_1": "PY"})["D6"] == L
    assert propose(robins, {"d3_1": "Y"})["D3"] is None  # 3.2 is asked next


def test_domains_1_2_and_4_are_the_reviewers_and_the_overall_is_the_worst():
    robins = builtin_instrument("ROBINS-I-V2")
    assert [d.id for d in robins.bias_domains()] == ["D1", "D2", "D3", "D4", "D5", "D6"]
    every_answer = {f.key: f.options[0] for f in robins.form.scalar_fields() if f.options}
    proposed = propose(robins, every_answer)
    assert proposed["D1"] is None and proposed["D2"] is None and proposed["D4"] is None
    fields = [d.judgement for d in robins.bias_domains()]
    first = "Low (except for concerns about uncontrolled confounding)"
    for levels in itertools.product((first, M, S, C), (L, M, S, C), (L, S), (L, C), (L, M), (L,)):
        judged = dict(zip(fields, levels, strict=True))
        worst = max((L if level == first else level for level in levels), key=RANK.index)
        assert propose(robins, judged)["Overall"] == worst
    assert robins.read(first) == L
    assert "20 November 2025" in robins.form.extra["source_version"]
