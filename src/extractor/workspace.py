"""What the extraction workspace does to a project, as plain functions.

The GUI runs these on its database thread; they hold no Qt and no state, so
the command line and the tests can use them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractor.config import ReviewerProfile
from extractor.core.agreement import FieldAgreement
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
from extractor.core.prisma import PrismaCounts
from extractor.io.files import write_output
from extractor.io.pdf_import import read_pdf
from extractor.io.tables_export import TableSettings
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


def _me(repo: Repository, profile: ReviewerProfile) -> str:
    shared = my_id(repo, None)
    if shared is not None:  # a reviewer's copy: answers belong to the copy's reviewer
        return shared
    return repo.reviewers.add(profile.name, profile.initials, reviewer_id=profile.id).id


def _form(repo: Repository, key: str) -> Form:
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
        me, form = _me(repo, profile), _form(repo, form_key)
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
        me, form = _me(repo, profile), _form(repo, form_key)
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
        me, form = _me(repo, profile), _form(repo, form_key)
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
        me, form = _me(repo, profile), _form(repo, form_key)
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


@dataclass(frozen=True)
class ConflictRow:
    """One disagreement as the conflict view lists it."""

    study_id: str
    study: str
    form: str
    path: str
    label: str
    a_name: str
    b_name: str
    a_id: str
    b_id: str
    a: object
    b: object
    resolved: bool
    choice: str | None
    value: object
    reason: str
    result: str = ""


def conflict_rows(project: ProjectFile) -> list[ConflictRow]:
    """Every disagreement, after filling the consensus with what the reviewers agree on."""
    with project.transaction() as repo:
        repo.conflicts.refresh_consensus()
        forms = {form.key: form for form in repo.forms.list()}
        rows = []
        for item in repo.conflicts.list():
            form = forms[item.form]
            found = form.resolve(item.conflict.field)
            label = item.conflict.field
            where = f" ({item.result})" if item.result else ""
            if found:
                group, field = found
                label = f"{group.label} › {field.label}" if group else field.label
            elif (group := form.field(item.conflict.field)) is not None:
                label = f"{group.label} (row)"
            label += where  # which result, for tools that judge a result
            decision = item.decision
            rows.append(
                ConflictRow(
                    study_id=item.study.id, study=item.study.label, form=item.form,
                    path=item.conflict.path, label=label, a_name=item.a.name, b_name=item.b.name,
                    a_id=item.a.id, b_id=item.b.id, a=item.conflict.a, b=item.conflict.b,
                    resolved=item.resolved, choice=decision.choice if decision else None,
                    value=decision.value if decision else None,
                    reason=decision.reason if decision else "", result=item.result,
                )
            )  # fmt: skip
        return rows


def side_evidence(
    project: ProjectFile, study_id: str, form_key: str, a_id: str, b_id: str
) -> tuple[dict[str, list[Evidence]], dict[str, list[Evidence]]]:
    """Each reviewer's quotes for one study and form."""
    with project.transaction() as repo:
        form = _form(repo, form_key)
        return (
            repo.answers.load(study_id, form, a_id).evidence,
            repo.answers.load(study_id, form, b_id).evidence,
        )


def resolve_conflict(
    project: ProjectFile, profile: ReviewerProfile | None, row: ConflictRow, *,
    take: str | None = None, text: str | None = None, value: object = None, reason: str = "",
) -> None:  # fmt: skip
    with project.transaction() as repo:
        by = _me(repo, profile) if profile else None
        repo.conflicts.resolve(
            row.study_id, row.path, form_key=row.form, take=take, text=text, value=value,
            reason=reason, by=by, result=row.result,
        )  # fmt: skip


def agreement(project: ProjectFile) -> tuple[str, list[FieldAgreement]]:
    """The project's title and its agreement per field."""
    with project.transaction() as repo:
        return repo.overview.project().title, repo.conflicts.agreement()


def save_agreement(path: Path, title: str, fields: list[FieldAgreement]) -> None:
    """Write the agreement as a PDF report or a CSV table, by the file's suffix."""
    from extractor.io.agreement_files import agreement_csv
    from extractor.reports.agreement_report import agreement_pdf

    suffix = path.suffix.lower()
    if suffix == ".pdf":
        write_output(path, agreement_pdf(title, "Reviewers: the pair of each study", fields))
    elif suffix == ".csv":
        write_output(path, agreement_csv(fields))
    else:
        raise InputError.at(str(path), None, "choose a file ending .pdf or .csv")


