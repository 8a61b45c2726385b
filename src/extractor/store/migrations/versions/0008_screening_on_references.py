"""screening decisions point at references

Screening happens before a record is a study, so a decision now names the
reference it is about. A decision of an earlier project, about a study, moves to
the study's reference, made from the study where it has none. A reference also
says whether its full text could not be retrieved.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reference", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("not_retrieved", sa.Boolean(), nullable=False, server_default=sa.text("0"))
        )
    connection = op.get_bind()
    reference_of = _references_for_screened_studies(connection)
    op.create_table(
        "screening_decision_new",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("reference_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.String(length=36), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["reference_id"],
            ["reference.id"],
            name=op.f("fk_screening_decision_reference_id_reference"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["reviewer.id"],
            name=op.f("fk_screening_decision_reviewer_id_reviewer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_decision")),
        sa.UniqueConstraint(
            "reference_id",
            "reviewer_id",
            "stage",
            name=op.f("uq_screening_decision_reference_id"),
        ),
    )
    rows = connection.execute(
        sa.text(
            "SELECT id, study_id, reviewer_id, stage, decision, reason, decided_at"
            " FROM screening_decision"
        )
    ).all()
    for row in rows:
        connection.execute(
            sa.text(
                "INSERT INTO screening_decision_new (id, reference_id, reviewer_id, stage,"
                " decision, reason, decided_at) VALUES (:id, :reference, :reviewer, :stage,"
                " :decision, :reason, :decided_at)"
            ),
            {
                "id": row.id,
                "reference": reference_of[row.study_id],
                "reviewer": row.reviewer_id,
                "stage": row.stage,
                "decision": row.decision,
                "reason": row.reason,
                "decided_at": row.decided_at,
            },
        )
    with op.batch_alter_table("screening_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_decision_study_id"))
    op.drop_table("screening_decision")
    op.rename_table("screening_decision_new", "screening_decision")
    with op.batch_alter_table("screening_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_decision_reference_id"), ["reference_id"], unique=False
        )


def _references_for_screened_studies(connection: sa.Connection) -> dict[str, str]:
    """study id -> the id of its reference, made from the study where it has none."""
    found = dict(
        connection.execute(
            sa.text("SELECT study_id, id FROM reference WHERE study_id IS NOT NULL")
        ).all()
    )
    studies = connection.execute(
        sa.text(
            "SELECT id, label, authors, year, title, journal, doi, pmid FROM study"
            " WHERE id IN (SELECT study_id FROM screening_decision) ORDER BY position"
        )
    ).all()
    position = connection.execute(sa.text("SELECT COALESCE(MAX(position), -1) FROM reference"))
    next_position = int(position.scalar() or 0) + 1
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    for study in studies:
        if study.id in found:
            continue
        found[study.id] = str(uuid.uuid4())
        connection.execute(
            sa.text(
                "INSERT INTO reference (id, label, title, authors, year, journal, volume,"
                " issue, pages, doi, pmid, abstract, keywords, study_id, position,"
                " imported_at, not_retrieved) VALUES (:id, :label, :title, :authors, :year,"
                " :journal, '', '', '', :doi, :pmid, '', '[]', :study, :position, :now, 0)"
            ),
            {
                "id": found[study.id],
                "label": study.label,
                "title": study.title or "",
                "authors": json.dumps([study.authors] if study.authors else []),
                "year": study.year,
                "journal": study.journal or "",
                "doi": study.doi,
                "pmid": study.pmid,
                "study": study.id,
                "position": next_position,
                "now": now,
            },
        )
        next_position += 1
    return found


def downgrade() -> None:
    """Decisions go back onto studies; refused while a decision is about a record
    that is no study, which the older schema cannot hold."""
    connection = op.get_bind()
    orphans = connection.execute(
        sa.text(
            "SELECT COUNT(*) FROM screening_decision d JOIN reference r"
            " ON r.id = d.reference_id WHERE r.study_id IS NULL"
        )
    ).scalar()
    if orphans:
        raise RuntimeError(f"{orphans} screening decisions are about records that are no study")
    op.create_table(
        "screening_decision_old",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("study_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.String(length=36), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["reviewer.id"],
            name=op.f("fk_screening_decision_reviewer_id_reviewer"),
        ),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["study.id"],
            name=op.f("fk_screening_decision_study_id_study"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_decision")),
        sa.UniqueConstraint(
            "study_id", "reviewer_id", "stage", name=op.f("uq_screening_decision_study_id")
        ),
    )
    connection.execute(
        sa.text(
            "INSERT INTO screening_decision_old SELECT d.id, r.study_id, d.reviewer_id,"
            " d.stage, d.decision, d.reason, d.decided_at FROM screening_decision d"
            " JOIN reference r ON r.id = d.reference_id"
        )
    )
    with op.batch_alter_table("screening_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_decision_reference_id"))
    op.drop_table("screening_decision")
    op.rename_table("screening_decision_old", "screening_decision")
    with op.batch_alter_table("screening_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_decision_study_id"), ["study_id"], unique=False
        )
    with op.batch_alter_table("reference", schema=None) as batch_op:
        batch_op.drop_column("not_retrieved")
