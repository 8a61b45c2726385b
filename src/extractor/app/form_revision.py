"""Revising a form that may already hold answers: what changes, what becomes of each
answer, and doing it in one transaction.

Every way a form changes goes through here (a JSON file imported, the form editor,
the lead's update package in a reviewer's copy), so an answer is never lost or
silently reinterpreted: each is carried to its field in the new version, converted
where its type changed, or, where it cannot be carried, listed before anything
changes and kept in the audit log and in the data of the version it belongs to.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractor.app.pilot import pilot_state
from extractor.app.ports import Project
from extractor.core.errors import InputError, NotFoundError, RefusedError
from extractor.core.form_changes import (
    DecisionChange,
    FieldChange,
    compare_forms,
    decision_fate,
    fate,
    revision_lines,
)
from extractor.core.forms import Form
from extractor.core.paths import FieldPath
from extractor.core.values import format_value
from extractor.core.words import counted
from extractor.io.files import write_output
from extractor.store.form_versions import ArchivedVersion, StoredAnswer, StoredDecision
from extractor.store.repository import Repository
from extractor.store.sharing import SHARED_FOR

ANY_LOSS = True  # agree to lose whatever the revision cannot carry
Agreed = bool | frozenset[str]  # nothing, anything, or the answers and decisions listed


Rows = tuple[str, str, str]  # a study, a result, a group: the rows of one extraction's group


@dataclass(frozen=True)
class LostAnswer:
    """An answer, or a decision on a disagreement, a new version cannot carry."""

    id: str  # the answer's or the decision's
    study: str
    reviewer: str  # whose answer, or "decision" for the lead's decision
    place: str
    value: str  # as a person reads it
    reason: str

    def line(self) -> str:
        return f"{self.study} ({self.reviewer}), {self.place}: {self.value!r}: {self.reason}"


@dataclass(frozen=True)
class FormRevision:
    """A form's new definition, and what it does to the answers the project holds."""

    form: Form  # as it will be stored, its version set
    previous: Form | None
    changes: list[FieldChange]
    held: dict[str, int]  # answers held by each changed field (its path)
    converted: int
    lost_at: dict[str, int] = field(default_factory=dict)  # answers not carried, by path
    lost: list[LostAnswer] = field(default_factory=list)
    reopened: list[LostAnswer] = field(default_factory=list)  # decisions taken back
    differs: bool = False  # from the stored form: a definition, or (from the lead) a number
    frozen: str = ""  # said where the form was frozen after its pilot
    # What the plan read and worked out, for applying it in the same transaction.
    answers: tuple[StoredAnswer, ...] = field(default=(), repr=False)
    unsettled: frozenset[Rows] = field(default=frozenset(), repr=False)
    applied: bool = False

    @property
    def losses(self) -> frozenset[str]:
        """The answers and decisions it would lose, by id: what the user agrees to."""
        return frozenset(item.id for item in [*self.lost, *self.reopened])

    def agreed_by(self, agreed: Agreed) -> bool:
        if isinstance(agreed, bool):
            return agreed or not self.losses
        return self.losses <= agreed

    @property
    def added(self) -> bool:
        return self.previous is None

    @property
    def changed(self) -> bool:
        return self.previous is None or self.differs

    def lines(self) -> list[str]:
        """The report of the revision for people: one line per change, then the
        answers that cannot be carried."""
        if self.previous is None:
            return [f"added form '{self.form.key}' ({self.form.name}), version {self.form.version}"]
        if not self.changed:
            return [f"form '{self.form.key}' is unchanged (version {self.form.version})"]
        head = (
            f"form '{self.form.key}' ({self.form.name}): version {self.previous.version} → "
            f"{self.form.version}"
        )
        said = revision_lines(self.changes, self.held, self.lost_at)
        lines = [head, *("  " + line for line in said)]
        if self.converted:
            lines.append(f"  {counted(self.converted, 'answer')} converted to the new version")
        if self.lost:
            lines.append(
                f"  {counted(len(self.lost), 'answer')} cannot be carried to the new version "
                f"(kept in the audit log and in version {self.previous.version}'s data):"
            )
            lines += ["    " + item.line() for item in self.lost]
        if self.frozen:
            lines.append(f"  note: {self.frozen}")
        if self.reopened:
            lines.append(
                f"  {counted(len(self.reopened), 'decision')} on disagreements cannot be "
                "carried and will be reopened (the audit log keeps them):"
            )
            lines += ["    " + item.line() for item in self.reopened]
        return lines


