"""A value's history: who set what, when, from where (typed, a file, a reviewer's
package, a resolution), old and new, read from the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from extractor.app.ports import Project
from extractor.core.errors import ExtractorError, NotFoundError
from extractor.core.forms import Form
from extractor.core.paths import FieldPath
from extractor.core.values import JsonValue

ROW_ACTIONS = {"row.add": "row added", "row.remove": "row removed", "row.move": "row moved"}
VALUE_ACTIONS = ("answer.set", "conflict.resolve", "conflict.reopen", *ROW_ACTIONS)


@dataclass(frozen=True)
class Change:
    at: str
    reviewer: str
    study: str
    form: str
    field: str  # its path: design, arms[2].patients
    old: JsonValue
    new: JsonValue
    source: str
    label: str = ""  # the field as the form names it: "Arms 2: Patients"

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "at": self.at,
            "reviewer": self.reviewer,
            "study": self.study,
            "form": self.form,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "source": self.source,
            "label": self.label,
        }


def history_filters(project: Project) -> tuple[list[str], list[str]]:
    """The studies and the reviewers (the consensus too) a history can be narrowed to."""
    with project.reading() as repo:
        studies = [study.label for study in repo.studies.list()]
        reviewers = [r.name for r in repo.reviewers.list(include_consensus=True)]
    return studies, reviewers


def value_history(
    project: Project,
    study: str | None = None,
    field: str | None = None,
    reviewer: str | None = None,
) -> list[Change]:
    """Every change of an answer, oldest first; `field` is a field's key (a group's
    key takes in its rows), or a path such as `arms[2].patients`."""
    with project.reading() as repo:
        study_id = reviewer_id = None
        if study is not None:
            found = repo.studies.find(study)
            if found is None:
                raise NotFoundError(f"no study '{study}' in the project")
            study_id = found.id
        if reviewer is not None:
            who = repo.reviewers.find(reviewer)
            if who is None:
                raise NotFoundError(f"no reviewer '{reviewer}' in the project")
            reviewer_id = who.id
        entries = repo.audit.entries(study_id, reviewer_id, VALUE_ACTIONS)
        consensus = {r.name for r in repo.reviewers.list(include_consensus=True) if r.is_consensus}
        forms = {form.key: form for form in repo.forms.list()}
    return [
        Change(
            at=entry.at,
            reviewer=entry.reviewer or "",
            study=entry.study or "",
            form=entry.form or "",
            field=entry.field or "",
            old=entry.old,
            new=entry.new,
            source=_source(entry.action, entry.detail, entry.reviewer in consensus),
            label=_label(forms.get(entry.form or ""), entry.field or ""),
        )
        for entry in entries
        if field is None or _concerns(entry.field or "", field)
    ]


def _label(form: Form | None, path: str) -> str:
    """A field path in the words of its form; the path itself where the form is gone."""
    return form.describe(path) if form is not None else path


def _concerns(path: str, wanted: str) -> bool:
    if path == wanted:
        return True
    try:
        return FieldPath.parse(path).key == wanted
    except ExtractorError:
        return False


def _source(action: str, detail: str, by_consensus: bool) -> str:
    if action == "conflict.resolve":
        return f"resolution: {detail}" if detail else "resolution"
    if action in ROW_ACTIONS:
        return f"{ROW_ACTIONS[action]}: {detail}" if detail else ROW_ACTIONS[action]
    if by_consensus and not detail:
        return "consensus: the reviewers agreed, or a resolution decided"
    return detail or "entered"
