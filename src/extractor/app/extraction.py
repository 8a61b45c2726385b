"""Extracting: a study's answers, every edit of them, and answers from a CSV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from extractor.app.desktop import ReviewerProfile
from extractor.app.ports import Project
from extractor.core.errors import InputError, NotFoundError, RefusedError
from extractor.core.forms import Form, FormKind
from extractor.core.model import (
    DocumentInfo,
    Evidence,
    ExtractionData,
    ReviewerInfo,
    Status,
    StudyInfo,
)
from extractor.core.paths import FieldPath
from extractor.core.values import Value
from extractor.io.extraction_csv import read_extractions
from extractor.store.repository import Repository
from extractor.store.sharing import SHARED_FOR, WORKS_AS


@dataclass
class StudyBundle:
    """Everything the workspace shows for one study and one reviewer."""

    study: StudyInfo
    documents: list[DocumentInfo]
    data: dict[str, ExtractionData] = field(default_factory=dict)
    results: dict[str, list[str]] = field(default_factory=dict)  # labelled results per form


def load_study(
    project: Project,
    study_id: str,
    reviewer_id: str | None,
    results: dict[str, str] | None = None,
) -> StudyBundle:
    """A study's documents and one reviewer's answers to each form; `results`
    picks, per form, the result a result-level assessment is about."""
    with project.reading() as repo:
        study = repo.studies.get(study_id)
        if study is None:
            raise NotFoundError("the study no longer exists")
        bundle = StudyBundle(study=study, documents=repo.documents.list(study_id))
        for form in repo.forms.list():
            result = (results or {}).get(form.key, "")
            bundle.data[form.key] = (
                repo.answers.load(study_id, form, reviewer_id, result)
                if reviewer_id
                else ExtractionData()
            )
            bundle.results[form.key] = sorted(
                {r for (s, r) in repo.answers.results_of(form) if s == study_id and r}
            )
        return bundle


def fixed_writer(repo: Repository) -> ReviewerInfo | None:
    """The reviewer the project says this desktop writes as, whoever's profile it
    has: the reviewer a shared copy was made for, or the demo reviewer chosen."""
    for key in (SHARED_FOR, WORKS_AS):
        named = repo.settings.get(key)
        found = repo.reviewers.get(named["id"]) if isinstance(named, dict) else None
        if found is not None:
            return found
    return None


def my_id(repo: Repository, profile: ReviewerProfile | None) -> str | None:
    """Who writes here: the project's fixed writer, else the profile."""
    fixed = fixed_writer(repo)
    if fixed is not None:
        return fixed.id
    return profile.id if profile else None


def writer_id(repo: Repository, profile: ReviewerProfile | None) -> str:
    """The id this desktop writes as, adding the profile's reviewer on first use."""
    fixed = fixed_writer(repo)
    if fixed is not None:  # a reviewer's copy, or the demo: answers belong to that reviewer
        return fixed.id
    if profile is None:
        raise RefusedError("no reviewer profile: say who you are (Edit > Reviewer profile)")
    return repo.reviewers.add(profile.name, profile.initials, reviewer_id=profile.id).id


def work_as(project: Project, name: str) -> ReviewerInfo:
    """On the demo, work as another of its reviewers."""
    with project.transaction() as repo:
        if not isinstance(repo.settings.get(WORKS_AS), dict):
            raise RefusedError("only the demo lets you work as one of its reviewers")
        found = repo.reviewers.find(name)
        if found is None or found.is_consensus:
            raise NotFoundError(f"no reviewer '{name}' in the demo")
        repo.settings.set(WORKS_AS, {"id": found.id, "name": found.name})
        return found


def form_named(repo: Repository, key: str) -> Form:
    """A form of the project, or a clear error if it was removed meanwhile."""
    form = repo.forms.get(key)
    if form is None:
        raise NotFoundError(f"the form '{key}' no longer exists")
    return form


def save_value(
    project: Project,
    profile: ReviewerProfile,
    study_id: str,
    form_key: str,
    path: str,
    value: object,
    result: str = "",
) -> ExtractionData:
    """Store one answer of the profile's reviewer; returns the extraction as saved."""

    def change(repo: Repository, me: str, form: Form) -> None:
        repo.answers.set_value(study_id, form, me, path, value, result=result)

    return _edit(project, profile, study_id, form_key, result, change)


