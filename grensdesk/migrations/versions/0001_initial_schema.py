"""initial schema: offices, accounts, topics, citizens, consultations, events

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "citizen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=20), nullable=False),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "language IN ('nl', 'de', 'fr', 'en')", name=op.f("ck_citizen_language")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen")),
    )
    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("border", sa.String(length=5), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("neighbour_country", sa.String(length=2), nullable=True),
        sa.Column("region", sa.String(length=40), nullable=True),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("website", sa.String(length=200), nullable=False),
        sa.Column("languages", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "border IS NULL OR border IN ('NL-DE', 'NL-BE')", name=op.f("ck_office_border")
        ),
        sa.CheckConstraint("country IN ('NL', 'DE', 'BE')", name=op.f("ck_office_country")),
        sa.CheckConstraint(
            "kind IN ('gip', 'site', 'back_office', 'euregio')", name=op.f("ck_office_kind")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["office.id"], name=op.f("fk_office_parent_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
        sa.UniqueConstraint("code", name=op.f("uq_office_code")),
    )
    op.create_index(op.f("ix_office_parent_id"), "office", ["parent_id"], unique=False)
    op.create_table(
        "topic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("name_nl", sa.String(length=100), nullable=False),
        sa.Column("name_de", sa.String(length=100), nullable=False),
        sa.Column("name_fr", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic")),
        sa.UniqueConstraint("code", name=op.f("uq_topic_code")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("ui_language", sa.String(length=2), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("last_failed_sign_in", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "ui_language IN ('nl', 'de', 'fr', 'en')", name=op.f("ck_user_account_ui_language")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_user_account_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("username", name=op.f("uq_user_account_username")),
    )
    op.create_index(op.f("ix_user_account_office_id"), "user_account", ["office_id"], unique=False)
    op.create_table(
        "consultation",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("adviser_id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("residence_country", sa.String(length=2), nullable=False),
        sa.Column("residence_region", sa.String(length=40), nullable=True),
        sa.Column("work_country", sa.String(length=2), nullable=False),
        sa.Column("work_region", sa.String(length=40), nullable=True),
        sa.Column("profile", sa.String(length=20), nullable=False),
        sa.Column("home_work_percent", sa.SmallInteger(), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('walk_in', 'appointment', 'phone', 'email', 'video', 'consultation_day')",
            name=op.f("ck_consultation_channel"),
        ),
        sa.CheckConstraint(
            "language IN ('nl', 'de', 'fr', 'en')", name=op.f("ck_consultation_language")
        ),
        sa.CheckConstraint(
            "profile IN ('frontier_worker', 'migrant_worker', 'pensioner', 'job_seeker', 'employer', 'student', 'self_employed', 'other')",
            name=op.f("ck_consultation_profile"),
        ),
        sa.CheckConstraint(
            "residence_country IN ('NL', 'DE', 'BE')",
            name=op.f("ck_consultation_residence_country"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'follow_up', 'closed')", name=op.f("ck_consultation_status")
        ),
        sa.CheckConstraint(
            "work_country IN ('NL', 'DE', 'BE')", name=op.f("ck_consultation_work_country")
        ),
        sa.CheckConstraint("duration_minutes >= 0", name=op.f("ck_consultation_duration")),
        sa.CheckConstraint(
            "home_work_percent IS NULL OR home_work_percent BETWEEN 0 AND 100",
            name=op.f("ck_consultation_home_work_percent"),
        ),
        sa.ForeignKeyConstraint(
            ["adviser_id"],
            ["user_account.id"],
            name=op.f("fk_consultation_adviser_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizen.id"],
            name=op.f("fk_consultation_citizen_id_citizen"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_consultation_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_consultation_updated_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
    )
    op.create_index(
        op.f("ix_consultation_adviser_id"), "consultation", ["adviser_id"], unique=False
    )
    op.create_index(
        op.f("ix_consultation_citizen_id"), "consultation", ["citizen_id"], unique=False
    )
    op.create_index(
        "ix_consultation_office_id_started_at",
        "consultation",
        ["office_id", "started_at"],
        unique=False,
    )
    op.create_index("ix_consultation_started_at", "consultation", ["started_at"], unique=False)
    op.create_table(
        "event",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_event_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_event_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    op.create_index("ix_event_entity_entity_id", "event", ["entity", "entity_id"], unique=False)
    op.create_table(
        "user_role",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "role IN ('adviser', 'expert', 'editor', 'coordinator', 'admin')",
            name=op.f("ck_user_role_role"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_role_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "role", name=op.f("pk_user_role")),
    )
    op.create_table(
        "user_topic",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topic.id"], name=op.f("fk_user_topic_topic_id_topic")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_topic_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "topic_id", name=op.f("pk_user_topic")),
    )
    op.create_table(
        "consultation_topic",
        sa.Column(
            "consultation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_topic_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topic.id"], name=op.f("fk_consultation_topic_topic_id_topic")
        ),
        sa.PrimaryKeyConstraint("consultation_id", "topic_id", name=op.f("pk_consultation_topic")),
    )
    op.create_index(
        "ix_consultation_topic_topic_id", "consultation_topic", ["topic_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_consultation_topic_topic_id", table_name="consultation_topic")
    op.drop_table("consultation_topic")
    op.drop_table("user_topic")
    op.drop_table("user_role")
    op.drop_index("ix_event_entity_entity_id", table_name="event")
    op.drop_table("event")
    op.drop_index("ix_consultation_started_at", table_name="consultation")
    op.drop_index("ix_consultation_office_id_started_at", table_name="consultation")
    op.drop_index(op.f("ix_consultation_citizen_id"), table_name="consultation")
    op.drop_index(op.f("ix_consultation_adviser_id"), table_name="consultation")
    op.drop_table("consultation")
    op.drop_index(op.f("ix_user_account_office_id"), table_name="user_account")
    op.drop_table("user_account")
    op.drop_table("topic")
    op.drop_index(op.f("ix_office_parent_id"), table_name="office")
    op.drop_table("office")
    op.drop_table("citizen")
