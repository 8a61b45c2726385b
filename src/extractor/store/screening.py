"""Screening decisions: each reviewer's, per study and stage."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.core.model import ScreeningInfo
from extractor.store.audit import Audit
from extractor.store.models import ScreeningDecision


class Screening:
    def __init__(self, session: Session, audit: Audit) -> None:
        self.session = session
        self.audit = audit

    def decisions(self, study_id: str | None = None) -> list[ScreeningInfo]:
        query = select(ScreeningDecision).order_by(
            ScreeningDecision.study_id, ScreeningDecision.stage, ScreeningDecision.decided_at
        )
        if study_id is not None:
            query = query.where(ScreeningDecision.study_id == study_id)
        return [
            ScreeningInfo(row.study_id, row.reviewer_id, row.stage, row.decision, row.reason)
            for row in self.session.scalars(query)
        ]

    def decide(self, decision: ScreeningInfo) -> None:
        """Record a reviewer's decision, replacing theirs for the same study and stage."""
        row = self.session.scalars(
            select(ScreeningDecision).where(
                ScreeningDecision.study_id == decision.study_id,
                ScreeningDecision.reviewer_id == decision.reviewer_id,
                ScreeningDecision.stage == decision.stage,
            )
        ).first()
        old = None if row is None else row.decision
        if row is None:
            row = ScreeningDecision(
                study_id=decision.study_id, reviewer_id=decision.reviewer_id, stage=decision.stage
            )
            self.session.add(row)
        row.decision, row.reason = decision.decision, decision.reason
        self.session.flush()
        self.audit.record(
            "screening.decide",
            reviewer_id=decision.reviewer_id,
            study_id=decision.study_id,
            old=old,
            new=decision.decision,
            detail=f"{decision.stage}: {decision.reason}".rstrip(": "),
        )
