"""Outcome data: imported from and exported to the long layout (and R's wide
layouts), and the outcomes there are to analyse."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractor.app import formats
from extractor.app.desktop import ReviewerProfile
from extractor.app.extraction import pick_form, writer_id
from extractor.app.ports import Project
from extractor.app.readiness import assess, told
from extractor.app.sources import gather
from extractor.core.errors import InputError, RefusedError
from extractor.core.field_types.base import normalise_text
from extractor.core.field_types.outcomes import OUTCOME_TYPES
from extractor.core.forms import Field, Form
from extractor.core.model import ExtractionData, ReviewerInfo
from extractor.core.outcome_data import OutcomeRow, long_records, outcome_rows
from extractor.core.readiness import Readiness
from extractor.core.sources import ALL_SOURCES
from extractor.core.values import Value
from extractor.core.words import counted
from extractor.io.files import write_output
from extractor.io.outcomes_csv import long_csv, read_long_outcomes, wide_csv
from extractor.store.repository import Repository

LAYOUTS = ("long", "metafor", "meta")


@dataclass(frozen=True)
class OutcomesImport:
    form: str
    reviewer: str
    studies: int
    added_rows: int
    updated_rows: int

    def summary(self) -> str:
        """`2 studies: 3 rows added, 1 updated`."""
        return (
            f"{counted(self.studies, 'study', 'studies')}: "
            f"{counted(self.added_rows, 'row')} added, {self.updated_rows} updated"
        )


def import_outcomes(
    project: Project, path: Path, reviewer: str, form_key: str | None = None
) -> OutcomesImport:
    """Check the whole file, then merge its rows into the reviewer's outcome fields in
    one transaction: a row with the outcome, time point and arm of an existing row
    updates it (the values the file gives), the others are added, and rows the file
    does not name stay."""
    with project.transaction() as repo:
        who = repo.reviewers.add(reviewer) if reviewer else None
        return _import(repo, path, who, form_key)


def import_my_outcomes(
    project: Project, path: Path, profile: ReviewerProfile | None, form_key: str | None = None
) -> OutcomesImport:
    """`import_outcomes` as the reviewer this desktop writes as (the window's import):
    the copy's or the demo's reviewer, else the profile's."""
    with project.transaction() as repo:
        who = repo.reviewers.get(writer_id(repo, profile))
        return _import(repo, path, who, form_key)


def _import(
    repo: Repository, path: Path, who: ReviewerInfo | None, form_key: str | None
) -> OutcomesImport:
    form = pick_form(repo, form_key)
    parsed = read_long_outcomes(path, form, repo.studies.find)
    if not parsed.rows:
        raise InputError.at(str(path), None, "no rows of outcome data")
    if who is None:
        raise RefusedError("name the reviewer whose outcome data this is")
    repo.audit.source = f"imported from {path.name}"
    added = updated = 0
    for study_id, by_group in parsed.studies.items():
        current = repo.answers.load(study_id, form, who.id)
        data = ExtractionData(status=current.status)
        for key, incoming in by_group.items():
            group = form.field(key)
            assert group is not None
            rows, new, changed = merge_rows(group, current.groups.get(key, []), incoming)
            data.groups[key] = rows
            added, updated = added + new, updated + changed
        repo.answers.write(study_id, form, who.id, data, fields=set(), groups=set(by_group))
    return OutcomesImport(form.key, who.name, len(parsed.studies), added, updated)


def merge_rows(
    group: Field, existing: list[dict[str, Value]], incoming: list[dict[str, Value]]
) -> tuple[list[dict[str, Value]], int, int]:
    """`existing` with each incoming row merged into the row with its key (the values
    it gives replace those; the others stay), or added; returns the rows and how
    many were added and updated."""
    rows = [dict(row) for row in existing]
    added = updated = 0
    for row in incoming:
        key = group.kind.row_key(group, row)
        at = next((i for i, old in enumerate(rows) if group.kind.row_key(group, old) == key), None)
        if at is None:
            rows.append(row)
            added += 1
        else:
            rows[at] = {**rows[at], **row}
            updated += 1
    return rows, added, updated


def outcome_form(repo: Repository, form_key: str | None) -> Form:
    form = pick_form(repo, form_key)
    if not any(item.type in OUTCOME_TYPES for item in form.fields()):
        raise RefusedError(
            f"form '{form.key}' has no outcome fields (types: {', '.join(sorted(OUTCOME_TYPES))})"
        )
    return form


def export_outcomes(
    project: Project,
    out: Path,
    layout: str = "long",
    source: str | None = None,
    form_key: str | None = None,
    final: bool = False,
    known: Readiness | None = None,
) -> list[str]:
    """Write the outcome data in one layout; returns warnings."""
    formats.OUTCOMES.format_of(out)
    if source == ALL_SOURCES:
        raise InputError.at(
            str(out), None, "one file holds one set of outcome data per study; name a reviewer"
        )
    if layout not in LAYOUTS:
        raise InputError.at("layout", None, f"'{layout}' must be one of {', '.join(LAYOUTS)}")
    with project.reading() as repo:
        ready = assess(repo, source, final, known)
        form = outcome_form(repo, form_key)
        items, warnings = gather(repo, form, source, quotes=True)
        files = {d.id: d.filename for d in repo.documents.list()}
    records = long_records(items, form, files)
    text = long_csv(records, quotes=True) if layout == "long" else wide_csv(records, layout)
    write_output(out, text)
    return warnings + told(ready, known)


def has_outcome_data(project: Project) -> bool:
    """Whether any extraction form has outcome fields with rows in it."""
    with project.reading() as repo:
        for form in repo.forms.list():
            groups = [f.key for f in form.fields() if f.type in OUTCOME_TYPES]
            if groups and repo.answers.has_rows(form, groups):
                return True
    return False


@dataclass
class OutcomeChoice:
    """An outcome the studies report, as the window offers it for an analysis."""

    outcome: str
    timepoints: list[str] = field(default_factory=list)
    arms: list[str] = field(default_factory=list)  # arms, and comparisons of estimates
    measures: list[str] = field(default_factory=list)  # of the studies' own estimates
    types: set[str] = field(default_factory=set)

    @property
    def dichotomous(self) -> bool:
        return "dichotomous" in self.types

    @property
    def continuous(self) -> bool:
        return "continuous" in self.types

    def add(self, row: OutcomeRow) -> None:
        for listed, value in (
            (self.timepoints, row.text("timepoint")),
            (self.arms, row.text("arm")),
        ):
            if value and normalise_text(value) not in {normalise_text(v) for v in listed}:
                listed.append(value)
        measure = row.text("measure")
        if row.type == "effect_estimate" and measure and measure not in self.measures:
            self.measures.append(measure)
        self.types.add(row.type)


def outcome_choices(
    project: Project, source: str | None = None, form_key: str | None = None
) -> tuple[list[OutcomeChoice], list[str]]:
    """The outcomes in the studies' rows (first spelling of each, in form order), and
    the study-level fields a subgroup analysis can use."""
    with project.reading() as repo:
        form = outcome_form(repo, form_key)
        items, _ = gather(repo, form, source)
    found: dict[str, OutcomeChoice] = {}
    for row in outcome_rows(items, form):
        name = row.text("outcome").strip()
        if name:
            found.setdefault(normalise_text(name), OutcomeChoice(name)).add(row)
    return list(found.values()), [f.key for f in form.scalar_fields()]
