"""Extracting: the study list, a study's answers and PDFs, and every edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractor.config import ReviewerProfile
from extractor.core.errors import InputError
from extractor.core.forms import Form
from extractor.core.model import (
    DocumentInfo,
    Evidence,
    ExtractionData,
    ReviewerInfo,
    Status,
    StudyInfo,
)
from extractor.core.paths import FieldPath
from extractor.io.pdf_import import read_pdf
from extractor.store.project import ProjectFile
from extractor.store.repository import Repository
from extractor.store.sharing import SHARED_FOR


@dataclass(frozen=True)
class StudyStatus:
    study: StudyInfo
    statuses: dict[str, Status]  # form key -> status for the reviewer shown


@dataclass(frozen=True)
class Overview:
    me: str | None  # the reviewer this desktop writes as, in this project
    title: str
    forms: list[Form]
    reviewers: list[ReviewerInfo]
    studies: list[StudyStatus]


@dataclass
class StudyBundle:
    """Everything the workspace shows for one study and one reviewer."""

    study: StudyInfo
    documents: list[DocumentInfo]
    data: dict[str, ExtractionData] = field(default_factory=dict)
    results: dict[str, list[str]] = field(default_factory=dict)  # labelled results per form


def overview(
    project: ProjectFile, reviewer_id: str | None, profile: ReviewerProfile | None = None
) -> Overview:
    """The study list for one reviewer's answers (None: this desktop's reviewer)."""
    with project.transaction() as repo:
        me = my_id(repo, profile)
        reviewer_id = reviewer_id or me
        forms = repo.forms.list()
        statuses = {
            form.key: repo.answers.statuses(form.key, reviewer_id) if reviewer_id else {}
            for form in forms
        }
        studies = [
            StudyStatus(
                study,
                {form.key: statuses[form.key].get(study.id, Status.NOT_STARTED) for form in forms},
            )
            for study in repo.studies.list()
        ]
        return Overview(
            me=me,
            title=repo.overview.project().title,
            forms=forms,
            reviewers=repo.reviewers.list(include_consensus=True),
            studies=studies,
        )


def load_study(
    project: ProjectFile, study_id: str, reviewer_id: str | None,
    results: dict[str, str] | None = None,
) -> StudyBundle:  # fmt: skip
    """A study's documents and one reviewer's answers to each form; `results`
    picks, per form, the result a result-level assessment is about."""
    with project.transaction() as repo:
        study = repo.studies.get(study_id)
        if study is None:
            raise InputError.at("project", None, "the study no longer exists")
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


def my_id(repo: Repository, profile: ReviewerProfile | None) -> str | None:
    """Who writes here: the reviewer a shared copy was made for, else the profile."""
    shared = repo.settings.get(SHARED_FOR)
    if isinstance(shared, dict) and isinstance(shared.get("id"), str):
        return shared["id"]
    return profile.id if profile else None


def writer_id(repo: Repository, profile: ReviewerProfile) -> str:
    """The id this desktop writes as, adding the profile's reviewer on first use."""
    shared = my_id(repo, None)
    if shared is not None:  # a reviewer's copy: answers belong to the copy's reviewer
        return shared
    return repo.reviewers.add(profile.name, profile.initials, reviewer_id=profile.id).id


def form_named(repo: Repository, key: str) -> Form:
    """A form of the project, or a clear error if it was removed meanwhile."""
    form = repo.forms.get(key)
    if form is None:
        raise InputError.at("project", None, f"the form '{key}' no longer exists")
    return form


def save_value(
    project: ProjectFile, profile: ReviewerProfile, study_id: str, form_key: str,
    path: str, value: object, result: str = "",
) -> ExtractionData:  # fmt: skip
    """Store one answer of the profile's reviewer; returns the extraction as saved."""
    with project.transaction() as repo:
        me, form = writer_id(repo, profile), form_named(repo, form_key)
        repo.answers.set_value(study_id, form, me, path, value, result=result)
        return repo.answers.load(study_id, form, me, result)


def save_quote(
    project: ProjectFile, profile: ReviewerProfile, study_id: str, form_key: str,
    path: str, evidence: Evidence, value: object | None = None, use_as_value: bool = False,
    result: str = "",
) -> ExtractionData:  # fmt: skip
    """Record a quote as evidence for a field and, when asked, its value too,
    in one transaction: the value never exists without its quote."""
    with project.transaction() as repo:
        me, form = writer_id(repo, profile), form_named(repo, form_key)
        parsed = FieldPath.parse(path)
        if parsed.row is not None:
            rows = repo.answers.load(study_id, form, me, result).groups.get(parsed.key, [])
            while len(rows) < parsed.row:  # quoting into a row that is not there yet adds it
                repo.answers.add_row(study_id, form, me, parsed.key, result=result)
                rows.append({})
        if use_as_value:
            repo.answers.set_value(study_id, form, me, path, value, result=result)
        repo.answers.add_evidence(study_id, form, me, path, evidence, result=result)
        return repo.answers.load(study_id, form, me, result)


def edit_rows(
    project: ProjectFile, profile: ReviewerProfile, study_id: str, form_key: str,
    group_key: str, action: str, number: int = 0, to: int = 0, result: str = "",
) -> ExtractionData:  # fmt: skip
    """Add a row to a group, or remove or move row `number`."""
    with project.transaction() as repo:
        me, form = writer_id(repo, profile), form_named(repo, form_key)
        if action == "add":
            repo.answers.add_row(study_id, form, me, group_key, result=result)
        elif action == "remove":
            repo.answers.remove_row(study_id, form, me, group_key, number, result=result)
        elif action == "move":
            repo.answers.move_row(study_id, form, me, group_key, number, to, result=result)
        else:
            raise ValueError(f"unknown row action {action!r}")
        return repo.answers.load(study_id, form, me, result)


def set_status(
    project: ProjectFile, profile: ReviewerProfile, study_id: str, form_key: str, status: Status,
    result: str = "",
) -> ExtractionData:  # fmt: skip
    with project.transaction() as repo:
        me, form = writer_id(repo, profile), form_named(repo, form_key)
        repo.answers.set_status(study_id, form, me, status, result=result)
        return repo.answers.load(study_id, form, me, result)


def attach_pdf(project: ProjectFile, study_id: str, path: Path) -> DocumentInfo:
    """Check a file is a readable PDF, then store it with the study (once per content)."""
    data, pages = read_pdf(path)
    with project.transaction() as repo:
        return repo.documents.attach(study_id, path.name, data, pages)


def document_bytes(project: ProjectFile, document_id: str) -> bytes:
    with project.transaction() as repo:
        return repo.documents.data(document_id)
