"""The append-only audit log, sealed into hash chains (core/audit_chain)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.core.audit_chain import Break, Sealed, chain_of, first_break, seal
from extractor.core.model import AuditEntry
from extractor.core.values import JsonValue
from extractor.store.models import AuditEvent, Reviewer, Study


class Audit:
    def __init__(self, session: Session) -> None:
        self.session = session
        # What this transaction's changes come from ("package 3 of Alice, alice.zip"),
        # said on every event it records that gives no detail of its own.
        self.source = ""

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
                detail=detail or self.source,
            )
        )

    def verify(self) -> tuple[int, Break | None]:
        """How many events the log holds, and the first break in its chains, if any."""
        query = select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=2000)
        count = 0

        def sealed() -> Iterator[Sealed]:
            nonlocal count
            for event in self.session.scalars(query):
                count += 1
                yield Sealed(_content(event), event.chain, event.previous_hash, event.hash)

        found = first_break(sealed())  # counts as it reads
        return count, found

    def chain(self, name: str) -> list[dict[str, JsonValue]]:
        """One chain's events in order, each its content with its seal (`previous`,
        `hash`): what a reviewer's package carries for the lead to verify."""
        query = select(AuditEvent).where(AuditEvent.chain == name).order_by(AuditEvent.id)
        return [
            {**_content(event), "previous": event.previous_hash, "hash": event.hash}
            for event in self.session.scalars(query)
        ]

    def entries(
        self,
        study_id: str | None = None,
        reviewer_id: str | None = None,
        actions: tuple[str, ...] = (),
    ) -> list[AuditEntry]:
        query = (
            select(AuditEvent, Reviewer.name, Study.label)
            .outerjoin(Reviewer, Reviewer.id == AuditEvent.reviewer_id)
            .outerjoin(Study, Study.id == AuditEvent.study_id)
            .order_by(AuditEvent.id)
        )
        if study_id is not None:
            query = query.where(AuditEvent.study_id == study_id)
        if reviewer_id is not None:
            query = query.where(AuditEvent.reviewer_id == reviewer_id)
        if actions:
            query = query.where(AuditEvent.action.in_(actions))
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
                detail=event.detail,
            )
            for event, name, label in self.session.execute(query)
        ]


def _logged(value: object) -> JsonValue:
    """A value as read back from the log: `record` writes only JSON values."""
    return cast(JsonValue, value)


def seal_new_events(session: Session) -> None:
    """Seal the events this transaction added (by `record` or by bulk insert) into
    their chains; called by the transaction just before it commits."""
    session.flush()
    fresh = session.scalars(
        select(AuditEvent).where(AuditEvent.hash.is_(None)).order_by(AuditEvent.id)
    ).all()
    last: dict[str, str] = {}
    for event in fresh:
        chain = chain_of(event.action, event.reviewer_id)
        if chain not in last:
            last[chain] = (
                session.scalar(
                    select(AuditEvent.hash)
                    .where(AuditEvent.chain == chain, AuditEvent.hash.is_not(None))
                    .order_by(AuditEvent.id.desc())
                    .limit(1)
                )
                or ""
            )
        event.chain, event.previous_hash = chain, last[chain]
        event.hash = last[chain] = seal(last[chain], _content(event))
    session.flush()


def _content(event: AuditEvent) -> dict[str, JsonValue]:
    return {
        "id": event.id,
        "at": event.at,
        "reviewer_id": event.reviewer_id,
        "action": event.action,
        "study_id": event.study_id,
        "form_key": event.form_key,
        "field_path": event.field_path,
        "old": _logged(event.old),
        "new": _logged(event.new),
        "detail": event.detail,
    }
