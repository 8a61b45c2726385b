"""Risk-of-bias instruments: their domains, their judgements, and the published
rules that propose a judgement from the answers.

An instrument is a form of kind "rob" whose definition also names the tool, its
judgement levels and its domains (each with its signalling questions and the
fields `<id>_judgement`, `<id>_support`, `<id>_override`), and an overall
judgement. Rules exist for RoB 2 (every domain and the overall), ROBINS-I and
ROBINS-E (the overall) and QUADAS-2 (risk-of-bias domains: all yes is low).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from extractor.core.errors import ExtractorError
from extractor.core.forms import Form, FormKind

TOOLS = ("ROB2", "ROBINS-I", "ROBINS-E", "QUADAS-2", "QUIPS", "JBI-CR", "JBI-CS", "Generic")
LOW, SOME, HIGH = "Low", "Some concerns", "High"
MODERATE, SERIOUS, CRITICAL, NO_INFO, NOT_APPLICABLE = (
    "Moderate",
    "Serious",
    "Critical",
    "No information",
    "Not applicable",
)
UNCLEAR = "Unclear"
YES, PROBABLY_YES, PROBABLY_NO, NO, NI = "Y", "PY", "PN", "N", "NI"


@dataclass(frozen=True)
class Domain:
    id: str  # D1, ..., A1 for QUADAS-2 applicability
    name: str
    questions: tuple[str, ...]
    kind: str  # "bias" or "applicability"

    @property
    def judgement(self) -> str:
        return f"{self.id.lower()}_judgement"

    @property
    def override(self) -> str:
        return f"{self.id.lower()}_override"


@dataclass(frozen=True)
class Instrument:
    form: Form
    tool: str
    judgements: tuple[str, ...]
    domains: tuple[Domain, ...]
    per_result: bool
    checklist: bool

    @classmethod
    def of(cls, form: Form) -> Instrument:
        extra = form.extra
        tool = extra.get("tool")
        if form.kind is not FormKind.ROB or tool not in TOOLS:
            raise ExtractorError(f"form '{form.key}' is not a risk-of-bias instrument")
        domains = tuple(
            Domain(d["id"], d["name"], tuple(d.get("questions", [])), d.get("kind", "bias"))
            for d in extra.get("domains", [])
        )
        return cls(
            form,
            tool,
            tuple(extra.get("judgements", [])),
            domains,
            bool(extra.get("per_result")),
            bool(extra.get("checklist")),
        )

    def bias_domains(self) -> list[Domain]:
        return [d for d in self.domains if d.kind == "bias"]

    def applicability_domains(self) -> list[Domain]:
        return [d for d in self.domains if d.kind == "applicability"]

    def middle(self) -> str:
        """The level "Unclear" reads as: the tool's middle judgement."""
        return MODERATE if self.tool in ("ROBINS-I", "ROBINS-E", "QUIPS") else SOME

    def read(self, text: str) -> str:
        """A judgement as robvis reads it: by the first letter of the first word."""
        word = text.strip().casefold()
        if not word:
            raise ExtractorError("an empty judgement")
        if word.startswith("unclear"):
            return self.middle()
        if word.startswith("not"):
            return NOT_APPLICABLE
        if self.checklist and word in ("yes", "no"):  # a checklist's answers as levels
            return LOW if word == "yes" else HIGH
        letter = word[0]
        robins = self.tool in ("ROBINS-I", "ROBINS-E")
        table = {
            "l": LOW,
            "h": HIGH,
            "c": CRITICAL,
            "m": MODERATE,
            "n": NO_INFO,
            "s": SERIOUS if robins else SOME,
            "v": "Very high",
        }
        if letter not in table:
            raise ExtractorError(f"'{text}' is not a judgement")
        return table[letter]


def propose(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, str | None]:
    """The judgement each domain and the overall would get by the published rules
    (None where the tool has no rule, or the answers are not complete)."""
    proposals: dict[str, str | None] = {}
    for domain in instrument.domains:
        rule = _DOMAIN_RULES.get((instrument.tool, domain.kind))
        proposals[domain.id] = None
        if rule is not None and domain.questions:
            proposals[domain.id] = rule(domain.id, {q: answers.get(q) for q in domain.questions})
    judged = [answers.get(d.judgement) or proposals.get(d.id) for d in instrument.bias_domains()]
    overall = _OVERALL_RULES.get(instrument.tool)
    proposals["Overall"] = (
        overall([str(j) for j in judged]) if overall and all(judged) and judged else None
    )
    return proposals


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


def _rob2_domain(domain_id: str, answers: Mapping[str, object]) -> str | None:
    rules = {"D1": _rob2_d1, "D2": _rob2_d2, "D3": _rob2_d3, "D4": _rob2_d4, "D5": _rob2_d5}
    return rules[domain_id](answers) if domain_id in rules else None


def _rob2_overall(judgements: list[str]) -> str:
    """High if any domain is high; low only if all are low; else some concerns.
    (The guidance also allows high for several some-concerns domains: a
    reviewer's call, made by overriding with a reason.)"""
    if HIGH in judgements:
        return HIGH
    return LOW if all(j == LOW for j in judgements) else SOME


def _robins_overall(judgements: list[str]) -> str:
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


def _quadas_domain(_domain_id: str, answers: Mapping[str, object]) -> str | None:
    """QUADAS-2: all signalling questions yes is low; any no is high; else unclear."""
    values = list(answers.values())
    if any(v is None for v in values):
        return None
    if all(v == "Yes" for v in values):
        return LOW
    return HIGH if "No" in values else UNCLEAR


_DOMAIN_RULES = {("ROB2", "bias"): _rob2_domain, ("QUADAS-2", "bias"): _quadas_domain}
_OVERALL_RULES = {"ROB2": _rob2_overall, "ROBINS-I": _robins_overall, "ROBINS-E": _robins_overall}


@dataclass(frozen=True)
class Guidance:
    """What the rule proposes for a judgement, and whether a departure lacks its reason."""

    judgement_field: str
    proposed: str | None
    recorded: str | None
    needs_reason: bool


def guidance(instrument: Instrument, answers: Mapping[str, object]) -> list[Guidance]:
    proposals = propose(instrument, answers)
    found = []
    targets = [(d.id, d.judgement, d.override) for d in instrument.domains]
    targets.append(("Overall", "overall_judgement", "overall_override"))
    for key, judgement, override in targets:
        proposed, recorded = proposals.get(key), answers.get(judgement)
        departs = (
            proposed is not None
            and recorded is not None
            and instrument.read(str(recorded)) != instrument.read(proposed)
        )
        reason = str(answers.get(override) or "").strip()
        found.append(
            Guidance(
                judgement,
                proposed,
                None if recorded is None else str(recorded),
                departs and not reason,
            )
        )
    return found