def save_quote(
    project: Project,
    profile: ReviewerProfile,
    study_id: str,
    form_key: str,
    path: str,
    evidence: Evidence,
    value: object | None = None,
    use_as_value: bool = False,
    result: str = "",
) -> ExtractionData:
    """Record a quote as evidence for a field and, when asked, its value too,
    in one transaction: the value never exists without its quote."""

    def change(repo: Repository, me: str, form: Form) -> None:
        parsed = FieldPath.parse(path)
        if parsed.row is not None:
            rows = repo.answers.load(study_id, form, me, result).groups.get(parsed.key, [])
            while len(rows) < parsed.row:  # quoting into a row that is not there yet adds it
                repo.answers.add_row(study_id, form, me, parsed.key, result=result)
                rows.append({})
        if use_as_value:
            repo.answers.set_value(study_id, form, me, path, value, result=result)
        repo.answers.add_evidence(study_id, form, me, path, evidence, result=result)

    return _edit(project, profile, study_id, form_key, result, change)


HeldRow = tuple[dict[str, Value], dict[str, list[Evidence]]]  # a row's values; quotes by sub-field


def restore_place(
    project: Project,
    profile: ReviewerProfile,
    study_id: str,
    form_key: str,
    path: str,
    value: object,
    quotes: list[Evidence],
    result: str = "",
    why: str = "undone in the window",
) -> ExtractionData:
    """Put one place of the reviewer's answers back as it was (or as it was before an
    undo): its value and its quotes, in one transaction, logged with `why`."""

    def change(repo: Repository, me: str, form: Form) -> None:
        repo.audit.source = why
        parsed, current = FieldPath.parse(path), repo.answers.load(study_id, form, me, result)
        if parsed.row is not None and len(current.groups.get(parsed.key, [])) < parsed.row:
            raise RefusedError(f"{path}: that row is no longer there")
        repo.answers.set_value(study_id, form, me, path, value, result=result)
        evidence = current.evidence
        evidence[path] = list(quotes)
        repo.answers.replace_evidence(study_id, form, me, evidence, result=result)

    return _edit(project, profile, study_id, form_key, result, change)


@dataclass(frozen=True)
class RowsEdited:
    """A group's rows after an edit: the extraction as it now stands, the number of
    the row added, removed or moved, and a removed row's values and quotes (to put
    it back)."""

    data: ExtractionData
    number: int
    removed: HeldRow | None = None


def edit_rows(
    project: Project,
    profile: ReviewerProfile,
    study_id: str,
    form_key: str,
    group_key: str,
    action: str,
    number: int = 0,
    to: int = 0,
    result: str = "",
    why: str = "",
) -> RowsEdited:
    """Add a row to a group, or remove or move row `number`; `why` is logged with it
    when it is not the reviewer's own edit (an undo)."""
    removed: HeldRow | None = None

    def change(repo: Repository, me: str, form: Form) -> None:
        nonlocal number, removed
        if why:
            repo.audit.source = why
        if action == "add":
            number = repo.answers.add_row(study_id, form, me, group_key, result=result)
        elif action == "remove":
            removed = _held_row(repo.answers.load(study_id, form, me, result), group_key, number)
            repo.answers.remove_row(study_id, form, me, group_key, number, result=result)
        elif action == "move":
            repo.answers.move_row(study_id, form, me, group_key, number, to, result=result)
        else:
            raise ValueError(f"unknown row action {action!r}")

    data = _edit(project, profile, study_id, form_key, result, change)
    return RowsEdited(data, number, removed)


