"""references and where each was found

Records of database searches, before any is a study: a `reference` per record
(duplicates merged), and a `reference_source` per record of each imported file.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reference",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("authors", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("journal", sa.Text(), nullable=False),
        sa.Column("volume", sa.Text(), nullable=False),
        sa.Column("issue", sa.Text(), nullable=False),
        sa.Column("pages", sa.Text(), nullable=False),
        sa.Column("doi", sa.Text(), nullable=True),
        sa.Column("pmid", sa.String(length=16), nullable=True),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("study_id", sa.String(length=36), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["study.id"],
            name=op.f("fk_reference_study_id_study"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference")),
    )
    with op.batch_alter_table("reference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reference_doi"), ["doi"], unique=False)
        batch_op.create_index(batch_op.f("ix_reference_pmid"), ["pmid"], unique=False)
    op.create_table(
        "reference_source",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("reference_id", sa.String(length=36), nullable=False),
        sa.Column("database", sa.Text(), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("record", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["reference_id"],
            ["reference.id"],
            name=op.f("fk_reference_source_reference_id_reference"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_source")),
    )
    with op.batch_alter_table("reference_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reference_source_reference_id"), ["reference_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reference_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_source_reference_id"))
    op.drop_table("reference_source")
    with op.batch_alter_table("reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reference_pmid"))
        batch_op.drop_index(batch_op.f("ix_reference_doi"))
    op.drop_table("reference")
