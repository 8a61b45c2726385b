"""Screening decisions: each reviewer's, per reference and stage."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.core.model import ScreeningInfo
from extractor.core.screening import Decision
from extractor.store.audit import Audit
from extractor.store.models import ReferenceRecord, ScreeningDecision, utc_now


class Screening:
    def __init__(self, session: Session, audit: Audit) -> None:
        self.session = session
        self.audit = audit

    def decisions(self, reference_id: str | None = None) -> list[ScreeningInfo]:
        query = select(ScreeningDecision).order_by(
            ScreeningDecision.reference_id, ScreeningDecision.stage, ScreeningDecision.decided_at
        )
        if reference_id is not None:
            query = query.where(ScreeningDecision.reference_id == reference_id)
        return [
            ScreeningInfo(row.reference_id, row.reviewer_id, row.stage, row.decision, row.reason)
            for row in self.session.scalars(query)
        ]

    def log(self) -> list[tuple[ScreeningInfo, str]]:
        """Every decision with when it was made, in the order they were made."""
        return [
            (
                ScreeningInfo(
                    row.reference_id, row.reviewer_id, row.stage, row.decision, row.reason
                ),
                row.decided_at,
            )
            for row in self.session.scalars(
                select(ScreeningDecision).order_by(
                    ScreeningDecision.decided_at, ScreeningDecision.id
                )
            )
        ]

    def by_reference(self) -> dict[str, dict[str, tuple[Decision, ...]]]:
        """Every decision: reference id -> stage -> the decisions, oldest first."""
        found: dict[str, dict[str, list[Decision]]] = {}
        for row in self.session.scalars(
            select(ScreeningDecision).order_by(ScreeningDecision.decided_at)
        ):
            stages = found.setdefault(row.reference_id, {})
            stages.setdefault(row.stage, []).append(
                Decision(row.reviewer_id, row.decision, row.reason)
            )
        return {
            reference: {stage: tuple(made) for stage, made in stages.items()}
            for reference, stages in found.items()
        }

    def for_reference(self, reference_id: str) -> dict[str, tuple[Decision, ...]]:
        """One reference's decisions: stage -> the decisions, oldest first."""
        found: dict[str, list[Decision]] = {}
        for row in self.session.scalars(
            select(ScreeningDecision)
            .where(ScreeningDecision.reference_id == reference_id)
            .order_by(ScreeningDecision.decided_at)
        ):
            found.setdefault(row.stage, []).append(
                Decision(row.reviewer_id, row.decision, row.reason)
            )
        return {stage: tuple(made) for stage, made in found.items()}

    def decide(self, decision: ScreeningInfo, how: str = "") -> bool:
        """Record a reviewer's decision, replacing theirs for the same reference and
        stage; returns whether anything changed."""
        row = self._row(decision.reference_id, decision.reviewer_id, decision.stage)
        old = None if row is None else row.decision
        if row is not None and (row.decision, row.reason) == (decision.decision, decision.reason):
            return False
        if row is None:
            row = ScreeningDecision(
                reference_id=decision.reference_id,
                reviewer_id=decision.reviewer_id,
                stage=decision.stage,
            )
            self.session.add(row)
        row.decision, row.reason = decision.decision, decision.reason
        row.decided_at = utc_now()
        self.session.flush()
        self.audit.record(
            "screening.decide",
            reviewer_id=decision.reviewer_id,
            field=self._label(decision.reference_id),
            old=old,
            new=decision.decision,
            detail="; ".join(
                part for part in (f"{decision.stage}: {decision.reason}".rstrip(": "), how) if part
            ),
        )
        return True

    def withdraw(self, reference_id: str, reviewer_id: str, stage: str) -> bool:
        """Take back a reviewer's decision (an undo); returns whether there was one."""
        row = self._row(reference_id, reviewer_id, stage)
        if row is None:
            return False
        self.audit.record(
            "screening.withdraw",
            reviewer_id=reviewer_id,
            field=self._label(reference_id),
            old=row.decision,
            detail=stage,
        )
        self.session.delete(row)
        self.session.flush()
        return True

    def move(self, gone_id: str, keep_id: str) -> list[ScreeningInfo]:
        """Move a merged reference's decisions to the one it joined; where the kept
        one has the reviewer's own decision at that stage, that one stays and the
        moved one is returned (for the audit log), not kept."""
        dropped = []
        for row in list(
            self.session.scalars(
                select(ScreeningDecision).where(ScreeningDecision.reference_id == gone_id)
            )
        ):
            if self._row(keep_id, row.reviewer_id, row.stage) is None:
                row.reference_id = keep_id
            else:
                dropped.append(
                    ScreeningInfo(gone_id, row.reviewer_id, row.stage, row.decision, row.reason)
                )
                self.session.delete(row)
            self.session.flush()
        return dropped

    def _row(self, reference_id: str, reviewer_id: str, stage: str) -> ScreeningDecision | None:
        return self.session.scalars(
            select(ScreeningDecision).where(
                ScreeningDecision.reference_id == reference_id,
                ScreeningDecision.reviewer_id == reviewer_id,
                ScreeningDecision.stage == stage,
            )
        ).first()

    def _label(self, reference_id: str) -> str | None:
        row = self.session.get(ReferenceRecord, reference_id)
        return None if row is None else row.label
