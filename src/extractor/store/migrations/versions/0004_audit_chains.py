"""audit events sealed into hash chains

Each event gets its chain, the previous event's hash and its own; the events a
project already holds are sealed in the order they were logged.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from extractor.store.audit import seal_unsealed

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
    # The events a project already holds, sealed in the order they were logged.
    seal_unsealed(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_unsealed")
        batch_op.drop_index("ix_audit_event_chain_id")
        batch_op.drop_column("hash")
        batch_op.drop_column("previous_hash")
        batch_op.drop_column("chain")