def plan_revision(repo: Repository, form: Form, from_lead: bool = False) -> FormRevision:
    """What saving `form` would do, changing nothing. `from_lead`: the lead's version
    arriving in a reviewer's copy, which keeps the lead's version number."""
    previous = repo.forms.get(form.key)
    following = repo.forms.next_version(form)
    versioned = replace(form, version=form.version if from_lead else following)
    same = previous is not None and following == previous.version  # the same definition
    if previous is None or (same and previous.version == versioned.version):
        return FormRevision(versioned, previous, [], {}, 0)
    changes = compare_forms(previous, versioned)
    answers = repo.form_versions.answers(form.key)
    held = Counter(answer.path for answer in answers)
    touched = {change.path for change in changes}
    converted, lost, lost_at = 0, [], Counter[str]()
    for answer in answers:
        became = fate(previous, versioned, answer.path, answer.value)
        if became.lost:
            lost.append(_lost(previous, answer, became.lost))
            lost_at[answer.path] += 1
        elif became.alters(answer.value):
            converted += 1
    for group in previous.groups():  # a group holds its sub-fields' answers
        inside = [f"{group.key}.{sub.key}" for sub in group.fields]
        held[group.key] = sum(held[path] for path in inside)
        lost_at[group.key] = sum(lost_at[path] for path in inside)
    counts = {path: held[path] for path in touched if held[path]}
    unsettled = frozenset(_unsettled_rows(previous, versioned, answers))
    reopened = [
        LostAnswer(d.id, d.study, "decision", d.path, _plain(d.value), change.lost)
        for d in repo.form_versions.decisions(form.key)
        if (change := _decision_change(previous, versioned, d, unsettled)) is not None
        and change.value is None
    ]
    state = pilot_state(repo, form.key)
    frozen = (
        f"the form was frozen at version {state.frozen_version} after its pilot"
        if state is not None and not state.running
        else ""
    )
    return FormRevision(
        versioned,
        previous,
        changes,
        counts,
        converted,
        dict(lost_at),
        lost,
        reopened,
        True,
        frozen,
        tuple(answers),
        frozenset(unsettled),
    )


def apply_revision(
    repo: Repository, revision: FormRevision, reason: str, from_lead: bool = False
) -> None:
    """Save the revision's form and carry every answer and decision to it: converted,
    or retired (kept in the audit log and the old version's data) or reopened where
    it cannot be; then the consensus is made again from what stands."""
    previous, form = revision.previous, revision.form
    decided: set[str] = set()
    if previous is not None and revision.changed:
        answers = list(revision.answers)  # as the plan read them, in this transaction
        fates = [(a, fate(previous, form, a.path, a.value)) for a in answers]
        altered = [a for a, became in fates if became.alters(a.value)]
        repo.form_versions.archive(form.key, previous, answers if altered else None)
        because = f"{reason}: form '{form.key}' version {previous.version} → {form.version}"
        for answer, became in fates:
            if became.value is None and became.lost:
                repo.form_versions.retire(answer, form.key, f"{because}: {became.lost}")
            elif became.alters(answer.value):
                detail = f"{because}: {became.lost}" if became.lost else because
                repo.form_versions.convert(answer, became.value, form.key, detail)
        removed = [g.key for g in previous.groups() if not _still_group(form, g.key)]
        if removed:
            repo.form_versions.drop_rows(form.key, removed)
        decided = _carry_decisions(repo, previous, form, because, revision.unsettled)
    repo.forms.save(form, exact_version=from_lead)
    # Where a decision changed, the consensus is made again from what stands (the
    # consensus' own answers went through the rules above like everyone's).
    for study_id in sorted(decided):
        repo.conflicts.refresh_consensus(study_id)


def _carry_decisions(
    repo: Repository, previous: Form, form: Form, because: str, unsettled: frozenset[Rows]
) -> set[str]:
    """Convert or reopen the decisions the new version changes; the studies whose
    decisions it changed."""
    changed: set[str] = set()
    for decision in repo.form_versions.decisions(form.key):
        change = _decision_change(previous, form, decision, unsettled)
        if change is None:
            continue
        changed.add(decision.study_id)
        detail = f"{because}: {change.lost}" if change.lost else because
        if change.value is None and change.lost:
            repo.form_versions.reopen(decision, form.key, detail)
        else:
            repo.form_versions.redecide(decision, change.value, form.key, detail)
    return changed


def _unsettled_rows(previous: Form, form: Form, answers: list[StoredAnswer]) -> set[Rows]:
    """The groups whose rows may pair otherwise between reviewers in the new version:
    where it removes an answer from a row (a row can become empty), or changes a value
    of the field that pairs the rows. A decision taken on one of their rows (stored
    under the pair's number) may name another pair now."""
    found: set[Rows] = set()
    for answer in answers:
        group, dot, sub = answer.path.partition(".")
        if not dot:
            continue
        became = fate(previous, form, answer.path, answer.value)
        pairing = previous.field(group)
        keyed = pairing is not None and pairing.key_field == sub
        if (became.lost and became.value is None) or (keyed and became.alters(answer.value)):
            found.add((answer.study_id, answer.result, group))
    return found