@dataclass(frozen=True)
class OutputState:
    form: Form
    tables: TableSettings
    glossary: dict[str, str]
    prisma: PrismaCounts
    reviewers: list[str]
    synthesis: list[str]


def output_state(project: ProjectFile) -> OutputState:
    from extractor.io.extraction_import import pick_form
    from extractor.io.prisma_files import load_counts
    from extractor.io.tables_export import glossary

    with project.transaction() as repo:
        tables = TableSettings.load(repo)
        form = pick_form(repo, tables.form)
        return OutputState(
            form=form,
            tables=tables,
            glossary=glossary(repo),
            prisma=load_counts(repo),
            reviewers=[r.name for r in repo.reviewers.list()],
            synthesis=list((repo.settings.get("export.synthesis") or {}).get("by", [])),
        )


def table_preview(project: ProjectFile, settings: TableSettings, source: str | None, width: int):
    from extractor.io.tables_export import render_tables
    from extractor.pdf.document import first_page

    data, _ = render_tables(project, settings, source, "pdf")
    return first_page(data, width)


def save_tables(
    project: ProjectFile, settings: TableSettings, source: str | None, out: Path
) -> None:
    """Write the tables and keep the settings for the next export and Export all."""
    from extractor.io.tables_export import render_tables

    data, _ = render_tables(project, settings, source, out.suffix.lower().lstrip("."))
    write_output(out, data)
    with project.transaction() as repo:
        settings.save(repo)


def save_glossary(project: ProjectFile, glossary: dict[str, str]) -> None:
    from extractor.io.tables_export import GLOSSARY

    with project.transaction() as repo:
        repo.settings.set(GLOSSARY, glossary)


def save_prisma(project: ProjectFile, counts: PrismaCounts) -> list[str]:
    from extractor.io.prisma_files import save_counts

    return save_counts(project, counts)


def synthesis_rows(
    project: ProjectFile, by: list[str], source: str | None
) -> list[dict[str, object]]:
    from extractor.core.synthesis import synthesis
    from extractor.io.data_export import gather
    from extractor.io.extraction_import import pick_form

    with project.transaction() as repo:
        form = pick_form(repo, None)
        items, _ = gather(repo, form, source)
    return synthesis(form, by, ((i.study.label, i.data) for i in items))


def save_synthesis(project: ProjectFile, by: list[str], source: str | None, out: Path) -> None:
    """Write the synthesis and keep its keys for the next Export all."""
    from extractor.io.export_all import SYNTHESIS
    from extractor.io.synthesis_files import export_synthesis

    export_synthesis(project, by, out, source)
    with project.transaction() as repo:
        repo.settings.set(SYNTHESIS, {"by": by})


def create_project(path: Path, title: str) -> None:
    """A new project with the built-in Study characteristics form (as `extractor new`)."""
    from extractor.core.forms import load_form_json
    from extractor.resources import resource

    builtin = resource("forms", "study_characteristics.json")
    form = load_form_json(builtin.read_text(encoding="utf-8"), str(builtin))
    project = ProjectFile.create(path, title)
    with project, project.transaction() as repo:
        repo.forms.save(form)


BACKUPS_KEPT = 5


def back_up(project: ProjectFile) -> Path:
    """Copy the open project into the user's data dir (SQLite's backup API, so the
    copy is consistent while the project stays open); keep the latest few."""
    from datetime import datetime

    from extractor.config import data_dir
    from extractor.store.database import copy_database

    folder = data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{project.path.stem}-{stamp}{project.path.suffix}"
    copy_database(project.path, target)
    old = sorted(folder.glob(f"{project.path.stem}-*{project.path.suffix}"))
    for stale in old[:-BACKUPS_KEPT]:
        stale.unlink(missing_ok=True)
    return target


def add_rob_tool(project: ProjectFile, tool: str) -> str:
    """Add a built-in risk-of-bias instrument to the project; returns its name."""
    from extractor.io.rob_data import instrument

    with project.transaction() as repo:
        return instrument(repo, tool, add=True).form.name
