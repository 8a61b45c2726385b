"""The append-only audit log, sealed into hash chains (core/audit_chain)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import cast

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from extractor.core.audit_chain import CONTENT, Break, Sealed, chain_of, first_break, seal
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
    if seal_unsealed(session.connection()):
        session.expire_all()  # the events just sealed were sealed beside the ORM


def seal_unsealed(connection: Connection) -> int:
    """Seal every event without a seal into its chain, in the order they were logged
    (also from a migration, which has only a connection). Returns how many."""
    rows = connection.execute(
        text(f"SELECT {', '.join(CONTENT)} FROM audit_event WHERE hash IS NULL ORDER BY id")
    ).mappings()
    last: dict[str, str] = {}
    sealed = []
    for row in rows:
        event = dict(row)
        for name in ("old", "new"):
            event[name] = None if event[name] is None else json.loads(event[name])
        chain = chain_of(event["action"], event["reviewer_id"])
        if chain not in last:
            head = connection.scalar(
                text(
                    "SELECT hash FROM audit_event WHERE chain = :chain AND hash IS NOT NULL"
                    " ORDER BY id DESC LIMIT 1"
                ),
                {"chain": chain},
            )
            last[chain] = str(head or "")
        previous = last[chain]
        last[chain] = seal(previous, event)
        sealed.append(
            {"id": event["id"], "chain": chain, "previous": previous, "hash": last[chain]}
        )
    if sealed:
        connection.execute(
            text(
                "UPDATE audit_event SET chain = :chain, previous_hash = :previous, hash = :hash"
                " WHERE id = :id"
            ),
            sealed,
        )
    return len(sealed)


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
