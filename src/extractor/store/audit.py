"""The append-only audit log."""

from __future__ import annotations

from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.core.model import AuditEntry
from extractor.core.values import JsonValue
from extractor.store.models import AuditEvent, Reviewer, Study


class Audit:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        action: str,
        *,
        reviewer_id: str | None = None,
        study_id: str | None = None,
        form_key: str | None = None,
        field: str | None = None,
        old: JsonValue = None,
        new: JsonValue = None,
        detail: str = "",
    ) -> None:
        self.session.add(
            AuditEvent(
                action=action,
                reviewer_id=reviewer_id,
                study_id=study_id,
                form_key=form_key,
                field_path=field,
                old=old,
                new=new,
                detail=detail,
            )
        )

    def entries(self, study_id: str | None = None) -> list[AuditEntry]:
        query = (
            select(AuditEvent, Reviewer.name, Study.label)
            .outerjoin(Reviewer, Reviewer.id == AuditEvent.reviewer_id)
            .outerjoin(Study, Study.id == AuditEvent.study_id)
            .order_by(AuditEvent.id)
        )
        if study_id is not None:
            query = query.where(AuditEvent.study_id == study_id)
        return [
            AuditEntry(
                at=event.at,
                reviewer=name,
                action=event.action,
                study=label,
                form=event.form_key,
                field=event.field_path,
                old=_logged(event.old),
                new=_logged(event.new),
            )
            for event, name, label in self.session.execute(query)
        ]


def _logged(value: object) -> JsonValue:
    """A value as read back from the log: `record` writes only JSON values."""
    return cast(JsonValue, value)
