"""letters issued to citizens

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "letter",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("consultation_id", BIG_ID, nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("locale", sa.String(length=10), nullable=False),
        sa.Column("answer_id", sa.BigInteger(), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.SmallInteger(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("language IN ('nl', 'de', 'fr', 'en')", name=op.f("ck_letter_language")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_letter_consultation_id_consultation"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_letter_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_letter_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter")),
        sa.UniqueConstraint(
            "office_id", "year", "sequence", name=op.f("uq_letter_office_id_year_sequence")
        ),
        sa.UniqueConstraint("reference", name=op.f("uq_letter_reference")),
    )
    op.create_index(
        "ix_letter_consultation_id_created_at",
        "letter",
        ["consultation_id", "created_at"],
        unique=False,
    )
    op.create_index(op.f("ix_letter_sha256"), "letter", ["sha256"], unique=False)
    op.create_table(
        "letter_comparison",
        sa.Column("letter_id", BIG_ID, nullable=False),
        sa.Column("comparison_version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comparison_version_id"],
            ["comparison_version.id"],
            name=op.f("fk_letter_comparison_comparison_version_id_comparison_version"),
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["letter.id"],
            name=op.f("fk_letter_comparison_letter_id_letter"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "letter_id", "comparison_version_id", name=op.f("pk_letter_comparison")
        ),
    )
    op.create_index(
        op.f("ix_letter_comparison_comparison_version_id"),
        "letter_comparison",
        ["comparison_version_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_letter_comparison_comparison_version_id"), table_name="letter_comparison"
    )
    op.drop_table("letter_comparison")
    op.drop_index(op.f("ix_letter_sha256"), table_name="letter")
    op.drop_index("ix_letter_consultation_id_created_at", table_name="letter")
    op.drop_table("letter")
