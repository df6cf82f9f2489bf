"""consultation list by status, and the source reference of imported consultations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultation") as batch:
        batch.add_column(sa.Column("source_ref", sa.String(length=80), nullable=True))
        batch.create_unique_constraint(
            "uq_consultation_office_id_source_ref", ["office_id", "source_ref"]
        )
    op.create_index(
        "ix_consultation_office_id_status_started_at",
        "consultation",
        ["office_id", "status", "started_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_consultation_office_id_status_started_at", table_name="consultation")
    with op.batch_alter_table("consultation") as batch:
        batch.drop_constraint("uq_consultation_office_id_source_ref", type_="unique")
        batch.drop_column("source_ref")
