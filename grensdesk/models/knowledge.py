"""The knowledge base: rule comparisons NL ↔ DE/BE, their immutable versions and texts."""

from __future__ import annotations

import datetime as dt
from typing import Final

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grensdesk.models.base import LANGUAGES, Base, BigId, UtcDateTime, in_values

NEIGHBOUR_COUNTRIES: Final = ("DE", "BE")
COMPARISON_STATUSES: Final = ("active", "retired")
VERSION_STATES: Final = ("draft", "in_review", "published", "superseded", "retired")
# The SQLite full-text indexes (FTS5 virtual tables and their shadow tables) live beside
# the models, created by migration 0003; schema comparisons must leave them out.
SEARCH_INDEX_TABLES: Final = ("comparison_text_fts", "comparison_title_fts")

# On SQLite the column exists but stays empty: FTS5 does the work there.
SearchVector = TSVECTOR().with_variant(Text(), "sqlite")


def is_search_index_table(name: str | None) -> bool:
    return name is not None and name.startswith(SEARCH_INDEX_TABLES)


class Comparison(Base):
    """The stable identity of a rule comparison; what it says lives in its versions."""

    __tablename__ = "comparison"
    __table_args__ = (
        CheckConstraint(in_values("neighbour_country", NEIGHBOUR_COUNTRIES), name="neighbour"),
        CheckConstraint(in_values("status", COMPARISON_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    neighbour_country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="active")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    versions: Mapped[list[ComparisonVersion]] = relationship(
        back_populates="comparison", order_by="ComparisonVersion.number"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ComparisonVersion(Base):
    """One version of a comparison; once published it never changes (a change is a new one)."""

    __tablename__ = "comparison_version"
    __table_args__ = (
        UniqueConstraint("comparison_id", "number"),
        CheckConstraint(in_values("state", VERSION_STATES), name="state"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="validity"),
        CheckConstraint(
            "(home_work_min IS NULL OR home_work_min BETWEEN 0 AND 100) AND "
            "(home_work_max IS NULL OR home_work_max BETWEEN 0 AND 100)",
            name="home_work",
        ),
        # The situation finder and search start from the published versions.
        Index("ix_comparison_version_state_comparison_id", "state", "comparison_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comparison_id: Mapped[int] = mapped_column(ForeignKey("comparison.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(12), default="draft")
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    # Comma-separated codes; empty means "any". Few values, read together with the version.
    residence_countries: Mapped[str] = mapped_column(String(20), default="")
    work_countries: Mapped[str] = mapped_column(String(20), default="")
    profiles: Mapped[str] = mapped_column(String(200), default="")
    home_work_min: Mapped[int | None] = mapped_column(SmallInteger)
    home_work_max: Mapped[int | None] = mapped_column(SmallInteger)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Names are kept as written: imported content is reviewed by people without an account.
    author_name: Mapped[str] = mapped_column(String(200), default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewer_name: Mapped[str] = mapped_column(String(200), default="")
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    published_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    next_review_due: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    comparison: Mapped[Comparison] = relationship(back_populates="versions")
    texts: Mapped[list[ComparisonText]] = relationship(
        cascade="all, delete-orphan", order_by="ComparisonText.language"
    )
    sources: Mapped[list[ComparisonSource]] = relationship(
        cascade="all, delete-orphan", order_by="ComparisonSource.position"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ComparisonText(Base):
    """The texts of one version in one language, with their folded forms for search."""

    __tablename__ = "comparison_text"
    __table_args__ = (
        UniqueConstraint("version_id", "language"),
        CheckConstraint(in_values("language", LANGUAGES), name="language"),
        # An exact title match is looked up directly; it must rank first however common.
        Index("ix_comparison_text_search_title", "search_title"),
    )

    # An integer key of its own: the FTS5 index addresses rows by rowid.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("comparison_version.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(200))
    dutch_rule: Mapped[str] = mapped_column(Text)
    neighbour_rule: Mapped[str] = mapped_column(Text)
    practice: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[str] = mapped_column(Text, default="")
    # Lower-cased, accent-free word lists computed in Python, so both engines see the same words.
    search_title: Mapped[str] = mapped_column(Text, default="")
    search_keywords: Mapped[str] = mapped_column(Text, default="")
    search_body: Mapped[str] = mapped_column(Text, default="")


class ComparisonSearch(Base):
    """PostgreSQL's full-text index of the published texts (SQLite uses FTS5 instead).

    A narrow table of its own: ranking reads the vector of every matching row, and in
    comparison_text those rows are wide with the texts themselves.
    """

    __tablename__ = "comparison_search"
    # Without GIN's pending list: the knowledge base is written rarely and read at every
    # keystroke, and a pending list left by a bulk import slows every search until vacuumed.
    __table_args__ = (
        Index(
            "ix_comparison_search_title_vector",
            "title_vector",
            postgresql_using="gin",
            postgresql_with={"fastupdate": "off"},
        ),
        Index(
            "ix_comparison_search_search_vector",
            "search_vector",
            postgresql_using="gin",
            postgresql_with={"fastupdate": "off"},
        ),
    )

    text_id: Mapped[int] = mapped_column(
        ForeignKey("comparison_text.id", ondelete="CASCADE"), primary_key=True
    )
    # The title with the search words (searched first, a much smaller index), and everything.
    title_vector: Mapped[str] = mapped_column(SearchVector)
    search_vector: Mapped[str] = mapped_column(SearchVector)


class ComparisonSource(Base):
    __tablename__ = "comparison_source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("comparison_version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(1000))


class ConsultationComparison(Base):
    """A comparison version attached to a consultation: the exact version the adviser saw."""

    __tablename__ = "consultation_comparison"

    consultation_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True
    )
    comparison_version_id: Mapped[int] = mapped_column(
        ForeignKey("comparison_version.id"), primary_key=True, index=True
    )
    attached_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    attached_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
