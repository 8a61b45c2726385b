"""the keys reviewers' packages are signed with

Copies shared before this version have no key; their packages stay unsigned
until the lead shares a new copy.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviewer_key",
        sa.Column("reviewer_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["reviewer.id"], name=op.f("fk_reviewer_key_reviewer_id_reviewer")
        ),
        sa.PrimaryKeyConstraint("reviewer_id", name=op.f("pk_reviewer_key")),
    )


def downgrade() -> None:
    op.drop_table("reviewer_key")
