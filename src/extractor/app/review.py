"""Dual review: reviewer pairs, disagreements, their resolution, agreement."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractor.app import formats
from extractor.app.desktop import ReviewerProfile
from extractor.app.extraction import form_named, writer_id
from extractor.app.ports import Project
from extractor.core.agreement import FieldAgreement
from extractor.core.compare import align_rows
from extractor.core.errors import NotFoundError
from extractor.core.forms import Field, FormKind
from extractor.core.model import Evidence, ExtractionData
from extractor.core.paths import FieldPath
from extractor.io.files import write_output
from extractor.store.conflicts import StudyConflict
from extractor.store.repository import Repository


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


def fill_consensus(project: Project) -> int:
    """Write into the consensus what the reviewers agree on and what was resolved;
    returns how many values changed (the first time, on a large review, seconds)."""
    with project.transaction() as repo:
        return repo.conflicts.refresh_consensus()


def conflict_rows(project: Project) -> list[ConflictRow]:
    """Every disagreement, with what was decided for it."""
    with project.reading() as repo:
        forms = {form.key: form for form in repo.forms.list()}
        rows = []
        loaded: dict[tuple[str, str, str], tuple[ExtractionData, ExtractionData]] = {}
        for item in repo.conflicts.list():
            form = forms[item.form]
            found = form.resolve(item.conflict.field)
            label = item.conflict.field
            where = f" ({item.result})" if item.result else ""
            if found:
                group, field = found
                label = f"{group.label} › {field.label}" if group else field.label
                if group is not None and group.kind.fixed_fields():
                    label += row_names(repo, item, group, loaded)
                if form.kind is FormKind.ROB and not group:  # "Answer" alone says nothing
                    section = next(x for x in form.sections if field in x.fields)
                    label = f"{section.title} › {label}"
            elif (group := form.field(item.conflict.field)) is not None:
                label = f"{group.label} (row)"
            label += where  # which result, for tools that judge a result
            decision = item.decision
            rows.append(
                ConflictRow(
                    study_id=item.study.id,
                    study=item.study.label,
                    form=item.form,
                    path=item.conflict.path,
                    label=label,
                    a_name=item.a.name,
                    b_name=item.b.name,
                    a_id=item.a.id,
                    b_id=item.b.id,
                    a=item.conflict.a,
                    b=item.conflict.b,
                    resolved=item.resolved,
                    choice=decision.choice if decision else None,
                    value=decision.value if decision else None,
                    reason=decision.reason if decision else "",
                    result=item.result,
                )
            )
        return rows


def row_names(
    repo: Repository,
    item: StudyConflict,
    group: Field,
    loaded: dict[tuple[str, str, str], tuple[ExtractionData, ExtractionData]],
) -> str:
    """An outcome row named by its outcome, time point and arm, " (Pain, 6 weeks,
    Drug)": its number alone does not say which arm the numbers are of. `loaded`
    keeps each pair of extractions read, for the study's other conflicts."""
    number = FieldPath.parse(item.conflict.path).row
    if number is None:
        return ""
    key = (item.study.id, item.form, item.result)
    if key not in loaded:
        form = repo.forms.get(item.form)
        assert form is not None
        a_data, b_data = (
            repo.answers.load(item.study.id, form, who.id, item.result) for who in (item.a, item.b)
        )
        loaded[key] = (a_data, b_data)
    a, b = loaded[key]
    pairs = align_rows(group, a.groups.get(group.key, []), b.groups.get(group.key, []))
    if number > len(pairs):
        return ""
    row = pairs[number - 1][0] or pairs[number - 1][1] or {}
    names = [str(row[key]) for key in ("outcome", "timepoint", "arm") if row.get(key)]
    return f" ({', '.join(names)})" if names else ""


def side_evidence(
    project: Project, study_id: str, form_key: str, a_id: str, b_id: str
) -> tuple[dict[str, list[Evidence]], dict[str, list[Evidence]]]:
    """Each reviewer's quotes for one study and form."""
    with project.reading() as repo:
        form = form_named(repo, form_key)
        return (
            repo.answers.load(study_id, form, a_id).evidence,
            repo.answers.load(study_id, form, b_id).evidence,
        )


