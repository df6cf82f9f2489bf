"""Escalations to the back office, their message thread, cited versions and who has one open."""

from __future__ import annotations

import datetime as dt
from typing import Final

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from grensdesk.models.base import Base, BigId, UtcDateTime, in_values

# new → claimed → waiting (for information from the adviser) → answered → closed;
# or returned (not a back-office question) and then closed by the adviser.
ESCALATION_STATUSES: Final = ("new", "claimed", "waiting", "answered", "returned", "closed")
# Still running against the deadline: the back office has the ball (or waits for facts).
OPEN_ESCALATION_STATUSES: Final = ("new", "claimed", "waiting")
URGENCIES: Final = ("normal", "urgent")
MESSAGE_KINDS: Final = (
    "question",
    "info_request",
    "info_reply",
    "internal_note",
    "answer",
    "reply",
    "return",
    "reassign",
    "close",
)


class Escalation(Base):
    """A question from a consultation to the back office."""

    __tablename__ = "escalation"
    __table_args__ = (
        CheckConstraint(in_values("status", ESCALATION_STATUSES), name="status"),
        CheckConstraint(in_values("urgency", URGENCIES), name="urgency"),
        CheckConstraint("paused_working_days >= 0", name="paused_working_days"),
        # The expert's queue: their topics, by status, nearest deadline first.
        Index("ix_escalation_topic_id_status_due_on", "topic_id", "status", "due_on"),
        # The adviser's view: their office's escalations, by status and deadline.
        Index("ix_escalation_office_id_status_due_on", "office_id", "status", "due_on"),
        # The whole queue (command line, coordinator) by status and deadline.
        Index("ix_escalation_status_due_on", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    answering_office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"))
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    status: Mapped[str] = mapped_column(String(10), default="new")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    question: Mapped[str] = mapped_column(Text)
    checked_already: Mapped[str] = mapped_column(Text, default="")
    share_personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    # The working day the clock started (escalated, or replied to); due_on follows from it.
    started_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    paused_since: Mapped[dt.date | None] = mapped_column(Date)
    paused_working_days: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class EscalationMessage(Base):
    """One entry of the thread; written once, never changed."""

    __tablename__ = "escalation_message"
    __table_args__ = (
        CheckConstraint(in_values("kind", MESSAGE_KINDS), name="kind"),
        Index("ix_escalation_message_escalation_id_id", "escalation_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    escalation_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("escalation.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# The exact knowledge-base versions an answer cites: versions never change once published.
escalation_citation = Table(
    "escalation_citation",
    Base.metadata,
    Column(
        "message_id",
        BigId,
        ForeignKey("escalation_message.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "comparison_version_id",
        ForeignKey("comparison_version.id"),
        primary_key=True,
        index=True,
    ),
)


class EscalationViewer(Base):
    """Who has the case open: a heartbeat, ignored once it is older than a few minutes."""

    __tablename__ = "escalation_viewer"

    escalation_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("escalation.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    since: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
