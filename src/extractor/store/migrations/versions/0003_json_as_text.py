"""JSON columns as text

SQLAlchemy's JSON type made columns of numeric affinity: SQLite stored a JSON
number as a number, an integer beyond 64 bits as a float. The columns become
TEXT. Rebuilding a table would write each stored float as text with 15 digits,
so floats are read first and written back as the JSON text that reads back to
the same number.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = {  # table: (its key, its JSON columns)
    "form": ("id", ("definition",)),
    "answer": ("id", ("value",)),
    "evidence": ("id", ("rects",)),
    "resolution": ("id", ("value",)),
    "audit_event": ("id", ("old", "new")),
    "setting": ("key", ("value",)),
}

REQUIRED = {"definition", "rects"}


def upgrade() -> None:
    connection = op.get_bind()
    for table, (key, columns) in COLUMNS.items():
        floats = {
            column: connection.execute(
                sa.text(f"SELECT {key}, {column} FROM {table} WHERE typeof({column}) = 'real'")
            ).all()
            for column in columns
        }
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column,
                    existing_type=sa.JSON(),
                    type_=sa.Text(),
                    existing_nullable=column not in REQUIRED,
                )
        for column, rows in floats.items():
            for row_key, number in rows:
                connection.execute(
                    sa.text(f"UPDATE {table} SET {column} = :text WHERE {key} = :key"),
                    {"text": json.dumps(number), "key": row_key},
                )


def downgrade() -> None:
    for table, (_, columns) in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column,
                    existing_type=sa.Text(),
                    type_=sa.JSON(),
                    existing_nullable=column not in REQUIRED,
                )
