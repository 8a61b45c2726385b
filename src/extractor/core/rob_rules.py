"""The published rules that propose a risk-of-bias judgement from the answers to
an instrument's signalling questions, and the levels they speak in."""

from __future__ import annotations

from collections.abc import Callable, Mapping

LOW, SOME, HIGH = "Low", "Some concerns", "High"
MODERATE, SERIOUS, CRITICAL, NO_INFO, NOT_APPLICABLE = (
    "Moderate",
    "Serious",
    "Critical",
    "No information",
    "Not applicable",
)
UNCLEAR = "Unclear"
VERY_HIGH = "Very high"  # ROBINS-E's worst level (the 2023 tool)
# Every level, from the least risk to the most, then the levels that are no judgement
# of risk: the order of every legend and share.
ORDER = (
    LOW,
    SOME,
    MODERATE,
    UNCLEAR,
    HIGH,
    SERIOUS,
    VERY_HIGH,
    CRITICAL,
    NO_INFO,
    NOT_APPLICABLE,
)
YES, PROBABLY_YES, PROBABLY_NO, NO, NI = "Y", "PY", "PN", "N", "NI"

# A domain rule reads the answers to one domain's questions; an overall rule the
# judgements of the bias domains. Either returns None when it cannot decide yet.
DomainRule = Callable[[str, Mapping[str, object]], str | None]
OverallRule = Callable[[list[str]], str]


# RoB 2 (Sterne et al., BMJ 2019;366:l4898): the algorithms of the guidance.


def _yes(value: object) -> bool:
    return value in (YES, PROBABLY_YES)


def _no(value: object) -> bool:
    return value in (NO, PROBABLY_NO)


def _rob2_d1(a: Mapping[str, object]) -> str | None:
    random, concealed, imbalance = a.get("d1_1"), a.get("d1_2"), a.get("d1_3")
    if concealed is None or imbalance is None:
        return None
    if _no(concealed):
        return HIGH
    if concealed == NI:
        return HIGH if _yes(imbalance) else SOME
    if _yes(imbalance):
        return SOME
    return SOME if _no(random) else LOW


def _rob2_d2(a: Mapping[str, object]) -> str | None:
    aware = [a.get("d2_1"), a.get("d2_2")]
    if any(v is None for v in aware) or a.get("d2_6") is None:
        return None
    if all(_no(v) for v in aware):
        part1 = LOW
    else:
        context = a.get("d2_3")
        if _no(context):
            part1 = LOW
        elif context == NI:
            part1 = SOME
        elif _yes(context):
            affected, balanced = a.get("d2_4"), a.get("d2_5")
            if affected is None or (not _no(affected) and balanced is None):
                return None
            part1 = SOME if _no(affected) or _yes(balanced) else HIGH
        else:
            return None
    if _yes(a.get("d2_6")):
        part2 = LOW
    else:
        impact = a.get("d2_7")
        if impact is None:
            return None
        part2 = SOME if _no(impact) else HIGH
    if HIGH in (part1, part2):
        return HIGH
    return LOW if part1 == part2 == LOW else SOME


def _rob2_d3(a: Mapping[str, object]) -> str | None:
    complete = a.get("d3_1")
    if complete is None:
        return None
    if _yes(complete):
        return LOW
    evidence = a.get("d3_2")
    if _yes(evidence):
        return LOW
    depends = a.get("d3_3")
    if evidence is None or depends is None:
        return None
    if _no(depends):
        return LOW
    likely = a.get("d3_4")
    if likely is None:
        return None
    return SOME if _no(likely) else HIGH


def _rob2_d4(a: Mapping[str, object]) -> str | None:
    method, differ, aware = a.get("d4_1"), a.get("d4_2"), a.get("d4_3")
    if method is None or differ is None:
        return None
    if _yes(method) or _yes(differ):
        return HIGH
    unsure = NI in (method, differ)  # at best some concerns
    if aware is None:
        return None
    if _no(aware):
        return SOME if unsure else LOW
    influenced = a.get("d4_4")
    if influenced is None:
        return None
    if _no(influenced):
        return SOME if unsure else LOW
    likely = a.get("d4_5")
    if likely is None:
        return None
    return SOME if _no(likely) else HIGH


def _rob2_d5(a: Mapping[str, object]) -> str | None:
    plan, measures, analyses = a.get("d5_1"), a.get("d5_2"), a.get("d5_3")
    if measures is None or analyses is None:
        return None
    if _yes(measures) or _yes(analyses):
        return HIGH
    if NI in (measures, analyses):
        return SOME
    if plan is None:
        return None
    return LOW if _yes(plan) else SOME


