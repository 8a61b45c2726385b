"""assignments, screening decisions and PRISMA counts as tables

Schema 0001 kept reviewer assignments and PRISMA counts as JSON in the setting
table, and one screening decision per study in two columns of study. Each gets
a table; what a project holds moves into it, and the old places are removed.
A screening decision of 0001 was the team's, at full text: it moves to the
consensus reviewer (added if the project has none yet).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CONSENSUS_NAME = "Consensus"


def upgrade() -> None:
    op.create_table(
        "assignment",
        sa.Column("study_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_a_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_b_id", sa.String(length=36), nullable=False),
        sa.Column("assigned_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewer_a_id"], ["reviewer.id"], name=op.f("fk_assignment_reviewer_a_id_reviewer")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_b_id"], ["reviewer.id"], name=op.f("fk_assignment_reviewer_b_id_reviewer")
        ),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["study.id"],
            name=op.f("fk_assignment_study_id_study"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("study_id", name=op.f("pk_assignment")),
    )
    op.create_table(
        "screening_decision",
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
    with op.batch_alter_table("screening_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_decision_study_id"), ["study_id"], unique=False
        )
    op.create_table(
        "prisma_count",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_prisma_count")),
    )
    op.create_table(
        "prisma_reason",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key"],
            ["prisma_count.key"],
            name=op.f("fk_prisma_reason_key_prisma_count"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "position", name=op.f("pk_prisma_reason")),
    )

    connection = op.get_bind()
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    _move_assignments(connection, now)
    _move_prisma(connection)
    _move_screening(connection, now)
    with op.batch_alter_table("study", schema=None) as batch_op:
        batch_op.drop_column("screening_reason")
        batch_op.drop_column("screening_decision")


def _setting(connection: sa.Connection, key: str) -> object:
    raw = connection.execute(
        sa.text("SELECT value FROM setting WHERE key = :key"), {"key": key}
    ).scalar()
    connection.execute(sa.text("DELETE FROM setting WHERE key = :key"), {"key": key})
    try:
        return None if raw is None else json.loads(raw)
    except ValueError:
        return None


def _move_assignments(connection: sa.Connection, now: str) -> None:
    """study id -> [reviewer A id, reviewer B id]; pairs naming a study or reviewer
    the project no longer has were never used, and are left behind."""
    assigned = _setting(connection, "assignments")
    if not isinstance(assigned, dict):
        return
    studies = set(connection.execute(sa.text("SELECT id FROM study")).scalars())
    reviewers = set(connection.execute(sa.text("SELECT id FROM reviewer")).scalars())
    for study_id, pair in assigned.items():
        if (
            study_id in studies
            and isinstance(pair, list)
            and len(pair) == 2
            and set(pair) <= reviewers
            and pair[0] != pair[1]
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO assignment (study_id, reviewer_a_id, reviewer_b_id, assigned_at)"
                    " VALUES (:study, :a, :b, :now)"
                ),
                {"study": study_id, "a": pair[0], "b": pair[1], "now": now},
            )


def _move_prisma(connection: sa.Connection) -> None:
    """{"numbers": {key: n or null}, "lists": {key: [[label, n], ...]}}"""
    counts = _setting(connection, "prisma")
    if not isinstance(counts, dict):
        return
    numbers = counts.get("numbers")
    for key, number in numbers.items() if isinstance(numbers, dict) else []:
        if number is None or (isinstance(number, int) and not isinstance(number, bool)):
            connection.execute(
                sa.text("INSERT INTO prisma_count (key, count) VALUES (:key, :count)"),
                {"key": key, "count": number},
            )
    lists = counts.get("lists")
    for key, items in lists.items() if isinstance(lists, dict) else []:
        if key in (numbers or {}) or not isinstance(items, list):
            continue
        connection.execute(
            sa.text("INSERT INTO prisma_count (key, count) VALUES (:key, NULL)"), {"key": key}
        )
        usable = [
            item
            for item in items
            if isinstance(item, list) and len(item) == 2 and isinstance(item[1], int)
        ]
        for position, (label, count) in enumerate(usable):
            connection.execute(
                sa.text(
                    "INSERT INTO prisma_reason (key, position, label, count)"
                    " VALUES (:key, :position, :label, :count)"
                ),
                {"key": key, "position": position, "label": str(label), "count": int(count)},
            )


def _move_screening(connection: sa.Connection, now: str) -> None:
    decided = connection.execute(
        sa.text(
            "SELECT id, screening_decision, screening_reason FROM study"
            " WHERE screening_decision IS NOT NULL AND screening_decision != ''"
        )
    ).all()
    if not decided:
        return
    consensus = connection.execute(
        sa.text("SELECT id FROM reviewer WHERE is_consensus = 1")
    ).scalar()
    if consensus is None:
        consensus = str(uuid.uuid4())
        taken = set(connection.execute(sa.text("SELECT name FROM reviewer")).scalars())
        name = CONSENSUS_NAME
        while name in taken:
            name += " (team)"
        connection.execute(
            sa.text(
                "INSERT INTO reviewer (id, name, initials, is_consensus, added_at, position)"
                " VALUES (:id, :name, 'C', 1, :now, 0)"
            ),
            {"id": consensus, "name": name, "now": now},
        )
    for study_id, decision, reason in decided:
        connection.execute(
            sa.text(
                "INSERT INTO screening_decision"
                " (id, study_id, reviewer_id, stage, decision, reason, decided_at)"
                " VALUES (:id, :study, :reviewer, 'full-text', :decision, :reason, :now)"
            ),
            {
                "id": str(uuid.uuid4()),
                "study": study_id,
                "reviewer": consensus,
                "decision": decision,
                "reason": reason or "",
                "now": now,
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("study", schema=None) as batch_op:
        batch_op.add_column(sa.Column("screening_decision", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("screening_reason", sa.Text(), nullable=True))
    op.drop_table("prisma_reason")
    op.drop_table("prisma_count")
    with op.batch_alter_table("screening_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_decision_study_id"))
    op.drop_table("screening_decision")
    op.drop_table("assignment")
