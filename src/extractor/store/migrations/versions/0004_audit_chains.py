"""audit events sealed into hash chains

Each event gets its chain, the previous event's hash and its own; the events a
project already holds are sealed in the order they were logged.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import json

import sqlalchemy as sa
from alembic import op

from extractor.core.audit_chain import CONTENT, chain_of, seal

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("previous_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_audit_event_chain_id", ["chain", "id"], unique=False)
        batch_op.create_index(
            "ix_audit_event_unsealed", ["id"], unique=False, sqlite_where=sa.text("hash IS NULL")
        )
    connection = op.get_bind()
    last: dict[str, str] = {}
    rows = connection.execute(sa.text(f"SELECT {', '.join(CONTENT)} FROM audit_event ORDER BY id"))
    sealed = []
    for row in rows.mappings():
        event = dict(row)
        for name in ("old", "new"):
            event[name] = None if event[name] is None else json.loads(event[name])
        chain = chain_of(event["action"], event["reviewer_id"])
        previous = last.get(chain, "")
        last[chain] = seal(previous, event)
        sealed.append(
            {"id": event["id"], "chain": chain, "previous": previous, "hash": last[chain]}
        )
    if sealed:
        connection.execute(
            sa.text(
                "UPDATE audit_event SET chain = :chain, previous_hash = :previous, hash = :hash"
                " WHERE id = :id"
            ),
            sealed,
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_unsealed")
        batch_op.drop_index("ix_audit_event_chain_id")
        batch_op.drop_column("hash")
        batch_op.drop_column("previous_hash")
        batch_op.drop_column("chain")