def restore_row(
    project: Project,
    profile: ReviewerProfile,
    study_id: str,
    form_key: str,
    group_key: str,
    number: int,
    row: HeldRow,
    result: str = "",
    why: str = "undone in the window",
) -> ExtractionData:
    """Put a removed row back as row `number` of its group, with its values and their
    quotes, in one transaction, logged with `why`."""
    values, quotes = row

    def change(repo: Repository, me: str, form: Form) -> None:
        repo.audit.source = why
        added = repo.answers.add_row(study_id, form, me, group_key, values, result=result)
        if not 1 <= number <= added:
            raise RefusedError(f"{group_key}: there is no place for row {number} any more")
        if added != number:
            repo.answers.move_row(study_id, form, me, group_key, added, number, result=result)
        evidence = repo.answers.load(study_id, form, me, result).evidence
        for sub, found in quotes.items():
            evidence[f"{group_key}[{number}].{sub}"] = list(found)
        repo.answers.replace_evidence(study_id, form, me, evidence, result=result)

    return _edit(project, profile, study_id, form_key, result, change)


def _held_row(data: ExtractionData, group_key: str, number: int) -> HeldRow:
    """Row `number` of a group as it stands in `data`: its values and their quotes,
    by sub-field (what `restore_row` puts back)."""
    rows = data.groups.get(group_key, [])
    values = dict(rows[number - 1]) if 0 < number <= len(rows) else {}
    prefix = f"{group_key}[{number}]."
    quotes = {
        path.removeprefix(prefix): list(found)
        for path, found in data.evidence.items()
        if path.startswith(prefix) and found
    }
    return values, quotes


def set_status(
    project: Project,
    profile: ReviewerProfile,
    study_id: str,
    form_key: str,
    status: Status,
    result: str = "",
    why: str = "",
) -> ExtractionData:
    """Set the status of the profile's reviewer's extraction (`why`: as for rows)."""

    def change(repo: Repository, me: str, form: Form) -> None:
        if why:
            repo.audit.source = why
        repo.answers.set_status(study_id, form, me, status, result=result)

    return _edit(project, profile, study_id, form_key, result, change)


def _edit(
    project: Project,
    profile: ReviewerProfile,
    study_id: str,
    form_key: str,
    result: str,
    change: Callable[[Repository, str, Form], None],
) -> ExtractionData:
    """One edit by this desktop's reviewer, in one transaction: `change(repo, me, form)`,
    then the extraction as it now stands, for the form to show."""
    with project.transaction() as repo:
        me, form = writer_id(repo, profile), form_named(repo, form_key)
        change(repo, me, form)
        return repo.answers.load(study_id, form, me, result)


def pick_form(repo: Repository, key: str | None) -> Form:
    """The form named by `key`, or the project's only extraction form."""
    if key is not None:
        form = repo.forms.get(key)
        if form is None:
            known = ", ".join(f.key for f in repo.forms.list()) or "none"
            raise NotFoundError(f"the project has no form '{key}' (forms: {known})")
        return form
    forms = repo.forms.list(FormKind.EXTRACTION)
    if len(forms) != 1:
        keys = ", ".join(f.key for f in forms) or "none yet"
        raise RefusedError(f"name the form with --form (extraction forms: {keys})")
    return forms[0]


@dataclass(frozen=True)
class ExtractionsImport:
    form: str
    reviewer: str
    studies: int
    changed_values: int


def import_extractions(
    project: Project,
    path: Path,
    reviewer: str,
    form_key: str | None = None,
    status: Status | None = None,
) -> ExtractionsImport:
    """Check the whole file, then write every answer in one transaction."""
    with project.transaction() as repo:
        form = pick_form(repo, form_key)
        parsed = read_extractions(path, form, repo.studies.find)
        if not parsed.studies:
            raise InputError.at(str(path), None, "no rows of answers")
        who = repo.reviewers.add(reviewer)
        repo.audit.source = f"imported from {path.name}"
        changed = 0
        groups = set() if parsed.group is None else {parsed.group}
        for study_id, data in parsed.studies.items():
            existing = repo.answers.reviewers_of(study_id, form)
            if data.is_empty() and who.id not in existing:
                continue
            if status is not None:
                data.status = status
            changed += repo.answers.write(
                study_id, form, who.id, data, fields=set(parsed.fields), groups=groups
            )
        return ExtractionsImport(
            form=form.key, reviewer=who.name, studies=len(parsed.studies), changed_values=changed
        )
