"""Risk-of-bias instruments: their domains, their judgements, and the published
rules that propose a judgement from the answers.

An instrument is a form of kind "rob" whose definition also names the tool, its
judgement levels and its domains (each with its signalling questions and the
fields `<id>_judgement`, `<id>_support`, `<id>_override`), and an overall
judgement. Rules exist for RoB 2 (every domain and the overall), ROBINS-I and
ROBINS-E (the overall), QUADAS-2 (risk-of-bias domains: all yes is low),
PROBAST and the Newcastle-Ottawa Scale (every domain and the overall);
core/rob_rules holds them and REGISTRY says which tool uses which.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from extractor.core.errors import ExtractorError
from extractor.core.forms import Form, FormKind
from extractor.core.rob_rules import (
    CRITICAL,
    HIGH,
    LOW,
    MODERATE,
    NO_INFO,
    NOT_APPLICABLE,
    ORDER,
    SERIOUS,
    SOME,
    UNCLEAR,
    VERY_HIGH,
    DomainRule,
    OverallRule,
    amstar_overall,
    nos_domain,
    nos_overall,
    probast_domain,
    probast_overall,
    quadas_domain,
    rob2_domain,
    rob2_overall,
    robins_e_overall,
    robins_i_v2_domain,
    robins_i_v2_overall,
    robins_overall,
)

__all__ = [
    "CRITICAL",
    "HIGH",
    "LOW",
    "MODERATE",
    "NOT_APPLICABLE",
    "NO_INFO",
    "ORDER",
    "SERIOUS",
    "SOME",
    "TOOLS",
    "UNCLEAR",
    "VERY_HIGH",
    "Domain",
    "Guidance",
    "Instrument",
    "Tool",
    "guidance",
    "propose",
]


# A judgement as robvis reads it: by the first letter of its first word, unless it
# is the name of a level, or the tool reads it otherwise (below).
LETTERS = {
    "l": LOW,
    "s": SOME,
    "u": SOME,  # Unclear
    "h": HIGH,
    "v": VERY_HIGH,
    "c": CRITICAL,
    "m": MODERATE,
    "n": NO_INFO,
}
NAMED = {level.casefold(): level for level in ORDER if level != UNCLEAR}


@dataclass(frozen=True)
class Tool:
    """What Extractor knows of a risk-of-bias tool beyond its form definition."""

    name: str  # as robvis and the command line spell it
    definition: str  # the built-in form in resources/rob/<definition>.json
    # What this tool reads otherwise: a whole word, else the longest beginning.
    reads: Mapping[str, str] = field(default_factory=dict)
    domain_rule: DomainRule | None = None  # for the bias domains
    overall_rule: OverallRule | None = None
    # The overall concern about applicability from the applicability domains (PROBAST).
    applicability_rule: OverallRule | None = None
    # What the tool appraises ("Risk of bias", "Confidence"), and the words its
    # figures' legends give a level where the tool speaks otherwise (AMSTAR 2's "Yes"
    # and "High confidence" are drawn as Low risk is).
    subject: str = "Risk of bias"
    labels: Mapping[str, str] = field(default_factory=dict)


# Every tool, in the order the window and the command line offer them.
REGISTRY: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        Tool("ROB2", "rob2", domain_rule=rob2_domain, overall_rule=rob2_overall),
        Tool(
            "ROBINS-I",
            "robins_i",
            {"s": SERIOUS, "u": MODERATE},
            overall_rule=robins_overall,
        ),
        Tool(
            "ROBINS-I-V2",
            "robins_i_v2",
            {"s": SERIOUS, "u": MODERATE},
            domain_rule=robins_i_v2_domain,
            overall_rule=robins_i_v2_overall,
        ),
        Tool("ROBINS-E", "robins_e", overall_rule=robins_e_overall),
        Tool("QUADAS-2", "quadas2", domain_rule=quadas_domain),
        Tool(
            "PROBAST",
            "probast",
            {"u": UNCLEAR},
            domain_rule=probast_domain,
            overall_rule=probast_overall,
            applicability_rule=probast_overall,
        ),
        Tool("QUIPS", "quips", {"u": MODERATE}),
        Tool("NOS", "nos_cohort", domain_rule=nos_domain, overall_rule=nos_overall),
        Tool("NOS-CC", "nos_case_control", domain_rule=nos_domain, overall_rule=nos_overall),
        Tool(
            "AMSTAR-2",
            "amstar2",
            {
                "partial yes": SOME,
                "partial": SOME,
                "no meta-analysis conducted": NOT_APPLICABLE,
                "no meta": NOT_APPLICABLE,
                "high": LOW,
                "moderate": SOME,
                "low": HIGH,
                "critically low": CRITICAL,
                "critically": CRITICAL,
            },
            overall_rule=amstar_overall,
            subject="Confidence",
            labels={
                LOW: "Yes; high confidence",
                SOME: "Partial yes; moderate confidence",
                HIGH: "No; low confidence",
                CRITICAL: "Critically low confidence",
                NOT_APPLICABLE: "No meta-analysis",
            },
        ),
        Tool("JBI-CR", "jbi_cr"),
        Tool("JBI-CS", "jbi_cs"),
        # robvis reads the generic tool's "Serious" as High, its "Moderate" as Some concerns.
        Tool(
            "Generic",
            "generic_rob",
            {"serious": HIGH, "moderate": SOME, "se": HIGH, "m": SOME},
        ),
    )
}
TOOLS = tuple(REGISTRY)

# The overall concern about applicability, where a tool proposes one (PROBAST).
APPLICABILITY = "Applicability"
APPLICABILITY_JUDGEMENT, APPLICABILITY_OVERRIDE = (
    "overall_applicability",
    "overall_applicability_override",
)


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
        if form.kind is not FormKind.ROB or tool not in REGISTRY:
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

    def label(self, level: str) -> str:
        """A level in the tool's own words, for a figure's legend."""
        return self.rules.labels.get(level, level)

    @property
    def overall_name(self) -> str:
        return f"Overall {self.rules.subject.casefold()}"

    def bias_domains(self) -> list[Domain]:
        return [d for d in self.domains if d.kind == "bias"]

    def applicability_domains(self) -> list[Domain]:
        return [d for d in self.domains if d.kind == "applicability"]

    def overrides_asked(self) -> frozenset[str]:
        """The fields for a reason to depart from a proposed judgement, where a published
        rule proposes one: none for a checklist, only the overall one for ROBINS-I."""
        rules = self.rules
        asked = {
            d.override for d in self.bias_domains() if rules.domain_rule is not None and d.questions
        }
        if rules.overall_rule is not None:
            asked.add("overall_override")
        if self.proposes_applicability:
            asked.add(APPLICABILITY_OVERRIDE)
        return frozenset(asked)

    @property
    def proposes_applicability(self) -> bool:
        """Whether the tool proposes an overall concern about applicability and the form
        has its fields (a form saved before it did keeps none)."""
        return (
            self.rules.applicability_rule is not None
            and self.form.field(APPLICABILITY_JUDGEMENT) is not None
            and self.form.field(APPLICABILITY_OVERRIDE) is not None
        )

    @property
    def rules(self) -> Tool:
        return REGISTRY[self.tool]

    def read(self, text: str) -> str:
        """A judgement as robvis reads it for this tool."""
        word = text.strip().casefold()
        if not word:
            raise ExtractorError("an empty judgement")
        if self.checklist and word in ("yes", "no"):  # a checklist's answers as levels
            return LOW if word == "yes" else HIGH
        reads = self.rules.reads
        if word in reads:
            return reads[word]
        if word in NAMED:
            return NAMED[word]
        for beginning in sorted(reads, key=len, reverse=True):
            if word.startswith(beginning):
                return reads[beginning]
        if word.startswith("not"):
            return NOT_APPLICABLE
        if word[0] not in LETTERS:
            raise ExtractorError(f"'{text}' is not a judgement")
        return LETTERS[word[0]]

    def levels(self) -> tuple[str, ...]:
        """The levels this tool judges in, with No information and Not applicable,
        which robvis takes for any tool."""
        found = {self.read(level) for level in self.judgements} | {NO_INFO, NOT_APPLICABLE}
        return tuple(level for level in ORDER if level in found)

    def judge(self, text: str) -> str:
        """A judgement given to us (in a robvis file), read as robvis reads it, and
        refused when it is not one of this tool's: "Serious" is ROBINS-I's, not
        ROBINS-E's."""
        try:
            level: str | None = self.read(text)
        except ExtractorError:
            level = None
        levels = self.levels()
        if level is None or level not in levels:
            raise ExtractorError(
                f"'{text.strip()}' is not a judgement of {self.tool} ({', '.join(levels)})"
            )
        return level


def propose(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, str | None]:
    """The judgement each domain and the overall would get by the published rules
    (None where the tool has no rule, or the answers are not complete)."""
    proposals: dict[str, str | None] = {}
    for domain in instrument.domains:
        rule = instrument.rules.domain_rule if domain.kind == "bias" else None
        proposals[domain.id] = None
        if rule is not None and domain.questions:
            proposals[domain.id] = rule(domain.id, {q: answers.get(q) for q in domain.questions})
    judged = [answers.get(d.judgement) or proposals.get(d.id) for d in instrument.bias_domains()]
    overall = instrument.rules.overall_rule
    proposals["Overall"] = (
        overall([str(j) for j in judged]) if overall and all(judged) and judged else None
    )
    concerns = [answers.get(d.judgement) for d in instrument.applicability_domains()]
    concern = instrument.rules.applicability_rule
    proposals[APPLICABILITY] = (
        concern([str(c) for c in concerns]) if concern and concerns and all(concerns) else None
    )
    return proposals


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
    if instrument.proposes_applicability:
        targets.append((APPLICABILITY, APPLICABILITY_JUDGEMENT, APPLICABILITY_OVERRIDE))
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