def rob2_domain(domain_id: str, answers: Mapping[str, object]) -> str | None:
    rules = {"D1": _rob2_d1, "D2": _rob2_d2, "D3": _rob2_d3, "D4": _rob2_d4, "D5": _rob2_d5}
    return rules[domain_id](answers) if domain_id in rules else None


def rob2_overall(judgements: list[str]) -> str:
    """High if any domain is high; low only if all are low; else some concerns.
    (The guidance also allows high for several some-concerns domains: a
    reviewer's call, made by overriding with a reason.)"""
    if HIGH in judgements:
        return HIGH
    return LOW if all(j == LOW for j in judgements) else SOME


def robins_overall(judgements: list[str]) -> str:
    """ROBINS-I's rules: the worst domain sets the overall judgement, and missing
    information in a domain, with none serious or critical, gives no information."""
    if CRITICAL in judgements:
        return CRITICAL
    if SERIOUS in judgements:
        return SERIOUS
    if NO_INFO in judgements:
        return NO_INFO
    if MODERATE in judgements:
        return MODERATE
    return LOW


def robins_e_overall(judgements: list[str]) -> str:
    """ROBINS-E's rules (2023): the worst domain sets the overall judgement, and
    missing information in a domain, with none high or very high, gives no
    information. (The guidance also allows very high for several high domains: a
    reviewer's call, made by overriding with a reason.)"""
    for level in (VERY_HIGH, HIGH, NO_INFO, SOME):
        if level in judgements:
            return level
    return LOW


# ROBINS-E's levels before the 2023 tool, as ROBINS-I names them, and the level of
# the same rank each became.
ROBINS_E_2023 = {MODERATE: SOME, SERIOUS: HIGH, CRITICAL: VERY_HIGH}


def quadas_domain(_domain_id: str, answers: Mapping[str, object]) -> str | None:
    """QUADAS-2: all signalling questions yes is low; any no is high; else unclear."""
    values = list(answers.values())
    if any(v is None for v in values):
        return None
    if all(v == "Yes" for v in values):
        return LOW
    return HIGH if "No" in values else UNCLEAR


# PROBAST (Wolff et al., Ann Intern Med 2019;170:51-58): a domain is low when every
# signalling question is answered yes or probably yes, high when any is no or probably
# no, else unclear (no information); a question that does not apply to the study (the
# development-only questions of a validation) is left out. Overall: low when every
# domain is low, high when any is high, else unclear.

NOT_APPLICABLE_ANSWER = "NA"


def probast_domain(_domain_id: str, answers: Mapping[str, object]) -> str | None:
    values = [v for v in answers.values() if v != NOT_APPLICABLE_ANSWER]
    if any(v is None for v in values):
        return None
    if any(_no(v) for v in values):
        return HIGH
    if any(v == NI for v in values):
        return UNCLEAR
    return LOW


def probast_overall(judgements: list[str]) -> str:
    if HIGH in judgements:
        return HIGH
    return LOW if all(j == LOW for j in judgements) else UNCLEAR


# The Newcastle-Ottawa Scale (Wells et al.): a star for each criterion met, an answer
# whose text begins with its stars ("★ Secure record", "★★ Controls for ..."). The
# AHRQ thresholds turn each domain's stars into a level: selection 3-4 good (low),
# 2 fair (some concerns), 0-1 poor (high); comparability 1-2 good, 0 poor; outcome
# (or exposure) 2-3 good, 0-1 poor. Overall: poor if any domain is, else fair if
# any is, else good.

STAR = "\u2605"
NOS_GOOD_FROM = {"D1": (3, 2), "D2": (1, 1), "D3": (2, 2)}  # domain: (good from, fair from)


def stars(answer: object) -> int:
    """The stars an answer of the scale awards: those it begins with."""
    text = str(answer or "")
    return len(text) - len(text.lstrip(STAR))


def nos_domain(domain_id: str, answers: Mapping[str, object]) -> str | None:
    if domain_id not in NOS_GOOD_FROM or any(v is None for v in answers.values()):
        return None
    count = sum(stars(v) for v in answers.values())
    good, fair = NOS_GOOD_FROM[domain_id]
    return LOW if count >= good else SOME if count >= fair else HIGH


def nos_overall(judgements: list[str]) -> str:
    for level in (HIGH, SOME):
        if level in judgements:
            return level
    return LOW


# AMSTAR 2 (Shea et al., BMJ 2017;358:j4008): the overall confidence in a review's
# results from its items' answers (in item order): a "No" to a critical item (2, 4, 7,
# 9, 11, 13, 15) is a critical flaw, to another item a non-critical weakness. High:
# no or one non-critical weakness; moderate: more than one; low: one critical flaw;
# critically low: more than one. "Partial yes" is no weakness.

