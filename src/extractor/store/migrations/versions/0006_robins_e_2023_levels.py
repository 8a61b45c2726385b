"""ROBINS-E judged in the levels of the 2023 tool

ROBINS-E's judgements were kept in ROBINS-I's levels. The 2023 tool, and robvis,
judge Low, Some concerns, High, Very high: each stored judgement moves to the level
of the same rank, in the form, the answers and the resolutions, and every answer
changed is logged with its old and new value.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from extractor.store.audit import seal_unsealed

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Fixed here rather than read from core/, so that this step stays what it was.
NEW_LEVELS = {"Moderate": "Some concerns", "Serious": "High", "Critical": "Very high"}
OLD_LEVELS = {new: old for old, new in NEW_LEVELS.items()}
DETAIL = "ROBINS-E now judges in the 2023 tool's levels ({old} is now {new})"


def upgrade() -> None:
    connection = op.get_bind()
    for form_id, key in _robins_e_forms(connection, NEW_LEVELS):
        _relevel_answers(connection, form_id, NEW_LEVELS, logged_as=key)
        _relevel_resolutions(connection, form_id, NEW_LEVELS)
    seal_unsealed(connection)


def downgrade() -> None:
    connection = op.get_bind()
    for form_id, _ in _robins_e_forms(connection, OLD_LEVELS):
        _relevel_answers(connection, form_id, OLD_LEVELS, logged_as=None)
        _relevel_resolutions(connection, form_id, OLD_LEVELS)


def _robins_e_forms(connection: sa.Connection, levels: dict[str, str]) -> list[tuple[str, str]]:
    """The ROBINS-E forms judging in the levels to move from, each moved to the others
    (a new version): their ids and keys."""
    moved = []
    forms = connection.execute(sa.text("SELECT id, key, version, definition FROM form")).all()
    for form_id, key, version, text in forms:
        definition = json.loads(text)
        if definition.get("tool") != "ROBINS-E" or not set(levels) & set(
            definition.get("judgements", [])
        ):
            continue
        definition["judgements"] = [levels.get(j, j) for j in definition["judgements"]]
        for section in definition.get("sections", []):
            for field in section.get("fields", []):
                if field.get("key", "").endswith("_judgement") and "options" in field:
                    field["options"] = [levels.get(o, o) for o in field["options"]]
        definition["version"] = version + 1
        connection.execute(
            sa.text("UPDATE form SET definition = :definition, version = :version WHERE id = :id"),
            {"definition": json.dumps(definition), "version": version + 1, "id": form_id},
        )
        moved.append((form_id, key))
    return moved


def _relevel_answers(
    connection: sa.Connection, form_id: str, levels: dict[str, str], logged_as: str | None
) -> None:
    """Move every judgement answered in the form; log each under the form's key."""
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    answers = connection.execute(
        sa.text(
            "SELECT answer.id, answer.field_key, answer.value, extraction.reviewer_id,"
            " extraction.study_id FROM answer JOIN extraction"
            " ON answer.extraction_id = extraction.id"
            " WHERE extraction.form_id = :form AND answer.row_id IS NULL"
        ),
        {"form": form_id},
    ).all()
    for answer_id, field_key, stored, reviewer_id, study_id in answers:
        old = None if stored is None else json.loads(stored)
        if not field_key.endswith("_judgement") or not isinstance(old, str) or old not in levels:
            continue
        new = levels[old]
        connection.execute(
            sa.text("UPDATE answer SET value = :value WHERE id = :id"),
            {"value": json.dumps(new), "id": answer_id},
        )
        if logged_as is None:
            continue
        connection.execute(
            sa.text(
                "INSERT INTO audit_event (at, reviewer_id, action, study_id, form_key,"
                " field_path, old, new, detail) VALUES (:at, :reviewer, 'answer.set',"
                " :study, :form, :field, :old, :new, :detail)"
            ),
            {
                "at": now,
                "reviewer": reviewer_id,
                "study": study_id,
                "form": logged_as,
                "field": field_key,
                "old": json.dumps(old),
                "new": json.dumps(new),
                "detail": DETAIL.format(old=old, new=new),
            },
        )


def _relevel_resolutions(connection: sa.Connection, form_id: str, levels: dict[str, str]) -> None:
    rows = connection.execute(
        sa.text("SELECT id, field_path, value FROM resolution WHERE form_id = :form"),
        {"form": form_id},
    ).all()
    for resolution_id, path, stored in rows:
        value = None if stored is None else json.loads(stored)
        if path.endswith("_judgement") and isinstance(value, str) and value in levels:
            connection.execute(
                sa.text("UPDATE resolution SET value = :value WHERE id = :id"),
                {"value": json.dumps(levels[value]), "id": resolution_id},
            )