def resolve_conflict(
    project: Project,
    profile: ReviewerProfile | None,
    row: ConflictRow,
    *,
    take: str | None = None,
    text: str | None = None,
    value: object = None,
    reason: str = "",
) -> None:
    with project.transaction() as repo:
        by = writer_id(repo, profile) if profile else None
        repo.conflicts.resolve(
            row.study_id,
            row.path,
            form_key=row.form,
            take=take,
            text=text,
            value=value,
            reason=reason,
            by=by,
            result=row.result,
        )


def reopen_conflict(project: Project, profile: ReviewerProfile | None, row: ConflictRow) -> None:
    """Take back the decision on a disagreement (the window's undo): open again."""
    with project.transaction() as repo:
        repo.audit.source = "undone in the window"
        by = writer_id(repo, profile) if profile else None
        repo.conflicts.reopen(row.study_id, row.path, row.form, row.result, by)


@dataclass(frozen=True)
class Agreement:
    title: str
    pairs: list[tuple[str, str]]  # the names of each pair of reviewers compared
    fields: list[FieldAgreement]

    @property
    def reviewers_line(self) -> str:
        names = "; ".join(f"{a} and {b}" for a, b in self.pairs) or "no pair of reviewers yet"
        return f"Reviewers: {names}"

    def to_json(self) -> dict[str, object]:
        from extractor.io.agreement_files import agreement_json

        return agreement_json(self.fields)


def agreement(project: Project, a_name: str | None = None, b_name: str | None = None) -> Agreement:
    """Agreement per field, over every pair of reviewers (or the pair named)."""
    with project.reading() as repo:
        return Agreement(
            title=repo.overview.project().title,
            pairs=sorted({(p.a.name, p.b.name) for p in repo.conflicts.pairs(a_name, b_name)}),
            fields=repo.conflicts.agreement(a_name, b_name),
        )


def save_agreement(path: Path, found: Agreement, draft: str | None = None) -> None:
    """Write the agreement as a PDF report or a CSV table, by the file's suffix; a
    draft's pages say what the review still lacks."""
    from extractor.io.agreement_files import agreement_csv
    from extractor.reports.agreement_report import agreement_pdf

    if formats.AGREEMENT.format_of(path).suffix == ".pdf":
        pdf = agreement_pdf(found.title, found.reviewers_line, found.fields, draft)
        write_output(path, pdf)
    else:
        write_output(path, agreement_csv(found.fields))


def assign(project: Project, a_name: str, b_name: str, studies: list[str]) -> tuple[int, str, str]:
    """Give studies (labels or references; none: every study) to a pair of reviewers,
    adding reviewers not known yet; returns how many studies and the two names."""
    with project.transaction() as repo:
        a, b = repo.reviewers.add(a_name), repo.reviewers.add(b_name)
        if studies:
            found = [repo.studies.find(name) for name in studies]
            missing = [name for name, study in zip(studies, found, strict=True) if study is None]
            if missing:
                raise NotFoundError(
                    f"no study {', '.join(repr(m) for m in missing)} in the project"
                )
            ids = [study.id for study in found if study is not None]
        else:
            ids = [study.id for study in repo.studies.list()]
        repo.conflicts.assign(ids, a, b)
        return len(ids), a.name, b.name


def list_conflicts(
    project: Project, a_name: str | None = None, b_name: str | None = None
) -> list[StudyConflict]:
    """Every disagreement of every pair (or of the pair named), resolved or not."""
    with project.reading() as repo:
        return repo.conflicts.list(a_name, b_name)


def resolve(
    project: Project,
    study: str,
    path: str,
    *,
    form_key: str | None = None,
    take: str | None = None,
    text: str | None = None,
    value: object = None,
    reason: str = "",
    by: str | None = None,
    result: str | None = None,
) -> tuple[StudyConflict, int]:
    """Decide one disagreement, named as the command line names it; `by` names the
    reviewer who decides (added if new). Returns it and how many are still open."""
    with project.transaction() as repo:
        by_id = repo.reviewers.add(by).id if by else None
        item = repo.conflicts.resolve(
            study,
            path,
            form_key=form_key,
            take=take,
            value=value,
            text=text,
            reason=reason,
            by=by_id,
            result=result,
        )
        return item, repo.conflicts.count_open()
