"""Disagreements between each study's two reviewers, and whether they are resolved."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.core.compare import Conflict, compare
from extractor.core.errors import ExtractorError
from extractor.core.forms import Form
from extractor.core.model import ReviewerInfo, StudyInfo
from extractor.store.answers import Answers
from extractor.store.forms import Forms
from extractor.store.models import Resolution
from extractor.store.reviewers import Reviewers
from extractor.store.studies import Studies


@dataclass(frozen=True)
class StudyConflict:
    study: StudyInfo
    form: str
    a: ReviewerInfo
    b: ReviewerInfo
    conflict: Conflict
    resolved: bool


class Conflicts:
    def __init__(
        self, session: Session, forms: Forms, studies: Studies, reviewers: Reviewers,
        answers: Answers,
    ) -> None:  # fmt: skip
        self.session = session
        self.forms = forms
        self.studies = studies
        self.reviewers = reviewers
        self.answers = answers

    def list(self, a_name: str | None = None, b_name: str | None = None) -> list[StudyConflict]:
        people = self.reviewers.list()
        wanted = [self._named(name) for name in (a_name, b_name) if name is not None]
        found: list[StudyConflict] = []
        resolved = {
            (r.study_id, r.form_id, r.result, r.field_path)
            for r in self.session.scalars(select(Resolution))
        }
        studies = self.studies.list()
        for form in self.forms.list():
            form_id = self.forms.id_of(form.key)
            answered = self.answers.answered_by(form)
            for study in studies:
                pair = self._pair(people, answered.get(study.id, set()), wanted)
                if pair is None:
                    continue
                a, b = pair
                for conflict in self._compare(study, form, a, b):
                    key = (study.id, form_id, "", conflict.path)
                    found.append(StudyConflict(study, form.key, a, b, conflict, key in resolved))
        return found

    def count_open(self) -> int:
        return sum(1 for item in self.list() if not item.resolved)

    def _compare(self, study: StudyInfo, form: Form, a: ReviewerInfo, b: ReviewerInfo):
        return compare(
            form, self.answers.load(study.id, form, a.id), self.answers.load(study.id, form, b.id)
        )

    def _named(self, name: str) -> ReviewerInfo:
        reviewer = self.reviewers.find(name)
        if reviewer is None or reviewer.is_consensus:
            raise ExtractorError(f"no reviewer '{name}' in the project")
        return reviewer

    @staticmethod
    def _pair(
        people: list[ReviewerInfo], answered: set[str], wanted: list[ReviewerInfo]
    ) -> tuple[ReviewerInfo, ReviewerInfo] | None:
        if len(wanted) == 2:
            chosen = wanted
        else:
            chosen = [r for r in people if r.id in answered][:2]
            if wanted and wanted[0] not in chosen:
                return None
        if len(chosen) < 2 or any(r.id not in answered for r in chosen):
            return None
        return chosen[0], chosen[1]
