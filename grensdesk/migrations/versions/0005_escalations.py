"""escalations to the back office and their messages

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "escalation",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("consultation_id", BIG_ID, nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("answering_office_id", sa.Integer(), nullable=True),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("urgency", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("checked_already", sa.Text(), nullable=False),
        sa.Column("share_personal_data", sa.Boolean(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("paused_since", sa.Date(), nullable=True),
        sa.Column("paused_working_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('new', 'claimed', 'waiting', 'answered', 'returned', 'closed')",
            name=op.f("ck_escalation_status"),
        ),
        sa.CheckConstraint("urgency IN ('normal', 'urgent')", name=op.f("ck_escalation_urgency")),
        sa.CheckConstraint(
            "paused_working_days >= 0", name=op.f("ck_escalation_paused_working_days")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_escalation_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_escalation_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["answering_office_id"],
            ["office.id"],
            name=op.f("fk_escalation_answering_office_id_office"),
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topic.id"], name=op.f("fk_escalation_topic_id_topic")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_escalation_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["user_account.id"],
            name=op.f("fk_escalation_assignee_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_escalation_updated_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation")),
    )
    op.create_index(
        op.f("ix_escalation_consultation_id"), "escalation", ["consultation_id"], unique=False
    )
    op.create_index(op.f("ix_escalation_assignee_id"), "escalation", ["assignee_id"], unique=False)
    op.create_index(
        "ix_escalation_topic_id_status_due_on",
        "escalation",
        ["topic_id", "status", "due_on"],
        unique=False,
    )
    op.create_index(
        "ix_escalation_office_id_status_due_on",
        "escalation",
        ["office_id", "status", "due_on"],
        unique=False,
    )
    op.create_index("ix_escalation_status_due_on", "escalation", ["status", "due_on"], unique=False)
    op.create_table(
        "escalation_message",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("escalation_id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('question', 'info_request', 'info_reply', 'internal_note', 'answer', "
            "'reply', 'return', 'reassign', 'close')",
            name=op.f("ck_escalation_message_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalation.id"],
            name=op.f("fk_escalation_message_escalation_id_escalation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_escalation_message_author_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_message")),
    )
    op.create_index(
        "ix_escalation_message_escalation_id_id",
        "escalation_message",
        ["escalation_id", "id"],
        unique=False,
    )
    op.create_table(
        "escalation_citation",
        sa.Column("message_id", BIG_ID, nullable=False),
        sa.Column("comparison_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["escalation_message.id"],
            name=op.f("fk_escalation_citation_message_id_escalation_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["comparison_version_id"],
            ["comparison_version.id"],
            name=op.f("fk_escalation_citation_comparison_version_id_comparison_version"),
        ),
        sa.PrimaryKeyConstraint(
            "message_id", "comparison_version_id", name=op.f("pk_escalation_citation")
        ),
    )
    op.create_index(
        op.f("ix_escalation_citation_comparison_version_id"),
        "escalation_citation",
        ["comparison_version_id"],
        unique=False,
    )
    op.create_table(
        "escalation_viewer",
        sa.Column("escalation_id", BIG_ID, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalation.id"],
            name=op.f("fk_escalation_viewer_escalation_id_escalation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_escalation_viewer_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("escalation_id", "user_id", name=op.f("pk_escalation_viewer")),
    )


def downgrade() -> None:
    op.drop_table("escalation_viewer")
    op.drop_index(
        op.f("ix_escalation_citation_comparison_version_id"), table_name="escalation_citation"
    )
    op.drop_table("escalation_citation")
    op.drop_index("ix_escalation_message_escalation_id_id", table_name="escalation_message")
    op.drop_table("escalation_message")
    op.drop_index("ix_escalation_status_due_on", table_name="escalation")
    op.drop_index("ix_escalation_office_id_status_due_on", table_name="escalation")
    op.drop_index("ix_escalation_topic_id_status_due_on", table_name="escalation")
    op.drop_index(op.f("ix_escalation_assignee_id"), table_name="escalation")
    op.drop_index(op.f("ix_escalation_consultation_id"), table_name="escalation")
    op.drop_table("escalation")
