"""PRISMA 2020 flow counts and the arithmetic they must satisfy.

Counts are keyed as the PRISMA2020 package's template keys them (`data`
column). A count is an int, None (not reported: the line is hidden), or for
the lists (`*_excluded`, `*_specific_results`) a list of (label, n).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.core.values import JsonValue

Reasons = list[tuple[str, int]]

NUMBERS = (
    "previous_studies",
    "previous_reports",
    "database_results",
    "register_results",
    "website_results",
    "organisation_results",
    "citations_results",
    "duplicates",
    "excluded_automatic",
    "excluded_other",
    "records_screened",
    "records_excluded",
    "dbr_sought_reports",
    "dbr_notretrieved_reports",
    "other_sought_reports",
    "other_notretrieved_reports",
    "dbr_assessed",
    "other_assessed",
    "new_studies",
    "new_reports",
    "total_studies",
    "total_reports",
)
LISTS = ("database_specific_results", "register_specific_results", "dbr_excluded", "other_excluded")

LABELS = {
    "previous_studies": "Studies included in previous version of review",
    "previous_reports": "Reports of studies included in previous version of review",
    "database_results": "Databases",
    "register_results": "Registers",
    "website_results": "Websites",
    "organisation_results": "Organisations",
    "citations_results": "Citation searching",
    "duplicates": "Duplicate records removed",
    "excluded_automatic": "Records marked as ineligible by automation tools",
    "excluded_other": "Records removed for other reasons",
    "records_screened": "Records screened",
    "records_excluded": "Records excluded",
    "dbr_sought_reports": "Reports sought for retrieval",
    "dbr_notretrieved_reports": "Reports not retrieved",
    "other_sought_reports": "Reports sought for retrieval",
    "other_notretrieved_reports": "Reports not retrieved",
    "dbr_assessed": "Reports assessed for eligibility",
    "other_assessed": "Reports assessed for eligibility",
    "dbr_excluded": "Reports excluded",
    "other_excluded": "Reports excluded",
    "new_studies": "New studies included in review",
    "new_reports": "Reports of new included studies",
    "total_studies": "Total studies included in review",
    "total_reports": "Reports of total included studies",
    "database_specific_results": "Records identified per database",
    "register_specific_results": "Records identified per register",
}


@dataclass
class PrismaCounts:
    numbers: dict[str, int | None] = field(default_factory=dict)
    lists: dict[str, Reasons] = field(default_factory=dict)

    def get(self, key: str) -> int | None:
        if key in LISTS:
            items = self.lists.get(key)
            return None if items is None else sum(n for _, n in items)
        return self.numbers.get(key)

    @property
    def other_methods(self) -> bool:
        """Whether the diagram needs its column for other methods."""
        keys = (
            "website_results",
            "organisation_results",
            "citations_results",
            "other_sought_reports",
        )
        return any(self.numbers.get(k) is not None for k in keys)

    @property
    def previous(self) -> bool:
        return self.numbers.get("previous_studies") is not None

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "numbers": self.numbers,
            "lists": {k: [list(r) for r in v] for k, v in self.lists.items()},
        }

    @classmethod
    def from_json(cls, raw: object) -> PrismaCounts:
        if not isinstance(raw, dict):
            return cls()
        numbers = {k: v for k, v in (raw.get("numbers") or {}).items() if k in NUMBERS}
        lists = {
            k: [(str(label), int(n)) for label, n in v]
            for k, v in (raw.get("lists") or {}).items()
            if k in LISTS
        }
        return cls(numbers, lists)


def reference_review() -> PrismaCounts:
    """The counts of the reference review (DESIGN.md), as an example and a test."""
    return PrismaCounts(
        numbers={
            "database_results": 352,
            "register_results": 0,
            "duplicates": 2,
            "excluded_automatic": 0,
            "excluded_other": 0,
            "records_screened": 350,
            "records_excluded": 265,
            "dbr_sought_reports": 85,
            "dbr_notretrieved_reports": 0,
            "dbr_assessed": 85,
            "new_studies": 30,
            "new_reports": 30,
        },
        lists={
            "dbr_excluded": [
                ("Age criteria", 15),
                ("Different methodology", 30),
                ("Insufficient data", 10),
            ]
        },
    )


def identified(counts: PrismaCounts) -> int | None:
    parts = [counts.get("database_results"), counts.get("register_results")]
    known = [p for p in parts if p is not None]
    return sum(known) if known else None


def problems(counts: PrismaCounts) -> list[str]:
    """Every equation of the flow that the numbers break, with the numbers involved."""
    found: list[str] = []

    def check(expected: int | None, actual_key: str, formula: str) -> None:
        actual = counts.get(actual_key)
        if expected is not None and actual is not None and actual != expected:
            found.append(f"{LABELS[actual_key]} is {actual}, but {formula} = {expected}")

    g = counts.get
    total = identified(counts)
    removed = [g("duplicates"), g("excluded_automatic"), g("excluded_other")]
    if total is not None:
        check(
            total - sum(r or 0 for r in removed),
            "records_screened",
            f"identified {total} − duplicates {removed[0] or 0} − automation {removed[1] or 0} "
            f"− other reasons {removed[2] or 0}",
        )
    for specific, overall in (
        ("database_specific_results", "database_results"),
        ("register_specific_results", "register_results"),
    ):
        if g(specific) is not None and g(overall) is not None and g(specific) != g(overall):
            found.append(
                f"{LABELS[overall]} is {g(overall)}, but the per-source counts add up to {g(specific)}"
            )
    screened, screened_out = g("records_screened"), g("records_excluded")
    if screened is not None and screened_out is not None:
        check(
            screened - screened_out,
            "dbr_sought_reports",
            f"screened {screened} − excluded {screened_out}",
        )
    for side in ("dbr", "other"):
        sought, missing = g(f"{side}_sought_reports"), g(f"{side}_notretrieved_reports")
        if sought is not None:
            check(
                sought - (missing or 0),
                f"{side}_assessed",
                f"sought {sought} − not retrieved {missing or 0}",
            )
    assessed = sum(g(f"{s}_assessed") or 0 for s in ("dbr", "other"))
    excluded = sum(g(f"{s}_excluded") or 0 for s in ("dbr", "other"))
    if g("dbr_assessed") is not None and g("dbr_excluded") is not None:
        check(assessed - excluded, "new_reports", f"assessed {assessed} − excluded {excluded}")
    new_studies, new_reports = g("new_studies"), g("new_reports")
    if new_studies is not None and new_reports is not None and new_studies > new_reports:
        found.append(f"{LABELS['new_studies']} ({new_studies}) exceeds its reports ({new_reports})")
    previous_studies = g("previous_studies")
    if previous_studies is not None and new_studies is not None:
        check(
            previous_studies + new_studies,
            "total_studies",
            f"previous {previous_studies} + new {new_studies}",
        )
    for key, value in counts.numbers.items():
        if value is not None and value < 0:
            found.append(f"{LABELS.get(key, key)} is negative ({value})")
    return found
