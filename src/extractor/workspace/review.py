"""Dual review: disagreements, their resolution, agreement."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.config import ReviewerProfile
from extractor.core.agreement import FieldAgreement
from extractor.core.errors import InputError
from extractor.core.forms import FormKind
from extractor.core.model import (
    Evidence,
)
from extractor.io.files import write_output
from extractor.store.project import ProjectFile
from extractor.workspace.editing import form_named, my_id, writer_id


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


def fill_consensus(project: ProjectFile) -> int:
    """Write into the consensus what the reviewers agree on and what was resolved;
    returns how many values changed (the first time, on a large review, seconds)."""
    with project.transaction() as repo:
        return repo.conflicts.refresh_consensus()


def conflict_rows(project: ProjectFile) -> list[ConflictRow]:
    """Every disagreement, with what was decided for it."""
    with project.transaction() as repo:
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
                if form.kind is FormKind.ROB and not group:  # "Answer" alone says nothing
                    section = next(x for x in form.sections if field in x.fields)
                    label = f"{section.title} › {label}"
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
        form = form_named(repo, form_key)
        return (
            repo.answers.load(study_id, form, a_id).evidence,
            repo.answers.load(study_id, form, b_id).evidence,
        )


def resolve_conflict(
    project: ProjectFile, profile: ReviewerProfile | None, row: ConflictRow, *,
    take: str | None = None, text: str | None = None, value: object = None, reason: str = "",
) -> None:  # fmt: skip
    with project.transaction() as repo:
        by = writer_id(repo, profile) if profile else None
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


def share_copy(project: ProjectFile, reviewer: str, target: Path) -> str:
    """A copy of the project for one reviewer, holding no one else's answers."""
    from extractor.store.sharing import share

    with project.transaction() as repo:
        who = repo.reviewers.add(reviewer)
    share(project, who, target)
    return who.name


def write_package(project: ProjectFile, profile: ReviewerProfile | None, target: Path) -> str:
    """This desktop's reviewer package (the copy's reviewer, else the profile's)."""
    from extractor.io.packages import export_package

    with project.transaction() as repo:
        me = my_id(repo, profile)
        reviewer = repo.reviewers.get(me) if me else None
    if reviewer is None:
        raise InputError.at(str(project.path), None, "you have no answers in this project yet")
    sequence = export_package(project, reviewer.name, target)
    return f"{reviewer.name}, package {sequence}"


def import_packages(project: ProjectFile, paths: list[Path]) -> list[str]:
    """Reviewer packages and update packages, each checked whole, one after another."""
    from extractor.io.packages import import_package
    from extractor.io.updates import import_update, is_update

    done = []
    for path in paths:
        if is_update(path):
            update = import_update(project, path)
            done.append(
                f"{path.name}: {update.studies} studies, {update.documents} PDFs, {update.forms} forms"
            )
            continue
        outcome = import_package(project, path)
        done.append(
            f"{path.name}: {outcome.reviewer}, "
            + (
                f"{outcome.changed_values} values changed"
                if outcome.applied
                else "already imported"
            )
        )
    return done
