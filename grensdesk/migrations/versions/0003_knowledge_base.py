"""knowledge base: comparisons, versions, texts, sources, attachments, full-text search

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# unicode61 with remove_diacritics 2 folds accents the way the service's Python folding does;
# the prefix indexes make search-as-you-type cheap for the short prefixes typed first. The
# titles have an index of their own: searched first, it stays small where "ve…" in the
# texts would match every entry.
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE comparison_text_fts USING fts5("
    "search_title, search_keywords, search_body, "
    "content='comparison_text', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
    "CREATE VIRTUAL TABLE comparison_title_fts USING fts5("
    "search_title, search_keywords, "
    "content='comparison_text', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
)


def upgrade() -> None:
    op.create_table(
        "comparison",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("neighbour_country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "neighbour_country IN ('DE', 'BE')", name=op.f("ck_comparison_neighbour")
        ),
        sa.CheckConstraint("status IN ('active', 'retired')", name=op.f("ck_comparison_status")),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topic.id"], name=op.f("fk_comparison_topic_id_topic")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison")),
        sa.UniqueConstraint("code", name=op.f("uq_comparison_code")),
    )
    op.create_index(op.f("ix_comparison_topic_id"), "comparison", ["topic_id"], unique=False)
    op.create_table(
        "comparison_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comparison_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("residence_countries", sa.String(length=20), nullable=False),
        sa.Column("work_countries", sa.String(length=20), nullable=False),
        sa.Column("profiles", sa.String(length=200), nullable=False),
        sa.Column("home_work_min", sa.SmallInteger(), nullable=True),
        sa.Column("home_work_max", sa.SmallInteger(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_name", sa.String(length=200), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_review_due", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state IN ('draft', 'in_review', 'published', 'superseded', 'retired')",
            name=op.f("ck_comparison_version_state"),
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from",
            name=op.f("ck_comparison_version_validity"),
        ),
        sa.CheckConstraint(
            "(home_work_min IS NULL OR home_work_min BETWEEN 0 AND 100) AND "
            "(home_work_max IS NULL OR home_work_max BETWEEN 0 AND 100)",
            name=op.f("ck_comparison_version_home_work"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_comparison_version_author_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["comparison_id"],
            ["comparison.id"],
            name=op.f("fk_comparison_version_comparison_id_comparison"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["user_account.id"],
            name=op.f("fk_comparison_version_reviewed_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison_version")),
        sa.UniqueConstraint(
            "comparison_id", "number", name=op.f("uq_comparison_version_comparison_id_number")
        ),
    )
    op.create_index(
        "ix_comparison_version_state_comparison_id",
        "comparison_version",
        ["state", "comparison_id"],
        unique=False,
    )
    op.create_table(
        "comparison_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["comparison_version.id"],
            name=op.f("fk_comparison_source_version_id_comparison_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison_source")),
    )
    op.create_index(
        op.f("ix_comparison_source_version_id"), "comparison_source", ["version_id"], unique=False
    )
    op.create_table(
        "comparison_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("dutch_rule", sa.Text(), nullable=False),
        sa.Column("neighbour_rule", sa.Text(), nullable=False),
        sa.Column("practice", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("search_title", sa.Text(), nullable=False),
        sa.Column("search_keywords", sa.Text(), nullable=False),
        sa.Column("search_body", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "language IN ('nl', 'de', 'fr', 'en')", name=op.f("ck_comparison_text_language")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["comparison_version.id"],
            name=op.f("fk_comparison_text_version_id_comparison_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comparison_text")),
        sa.UniqueConstraint(
            "version_id", "language", name=op.f("uq_comparison_text_version_id_language")
        ),
    )
    op.create_table(
        "comparison_search",
        sa.Column("text_id", sa.Integer(), nullable=False),
        sa.Column(
            "title_vector", postgresql.TSVECTOR().with_variant(sa.Text(), "sqlite"), nullable=False
        ),
        sa.Column(
            "search_vector", postgresql.TSVECTOR().with_variant(sa.Text(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["text_id"],
            ["comparison_text.id"],
            name=op.f("fk_comparison_search_text_id_comparison_text"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("text_id", name=op.f("pk_comparison_search")),
    )
    op.create_index(
        "ix_comparison_search_title_vector",
        "comparison_search",
        ["title_vector"],
        unique=False,
        postgresql_using="gin",
        postgresql_with={"fastupdate": "off"},
    )
    op.create_index(
        "ix_comparison_search_search_vector",
        "comparison_search",
        ["search_vector"],
        unique=False,
        postgresql_using="gin",
        postgresql_with={"fastupdate": "off"},
    )
    op.create_index(
        "ix_comparison_text_search_title", "comparison_text", ["search_title"], unique=False
    )
    op.create_table(
        "consultation_comparison",
        sa.Column(
            "consultation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("comparison_version_id", sa.Integer(), nullable=False),
        sa.Column("attached_by_id", sa.Integer(), nullable=True),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attached_by_id"],
            ["user_account.id"],
            name=op.f("fk_consultation_comparison_attached_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["comparison_version_id"],
            ["comparison_version.id"],
            name=op.f("fk_consultation_comparison_comparison_version_id_comparison_version"),
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_comparison_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "consultation_id", "comparison_version_id", name=op.f("pk_consultation_comparison")
        ),
    )
    op.create_index(
        op.f("ix_consultation_comparison_comparison_version_id"),
        "consultation_comparison",
        ["comparison_version_id"],
        unique=False,
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS comparison_title_fts")
        op.execute("DROP TABLE IF EXISTS comparison_text_fts")
    op.drop_index(
        op.f("ix_consultation_comparison_comparison_version_id"),
        table_name="consultation_comparison",
    )
    op.drop_table("consultation_comparison")
    op.drop_index("ix_comparison_search_search_vector", table_name="comparison_search")
    op.drop_index("ix_comparison_search_title_vector", table_name="comparison_search")
    op.drop_table("comparison_search")
    op.drop_index("ix_comparison_text_search_title", table_name="comparison_text")
    op.drop_table("comparison_text")
    op.drop_index(op.f("ix_comparison_source_version_id"), table_name="comparison_source")
    op.drop_table("comparison_source")
    op.drop_index("ix_comparison_version_state_comparison_id", table_name="comparison_version")
    op.drop_table("comparison_version")
    op.drop_index(op.f("ix_comparison_topic_id"), table_name="comparison")
    op.drop_table("comparison")
