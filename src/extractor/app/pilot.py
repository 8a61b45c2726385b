"""Piloting a form before it is frozen: the lead names the first few studies, two
reviewers extract them, and the lead reads their answers side by side, field by
field, with their agreement; then revises the form (its answers carried, see
form_revision) or freezes it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractor.app.ports import Project
from extractor.core.errors import NotFoundError, RefusedError, UsageError
from extractor.core.forms import Form
from extractor.core.pilot import PilotField, side_by_side
from extractor.core.words import counted
from extractor.store.models import utc_now
from extractor.store.repository import Repository

PILOT = "pilot:"  # + a form's key: its pilot (the studies, when begun, when frozen)
DEFAULT_STUDIES = 3


@dataclass(frozen=True)
class PilotState:
    form_key: str
    studies: list[str]  # ids, in the order named
    started_at: str
    frozen_at: str | None = None
    frozen_version: int | None = None

    @property
    def running(self) -> bool:
        return self.frozen_at is None

    def to_json(self) -> dict[str, Any]:
        return {
            "studies": self.studies,
            "started_at": self.started_at,
            "frozen_at": self.frozen_at,
            "frozen_version": self.frozen_version,
        }


@dataclass(frozen=True)
class PilotReport:
    form: Form
    state: PilotState
    labels: list[str]  # the pilot studies
    answered: list[str]  # those two reviewers have both answered
    reviewers: list[tuple[str, str]]  # the pairs compared
    fields: list[PilotField] = field(default_factory=list)

    def head(self) -> str:
        pairs = "; ".join(f"{a} and {b}" for a, b in self.reviewers) or "no two reviewers yet"
        said = "frozen" if not self.state.running else "in pilot"
        return (
            f"Form '{self.form.key}' ({self.form.name}), version {self.form.version}, {said}: "
            f"{counted(len(self.labels), 'pilot study', 'pilot studies')} "
            f"({', '.join(self.labels)}); {pairs} answered "
            f"{len(self.answered)} of them"
        )

    def lines(self) -> list[str]:
        lines = [self.head()]
        for item in self.fields:
            agreement = item.agreement
            if not agreement.compared:
                lines.append(f"{item.label} ({item.path}): not answered yet")
                continue
            stats = "".join(
                f", {name} {value:g}"
                for name, value in (("kappa", agreement.kappa), ("AC1", agreement.ac1))
                if value is not None
            )
            lines.append(
                f"{item.label} ({item.path}): agreed {agreement.agreed} of "
                f"{agreement.compared} ({agreement.percent:g}%){stats}"
            )
            for answer in item.answers:
                if answer.a or answer.b:
                    mark = "" if answer.agree else "   ≠"
                    lines.append(f"    {answer.study}: {answer.a or '—'} | {answer.b or '—'}{mark}")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "form": self.form.key,
            "version": self.form.version,
            "state": "pilot" if self.state.running else "frozen",
            "studies": self.labels,
            "answered": self.answered,
            "reviewers": [list(pair) for pair in self.reviewers],
            "fields": [
                {
                    "field": item.path,
                    "label": item.label,
                    "compared": item.agreement.compared,
                    "agreed": item.agreement.agreed,
                    "percent": item.agreement.percent,
                    "kappa": item.agreement.kappa,
                    "ac1": item.agreement.ac1,
                    "answers": [
                        {"study": a.study, "a": a.a, "b": a.b, "agree": a.agree}
                        for a in item.answers
                    ],
                }
                for item in self.fields
            ],
        }


def start_pilot(
    project: Project, form_key: str, count: int | None = None, studies: list[str] | None = None
) -> PilotState:
    """Put a form in pilot on the studies named, or on the first `count` of the list."""
    with project.transaction() as repo:
        form = _form(repo, form_key)
        listed = repo.studies.list()
        if studies:
            chosen = []
            for name in studies:
                found = repo.studies.find(name)
                if found is None:
                    raise NotFoundError(f"no study '{name}' in the project")
                chosen.append(found.id)
        else:
            wanted = DEFAULT_STUDIES if count is None else count
            if wanted < 1:
                raise UsageError("a pilot needs at least one study")
            chosen = [study.id for study in listed[:wanted]]
        if not chosen:
            raise RefusedError("the project has no studies to pilot the form on yet")
        state = PilotState(form.key, chosen, utc_now())
        repo.settings.set(PILOT + form.key, state.to_json())
        repo.audit.record(
            "form.pilot", form_key=form.key, detail=f"{counted(len(chosen), 'study', 'studies')}"
        )
        return state


def freeze_form(project: Project, form_key: str) -> PilotState:
    """End a form's pilot: the version it has now is the one the review uses."""
    with project.transaction() as repo:
        form = _form(repo, form_key)
        state = pilot_state(repo, form.key)
        if state is None:
            raise RefusedError(f"form '{form.key}' is not in pilot (extractor form pilot)")
        frozen = PilotState(form.key, state.studies, state.started_at, utc_now(), form.version)
        repo.settings.set(PILOT + form.key, frozen.to_json())
        repo.audit.record("form.freeze", form_key=form.key, detail=f"version {form.version}")
        return frozen


def pilot_state(repo: Repository, form_key: str) -> PilotState | None:
    stored = repo.settings.get(PILOT + form_key)
    if not isinstance(stored, dict):
        return None
    return PilotState(
        form_key,
        [str(s) for s in stored.get("studies", [])],
        str(stored.get("started_at", "")),
        stored.get("frozen_at"),
        stored.get("frozen_version"),
    )


def pilot_report(project: Project, form_key: str) -> PilotReport:
    """The pilot studies' answers of every pair of reviewers, side by side."""
    with project.reading() as repo:
        form = _form(repo, form_key)
        state = pilot_state(repo, form.key)
        if state is None:
            raise RefusedError(
                f"form '{form.key}' has no pilot: begin one with extractor form pilot "
                f"PROJECT {form.key} --studies N"
            )
        labels = {study.id: study.label for study in repo.studies.list()}
        wanted = [s for s in state.studies if s in labels]
        pairs = [
            pair
            for pair in repo.conflicts.pairs(form_key=form.key)
            if pair.study.id in wanted and not pair.result
        ]
        pairs.sort(key=lambda pair: wanted.index(pair.study.id))
        extractions = [(pair.study.label, pair.a_data, pair.b_data) for pair in pairs]
        return PilotReport(
            form=form,
            state=state,
            labels=[labels[s] for s in wanted],
            answered=[pair.study.label for pair in pairs],
            reviewers=sorted({(pair.a.name, pair.b.name) for pair in pairs}),
            fields=side_by_side(form, extractions),
        )


def _form(repo: Repository, key: str) -> Form:
    form = repo.forms.get(key)
    if form is None:
        known = ", ".join(f.key for f in repo.forms.list())
        raise NotFoundError(f"the project has no form '{key}' (forms: {known})")
    return form