def _decision_change(
    previous: Form, form: Form, decision: StoredDecision, unsettled: frozenset[Rows]
) -> DecisionChange | None:
    place = FieldPath.parse(decision.path)
    if place.row is not None and (decision.study_id, decision.result, place.key) in unsettled:
        return DecisionChange(
            None, "the rows of its group may pair otherwise now (answers in them changed)"
        )
    return decision_fate(previous, form, decision.path, decision.value)


def revise_form(
    project: Project,
    form: Form,
    reason: str,
    agreed: Agreed = False,
    dry_run: bool = False,
    based_on: int | None = None,
) -> FormRevision:
    """Add `form`, or make it the form's new version, in one transaction: unless it is
    a dry run, or it would lose answers or decisions not `agreed` to (then nothing
    changes, and the revision returned says what would). Refused in a reviewer's
    copy, whose forms are the lead's, and where the form is no longer the version
    `based_on` (the one an editor opened: saving it would undo what came since)."""
    with project.transaction() as repo:
        locked = _why_locked(repo, project)
        if locked:
            raise RefusedError(locked)
        stored = repo.forms.get(form.key)
        if based_on is not None and stored is not None and stored.version != based_on:
            raise RefusedError(
                f"form '{form.key}' is at version {stored.version} now, not {based_on} as "
                "when it was opened: open it again to change the newer version"
            )
        revision = plan_revision(repo, form)
        if dry_run or not revision.agreed_by(agreed):
            return revision
        apply_revision(repo, revision, reason)
        return replace(revision, applied=True)


def import_form_file(
    project: Project, path: Path, agreed: Agreed = False, dry_run: bool = False
) -> FormRevision:
    """`extractor form import`: a form's JSON file, added or as the form's new version."""
    from extractor.app.project import read_form

    return revise_form(project, read_form(path), f"imported from {path.name}", agreed, dry_run)


def _lost(form: Form, answer: StoredAnswer, reason: str) -> LostAnswer:
    resolved = form.resolve(answer.path)
    shown = format_value(resolved[1], answer.value) if resolved else _plain(answer.value)
    who = answer.reviewer + (f", {answer.result}" if answer.result else "")
    return LostAnswer(answer.id, answer.study, who, answer.place, shown, reason)


def forms_locked(project: Project) -> str:
    """Why the project's forms cannot be changed here ("" where they can): a
    reviewer's copy takes them from the lead."""
    with project.reading() as repo:
        return _why_locked(repo, project)


def _why_locked(repo: Repository, project: Project) -> str:
    shared_for = repo.settings.get(SHARED_FOR)
    if not isinstance(shared_for, dict):
        return ""
    return (
        f"{project.path.name} is {_name_of(shared_for)}'s copy: its forms are the lead's, "
        "and change with the lead's update package"
    )


def _name_of(shared_for: object) -> str:
    name = shared_for.get("name") if isinstance(shared_for, dict) else None
    return str(name) if name else "a reviewer"


def _plain(value: object) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {held}" for key, held in value.items() if held is not None)
    return " | ".join(map(str, value)) if isinstance(value, list) else str(value)


def _still_group(form: Form, key: str) -> bool:
    found = form.field(key)
    return found is not None and found.is_group


def current_form(project: Project, key: str) -> Form:
    """A form as the project holds it now."""
    with project.reading() as repo:
        form = repo.forms.get(key)
    if form is None:
        raise NotFoundError(f"the project has no form '{key}'")
    return form


def form_history(project: Project, key: str) -> tuple[Form, list[ArchivedVersion]]:
    """A form as it is now, and each version it replaced, oldest first."""
    with project.reading() as repo:
        form = repo.forms.get(key)
        if form is None:
            known = ", ".join(f.key for f in repo.forms.list())
            raise NotFoundError(f"the project has no form '{key}' (forms: {known})")
        return form, repo.form_versions.archived(key)


def replaced_version(project: Project, key: str, version: int) -> ArchivedVersion:
    """A version the form has had before its current one."""
    form, archived = form_history(project, key)
    found = next((item for item in archived if item.version == version), None)
    if found is None:
        had = ", ".join(str(item.version) for item in archived) or "none"
        raise NotFoundError(
            f"form '{key}' has no replaced version {version} (it is at version "
            f"{form.version}; versions replaced: {had})"
        )
    return found


def export_version_data(project: Project, key: str, version: int, out: Path) -> None:
    """The answers a replaced version held when the next one lost or converted some
    of them, each reviewer's, as JSON."""
    if out.suffix.lower() != ".json":
        raise InputError.at(str(out), None, "the data of a replaced version is written as .json")
    found = replaced_version(project, key, version)
    payload = {
        "form": key,
        "version": found.version,
        "replaced_at": found.replaced_at,
        "definition": found.form.to_dict(),
        "reviewers": [
            {"reviewer": name, "extractions": extractions}
            for name, extractions in found.data.items()
        ],
    }
    if not found.data:
        payload["note"] = (
            "the next version carried every answer of this one unchanged: its answers are "
            "those of the current version's data"
        )
    write_output(out, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
