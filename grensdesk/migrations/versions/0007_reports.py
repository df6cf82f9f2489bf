"""covering indexes for the monthly reports

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# As grensdesk.models.report_indexes says (the migration test checks they agree).
REPORT_COLUMNS = [
    "started_at",
    "office_id",
    "channel",
    "language",
    "profile",
    "residence_country",
    "work_country",
    "duration_minutes",
]
BREAKDOWN_COLUMNS = [
    "channel",
    "language",
    "profile",
    "residence_country",
    "work_country",
    "started_at",
    "duration_minutes",
    "office_id",
]


def upgrade() -> None:
    op.create_index("ix_consultation_report", "consultation", REPORT_COLUMNS)
    if op.get_bind().dialect.name == "sqlite":
        # SQLite only (a skip-scan order); its planner needs statistics to choose it.
        op.create_index("ix_consultation_report_breakdown", "consultation", BREAKDOWN_COLUMNS)
        op.execute("PRAGMA analysis_limit=1000")
        op.execute("ANALYZE consultation")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_consultation_report_breakdown", table_name="consultation")
    op.drop_index("ix_consultation_report", table_name="consultation")
