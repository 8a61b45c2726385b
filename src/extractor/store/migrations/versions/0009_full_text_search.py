"""full-text search over the attached PDFs

An SQLite FTS5 table of each attached PDF's text, one row per page, with
diacritics folded; it is derived from the PDFs, so a reviewer's copy keeps it
whole, and it is filled as PDFs are indexed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE page_text USING fts5(text, document_id UNINDEXED,"
        " sha256 UNINDEXED, page UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS page_text")
