"""Disagreements between each study's two reviewers, their resolution, the
consensus that follows from both, and the reviewers' agreement."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from extractor.core.agreement import FieldAgreement, agreement
from extractor.core.compare import Conflict, Row, compare
from extractor.core.consensus import Merged, merge
from extractor.core.decisions import Decision, decide, named_disagreement, pair_of
from extractor.core.errors import NotFoundError, RefusedError
from extractor.core.forms import Form
from extractor.core.model import ExtractionData, ReviewerInfo, StudyInfo
from extractor.core.values import Value
from extractor.core.words import counted
from extractor.store.answers import Answers, NewExtraction
from extractor.store.bulk import collector_paused
from extractor.store.forms import Forms
from extractor.store.models import Assignment, Resolution, utc_now
from extractor.store.reviewers import Reviewers
from extractor.store.studies import Studies


@dataclass(frozen=True)
class Pair:
    study: StudyInfo
    form: Form
    a: ReviewerInfo
    b: ReviewerInfo
    a_data: ExtractionData
    b_data: ExtractionData
    result: str = ""  # the result assessed, for tools that judge a result
    consensus: ExtractionData | None = None  # as stored, where there is one


@dataclass(frozen=True)
class StudyConflict:
    study: StudyInfo
    form: str
    a: ReviewerInfo
    b: ReviewerInfo
    conflict: Conflict
    resolved: bool
    decision: Decision | None = None
    result: str = ""


class Conflicts:
    def __init__(
        self,
        session: Session,
        forms: Forms,
        studies: Studies,
        reviewers: Reviewers,
        answers: Answers,
    ) -> None:
        self.session = session
        self.forms = forms
        self.studies = studies
        self.reviewers = reviewers
        self.answers = answers

    def pairs(
        self,
        a_name: str | None = None,
        b_name: str | None = None,
        study_id: str | None = None,
        form_key: str | None = None,
    ) -> list[Pair]:
        """Each study (or the one named) and form (or the one named) that two reviewers
        answered, with both answers."""
        everyone = self.reviewers.list(include_consensus=True)
        people = [r for r in everyone if not r.is_consensus]
        consensus_id = next((r.id for r in everyone if r.is_consensus), None)
        by_id = {r.id: r for r in people}
        wanted = [self._named(name) for name in (a_name, b_name) if name is not None]
        assigned = {
            study: [by_id[r] for r in pair if r in by_id]
            for study, pair in self.assignments().items()
        }
        found: list[Pair] = []
        studies = [s for s in self.studies.list() if study_id in (None, s.id)]
        for form in self.forms.list():
            if form_key not in (None, form.key):
                continue
            results = sorted({result for _, result in self.answers.results_of(form)} | {""})
            for result in results:
                everything = self.answers.load_all(form, result, study_id)
                answered: dict[str, set[str]] = {}
                for answered_study, reviewer_id in everything:
                    answered.setdefault(answered_study, set()).add(reviewer_id)
                for study in studies:
                    pair = pair_of(
                        people, answered.get(study.id, set()), wanted or assigned.get(study.id, [])
                    )
                    if pair is not None:
                        a, b = pair
                        a_data, b_data = everything[(study.id, a.id)], everything[(study.id, b.id)]
                        agreed = everything.get((study.id, consensus_id)) if consensus_id else None
                        found.append(Pair(study, form, a, b, a_data, b_data, result, agreed))
        return found

    def list(
        self, a_name: str | None = None, b_name: str | None = None, study_id: str | None = None
    ) -> list[StudyConflict]:
        resolved = {
            (r.study_id, r.form_id, r.result, r.field_path): Decision(r.choice, r.value, r.reason)
            for r in self.session.scalars(select(Resolution))
        }
        found: list[StudyConflict] = []
        form_ids = self.forms.ids()
        with collector_paused():
            for pair in self.pairs(a_name, b_name, study_id):
                form_id = form_ids[pair.form.key]
                for conflict in compare(pair.form, pair.a_data, pair.b_data):
                    key = (pair.study.id, form_id, pair.result, conflict.path)
                    found.append(
                        StudyConflict(
                            pair.study,
                            pair.form.key,
                            pair.a,
                            pair.b,
                            conflict,
                            key in resolved,
                            resolved.get(key),
                            pair.result,
                        )
                    )
        return found

    def count_open(self) -> int:
        return sum(1 for item in self.list() if not item.resolved)

    def agreement(
        self, a_name: str | None = None, b_name: str | None = None
    ) -> builtins.list[FieldAgreement]:
        """Agreement per field of every form, on the reviewers' own answers."""
        pairs = self.pairs(a_name, b_name)
        found: builtins.list[FieldAgreement] = []
        for form in self.forms.list():
            extractions = [(p.a_data, p.b_data) for p in pairs if p.form.key == form.key]
            found += agreement(form, extractions)
        return found

    def resolve(
        self,
        study_name: str,
        path: str,
        *,
        form_key: str | None = None,
        take: str | None = None,
        value: object = None,
        text: str | None = None,
        reason: str = "",
        by: str | None = None,
        result: str | None = None,
    ) -> StudyConflict:
        """Record what the consensus takes for one disagreement and update the consensus.

        `take` is "A" or "B"; otherwise `text` (typed) or `value` (JSON) is the value.
        """
        study = self.studies.find(study_name)
        if study is None:
            raise NotFoundError(f"no study '{study_name}' in the project")
        here = self.list(study_id=study.id)
        item = named_disagreement(here, study.label, path, form_key, result)
        form = self.forms.get(item.form)
        if form is None:
            raise NotFoundError(f"the form '{item.form}' no longer exists")
        choice, chosen = decide(form, item.conflict, take, value, text)
        form_id = self.forms.id_of(form.key)
        row = self.session.scalars(
            select(Resolution).where(
                Resolution.study_id == study.id,
                Resolution.form_id == form_id,
                Resolution.result == item.result,
                Resolution.field_path == path,
            )
        ).first()
        old = None if row is None else row.value
        if row is None:
            row = Resolution(
                study_id=study.id, form_id=form_id, result=item.result, field_path=path
            )
            self.session.add(row)
        row.reviewer_a_id, row.reviewer_b_id = item.a.id, item.b.id
        row.choice, row.value, row.reason, row.resolved_by = choice, chosen, reason, by
        row.resolved_at = utc_now()
        self.session.flush()
        self.answers.audit.record(
            "conflict.resolve",
            reviewer_id=by,
            study_id=study.id,
            form_key=form.key,
            field=path,
            old=old,
            new=chosen,
            detail=f"took {choice}" + (f": {reason}" if reason else ""),
        )
        self.refresh_consensus()
        return StudyConflict(
            study, form.key, item.a, item.b, item.conflict, True, result=item.result
        )

    def reopen(
        self, study_id: str, path: str, form_key: str, result: str = "", by: str | None = None
    ) -> bool:
        """Take back the decision on one disagreement (an undo): it is open again, and
        the consensus with it; False if it was not decided."""
        form_id = self.forms.id_of(form_key)
        row = self.session.scalars(
            select(Resolution).where(
                Resolution.study_id == study_id,
                Resolution.form_id == form_id,
                Resolution.result == result,
                Resolution.field_path == path,
            )
        ).first()
        if row is None:
            return False
        old = row.value
        self.session.delete(row)
        self.session.flush()
        self.answers.audit.record(
            "conflict.reopen",
            reviewer_id=by,
            study_id=study_id,
            form_key=form_key,
            field=path,
            old=old,
            detail="decision taken back",
        )
        self.refresh_consensus(study_id)
        return True

    def decisions_of(self, study_id: str) -> int:
        """How many disagreements of a study have been decided."""
        query = select(func.count()).select_from(Resolution).where(Resolution.study_id == study_id)
        return int(self.session.scalar(query) or 0)

    def merged(self, form: Form) -> dict[tuple[str, str], tuple[Pair, Merged]]:
        """Each study (and result) two reviewers answered on this form: the consensus
        as the conflict view makes it, and what is still open in it."""
        form_id = self.forms.ids()[form.key]
        decided: dict[tuple[str, str], dict[str, Value | Row]] = {}
        query = select(Resolution).where(Resolution.form_id == form_id)
        for row in self.session.scalars(query):
            decided.setdefault((row.study_id, row.result), {})[row.field_path] = row.value
        found = {}
        for pair in self.pairs(form_key=form.key):
            decisions = decided.get((pair.study.id, pair.result), {})
            found[(pair.study.id, pair.result)] = (
                pair,
                merge(form, pair.a_data, pair.b_data, decisions),
            )
        return found

    def refresh_consensus(self, study_id: str | None = None) -> int:
        """Write the consensus of every pair (or one study's): agreed values and
        resolutions; returns how many consensus values changed."""
        consensus = self.reviewers.consensus()
        decided: dict[tuple[str, str, str], dict[str, Value | Row]] = {}
        for row in self.session.scalars(select(Resolution)):
            decided.setdefault((row.study_id, row.form_id, row.result), {})[row.field_path] = (
                row.value
            )
        changes = 0
        form_ids = self.forms.ids()
        fresh: builtins.list[NewExtraction] = []
        for pair in self.pairs(study_id=study_id):
            form_id = form_ids[pair.form.key]
            decisions = decided.get((pair.study.id, form_id, pair.result), {})
            merged = merge(pair.form, pair.a_data, pair.b_data, decisions)
            if pair.consensus is None:  # new: written with the others, at once
                fresh.append((pair.study.id, pair.form, merged.data, pair.result))
                continue
            if _same(merged.data, pair.consensus):
                continue  # nothing to write: most pairs, once the consensus is built
            changes += self.answers.write(
                pair.study.id,
                pair.form,
                consensus.id,
                merged.data,
                fields={f.key for f in pair.form.scalar_fields()},
                groups={g.key for g in pair.form.groups()},
                result=pair.result,
            )
        return changes + self.answers.create_many(fresh, consensus.id)

    def _named(self, name: str) -> ReviewerInfo:
        reviewer = self.reviewers.find(name)
        if reviewer is None or reviewer.is_consensus:
            raise NotFoundError(f"no reviewer '{name}' in the project")
        return reviewer

    def assignments(self) -> dict[str, tuple[str, str]]:
        """Each assigned study's pair of reviewer ids."""
        return {
            row.study_id: (row.reviewer_a_id, row.reviewer_b_id)
            for row in self.session.scalars(select(Assignment))
        }

    def assign(self, study_ids: builtins.list[str], a: ReviewerInfo, b: ReviewerInfo) -> None:
        """Give studies to a pair of reviewers: their conflicts and agreement are
        computed between these two, whoever else answered."""
        if a.id == b.id:
            raise RefusedError("a pair needs two different reviewers")
        self.session.execute(delete(Assignment).where(Assignment.study_id.in_(study_ids)))
        self.session.add_all(
            Assignment(study_id=study_id, reviewer_a_id=a.id, reviewer_b_id=b.id)
            for study_id in study_ids
        )
        self.session.flush()
        self.answers.audit.record(
            "studies.assign",
            detail=f"{counted(len(study_ids), 'study', 'studies')} to {a.name} and {b.name}",
        )


def _same(new: ExtractionData, stored: ExtractionData) -> bool:
    """Whether writing `new` would leave the stored extraction as it is (values,
    rows and status; an empty value is the same as none)."""

    def filled(values: Mapping[str, Value]) -> dict[str, Value]:
        return {key: value for key, value in values.items() if value is not None}

    return (
        new.status == stored.status
        and filled(new.values) == filled(stored.values)
        and all(
            [filled(row) for row in rows] == [filled(row) for row in stored.groups.get(key, [])]
            for key, rows in new.groups.items()
        )
    )