AMSTAR_CRITICAL_ITEMS = frozenset({2, 4, 7, 9, 11, 13, 15})
AMSTAR_HIGH, AMSTAR_MODERATE, AMSTAR_LOW, AMSTAR_CRITICALLY_LOW = (
    "High",
    "Moderate",
    "Low",
    "Critically low",
)


def amstar_overall(answers: list[str]) -> str:
    said_no = [n for n, answer in enumerate(answers, start=1) if answer.strip().casefold() == "no"]
    flaws = sum(1 for n in said_no if n in AMSTAR_CRITICAL_ITEMS)
    weaknesses = len(said_no) - flaws
    if flaws > 1:
        return AMSTAR_CRITICALLY_LOW
    if flaws == 1:
        return AMSTAR_LOW
    return AMSTAR_MODERATE if weaknesses > 1 else AMSTAR_HIGH


# ROBINS-I V2 (Sterne, Higgins et al., version of 20 November 2025, for follow-up
# studies): the algorithms of domains 3 (selection of participants), 5 (measurement of
# the outcome) and 6 (selection of the reported result), whose flowcharts read the same
# in every transcription; domains 1, 2 and 4 are judged by the reviewer (their
# flowcharts are published as images whose transcriptions disagree). Answers beyond
# Y, PY, PN, N and NI: WN "no, but probably not substantial", SN "no, and probably
# substantial", WY "yes, but probably not substantial", SY "yes, substantially".
WEAK_NO, STRONG_NO, WEAK_YES, STRONG_YES = "WN", "SN", "WY", "SY"
SEVERITY = (LOW, MODERATE, SERIOUS, CRITICAL)


def _worst(*levels: str) -> str:
    return max(levels, key=SEVERITY.index)


def _robins2_d3(a: Mapping[str, object]) -> str | None:
    start = a.get("d3_1")  # part A: follow-up from the start of the strategies
    if start is None:
        return None
    if _yes(start):
        excluded = a.get("d3_2")
        if excluded is None:
            return None
        part_a = MODERATE if _yes(excluded) else LOW
    else:
        part_a = SERIOUS if start == STRONG_NO else MODERATE  # WN or NI
    part_b = _robins2_d3_selected(a)  # part B: selection after the start
    if part_b is None:
        return None
    found = _worst(part_a, part_b)
    if found != SERIOUS:
        return found
    for question in ("d3_6", "d3_7"):  # part C: corrected, or shown minimal
        answer = a.get(question)
        if answer is None:
            return None
        if _yes(answer):
            return MODERATE
    severe = a.get("d3_8")
    if severe is None:
        return None
    return CRITICAL if _yes(severe) else SERIOUS


def _robins2_d3_selected(a: Mapping[str, object]) -> str | None:
    for question in ("d3_3", "d3_4"):
        answer = a.get(question)
        if answer is None:
            return None
        if _no(answer):
            return LOW
        if answer == NI:
            return MODERATE
    influenced = a.get("d3_5")
    if influenced is None:
        return None
    return SERIOUS if _yes(influenced) else MODERATE


def _robins2_d5(a: Mapping[str, object]) -> str | None:
    differed, aware = a.get("d5_1"), a.get("d5_2")
    if differed is None:
        return None
    if _yes(differed):
        return SERIOUS
    unknown = differed == NI
    if aware is None:
        return None
    if _no(aware):
        return MODERATE if unknown else LOW
    influenced = a.get("d5_3")
    if influenced is None:
        return None
    if influenced == STRONG_YES:
        return SERIOUS
    if unknown:
        return MODERATE
    return LOW if _no(influenced) else MODERATE  # WY or NI


def _robins2_d6(a: Mapping[str, object]) -> str | None:
    planned = a.get("d6_1")
    if planned is None:
        return None
    if _yes(planned):
        return LOW
    selected = [a.get(q) for q in ("d6_2", "d6_3", "d6_4")]
    if any(v is None for v in selected):
        return None
    yes = sum(1 for v in selected if _yes(v))
    unknown = sum(1 for v in selected if v == NI)
    if yes >= 2:
        return CRITICAL
    if yes == 1 or unknown == len(selected):
        return SERIOUS
    return MODERATE if unknown else LOW


def robins_i_v2_domain(domain_id: str, answers: Mapping[str, object]) -> str | None:
    rules = {"D3": _robins2_d3, "D5": _robins2_d5, "D6": _robins2_d6}
    return rules[domain_id](answers) if domain_id in rules else None


def robins_i_v2_overall(judgements: list[str]) -> str:
    """The worst domain sets the overall judgement ("Low (except for concerns about
    uncontrolled confounding)" counting as low)."""
    levels = [LOW if j.casefold().startswith("low") else j for j in judgements]
    return _worst(LOW, *(level for level in levels if level in SEVERITY))
