"""form versions

The versions of a form that later ones replaced, and each reviewer's answers as
they were when a new version lost or converted some of them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_version",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("form_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("replaced_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"], ["form.id"], name=op.f("fk_form_version_form_id_form"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_version")),
        sa.UniqueConstraint("form_id", "version", name=op.f("uq_form_version_form_id")),
    )
    with op.batch_alter_table("form_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_version_form_id"), ["form_id"], unique=False)
    op.create_table(
        "form_version_data",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("form_version_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.String(length=36), nullable=False),
        sa.Column("extractions", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_version_id"],
            ["form_version.id"],
            name=op.f("fk_form_version_data_form_version_id_form_version"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["reviewer.id"], name=op.f("fk_form_version_data_reviewer_id_reviewer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_version_data")),
        sa.UniqueConstraint(
            "form_version_id", "reviewer_id", name=op.f("uq_form_version_data_form_version_id")
        ),
    )
    with op.batch_alter_table("form_version_data", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_form_version_data_form_version_id"), ["form_version_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("form_version_data")
    op.drop_table("form_version")
