"""full texts of references

A PDF matched to a reference before it is a study, for full-text screening.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reference_file",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("reference_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("matched", sa.Text(), nullable=False),
        sa.Column("added_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["reference_id"],
            ["reference.id"],
            name=op.f("fk_reference_file_reference_id_reference"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blob.sha256"], name=op.f("fk_reference_file_sha256_blob")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_file")),
        sa.UniqueConstraint("reference_id", "sha256", name=op.f("uq_reference_file_reference_id")),
    )
    with op.batch_alter_table("reference_file", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reference_file_reference_id"), ["reference_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reference_file_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reference_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_reference_file_reference_id"))
    op.drop_table("reference_file")
