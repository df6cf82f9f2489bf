"""Offices, accounts, topics, citizens, consultations and the event feed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grensdesk.models.base import (
    BORDERS,
    CHANNELS,
    CONSULTATION_STATUSES,
    COUNTRIES,
    LANGUAGES,
    OFFICE_KINDS,
    PROFILES,
    ROLES,
    Base,
    BigId,
    UtcDateTime,
    in_values,
)


class Office(Base):
    """A GIP, one of its consultation sites, a back-office organisation or a Euregio office."""

    __tablename__ = "office"
    __table_args__ = (
        CheckConstraint(in_values("kind", OFFICE_KINDS), name="kind"),
        CheckConstraint("border IS NULL OR " + in_values("border", BORDERS), name="border"),
        CheckConstraint(in_values("country", COUNTRIES), name="country"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    border: Mapped[str | None] = mapped_column(String(5))
    country: Mapped[str] = mapped_column(String(2))
    neighbour_country: Mapped[str | None] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(40))
    town: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    languages: Mapped[str] = mapped_column(String(20), default="nl")
    source: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


user_topic = Table(
    "user_topic",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id"), primary_key=True),
)


class UserAccount(Base):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint(in_values("ui_language", LANGUAGES), name="ui_language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    ui_language: Mapped[str] = mapped_column(String(2), default="nl")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_sign_in: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime(), server_default=func.current_timestamp()
    )
    version: Mapped[int] = mapped_column(Integer, default=1)

    office: Mapped[Office] = relationship()
    roles: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", order_by="UserRole.role"
    )
    topics: Mapped[list[Topic]] = relationship(secondary=user_topic, order_by="Topic.position")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class UserRole(Base):
    __tablename__ = "user_role"
    __table_args__ = (CheckConstraint(in_values("role", ROLES), name="role"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class Topic(Base):
    """The fixed taxonomy advisers pick from, named in every UI language."""

    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    name_nl: Mapped[str] = mapped_column(String(100))
    name_de: Mapped[str] = mapped_column(String(100))
    name_fr: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class Citizen(Base):
    """The only table with personal data; a row exists only with recorded consent."""

    __tablename__ = "citizen"
    __table_args__ = (CheckConstraint(in_values("language", LANGUAGES), name="language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str | None] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(2), default="nl")
    consent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


consultation_topic = Table(
    "consultation_topic",
    Base.metadata,
    Column(
        "consultation_id",
        BigId,
        ForeignKey("consultation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("topic_id", ForeignKey("topic.id"), primary_key=True),
    # Reports count consultations per topic; this index lets them start from the topic.
    Index("ix_consultation_topic_topic_id", "topic_id"),
)


class Consultation(Base):
    __tablename__ = "consultation"
    __table_args__ = (
        CheckConstraint(in_values("channel", CHANNELS), name="channel"),
        CheckConstraint(in_values("language", LANGUAGES), name="language"),
        CheckConstraint(in_values("profile", PROFILES), name="profile"),
        CheckConstraint(in_values("status", CONSULTATION_STATUSES), name="status"),
        CheckConstraint(in_values("residence_country", COUNTRIES), name="residence_country"),
        CheckConstraint(in_values("work_country", COUNTRIES), name="work_country"),
        CheckConstraint("duration_minutes >= 0", name="duration"),
        CheckConstraint(
            "home_work_percent IS NULL OR home_work_percent BETWEEN 0 AND 100",
            name="home_work_percent",
        ),
        # The office's list, newest first, and the monthly reports both start here.
        Index("ix_consultation_office_id_started_at", "office_id", "started_at"),
        Index("ix_consultation_started_at", "started_at"),
        # The list filtered by status (open cases first thing in the morning).
        Index("ix_consultation_office_id_status_started_at", "office_id", "status", "started_at"),
        # An imported row remembers its id in the old registration system: importing the
        # same file twice must not count the consultations twice.
        UniqueConstraint("office_id", "source_ref", name="uq_consultation_office_id_source_ref"),
        # "Find" in the list searches the notes with ILIKE '%words%'. PostgreSQL answers that
        # from trigram indexes; SQLite scans the office's rows, which it does fast enough.
        *(
            Index(
                f"ix_consultation_{column}_trgm",
                column,
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
            ).ddl_if(dialect="postgresql")
            for column in ("question", "advice")
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    adviser_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    citizen_id: Mapped[int | None] = mapped_column(
        ForeignKey("citizen.id", ondelete="SET NULL"), index=True
    )
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    residence_country: Mapped[str] = mapped_column(String(2))
    residence_region: Mapped[str | None] = mapped_column(String(40))
    work_country: Mapped[str] = mapped_column(String(2))
    work_region: Mapped[str | None] = mapped_column(String(40))
    profile: Mapped[str] = mapped_column(String(20))
    home_work_percent: Mapped[int | None] = mapped_column(SmallInteger)
    question: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    source_ref: Mapped[str | None] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer, default=1)

    topics: Mapped[list[Topic]] = relationship(
        secondary=consultation_topic, order_by="Topic.position"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Event(Base):
    """Append-only feed of what happened, written in the same transaction as the change."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_entity_entity_id", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    kind: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(BigInteger)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    detail: Mapped[str] = mapped_column(Text, default="")
