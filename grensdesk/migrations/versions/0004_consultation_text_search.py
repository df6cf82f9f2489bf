"""trigram indexes for finding words in consultation notes (PostgreSQL only)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COLUMNS = ("question", "advice")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite scans one office's rows quickly enough; no index type would help
    # pg_trgm is a trusted extension: the database owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        op.create_index(
            f"ix_consultation_{column}_trgm",
            "consultation",
            [column],
            postgresql_using="gin",
            postgresql_ops={column: "gin_trgm_ops"},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.drop_index(f"ix_consultation_{column}_trgm", table_name="consultation")
