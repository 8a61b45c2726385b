"""Counts that summarise a project (`extractor info`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extractor.core.model import Status
from extractor.store.models import Document, Extraction, Form, Project, Reviewer, Study


@dataclass(frozen=True)
class ProjectSummary:
    id: str
    title: str
    review_question: str
    studies: int
    documents: int
    reviewers: list[str]
    forms: list[str]
    extractions: dict[str, int]


class Overview:
    def __init__(self, session: Session) -> None:
        self.session = session

    def project(self) -> Project:
        return self.session.scalars(select(Project)).one()

    def summary(self) -> ProjectSummary:
        project = self.project()
        reviewers = self.session.scalars(
            select(Reviewer.name)
            .where(Reviewer.is_consensus.is_(False))
            .order_by(Reviewer.position, Reviewer.added_at)
        ).all()
        forms = self.session.scalars(select(Form.key).order_by(Form.position, Form.key)).all()
        statuses = dict.fromkeys((s.value for s in Status), 0)
        reviewers_only = (
            select(Extraction.status, func.count())
            .join(Reviewer, Reviewer.id == Extraction.reviewer_id)
            .where(Reviewer.is_consensus.is_(False))
            .group_by(Extraction.status)
        )
        for status, count in self.session.execute(reviewers_only):
            statuses[status] = statuses.get(status, 0) + count
        return ProjectSummary(
            id=project.id,
            title=project.title,
            review_question=project.review_question,
            studies=self.session.scalar(select(func.count(Study.id))) or 0,
            documents=self.session.scalar(select(func.count(Document.id))) or 0,
            reviewers=list(reviewers),
            forms=list(forms),
            extractions=statuses,
        )
