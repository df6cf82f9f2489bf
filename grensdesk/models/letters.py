"""Letters issued to citizens: what exactly GrensDesk told whom, provable later.

A letter row is written once and never changed (so it has no ``version`` column) — except
that retention scrubs the personal data out of its snapshot. It holds
a snapshot of everything the PDF was made from and the SHA-256 of the PDF, so the same
bytes can be made again and a file someone brings back can be checked.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from grensdesk.models.base import LANGUAGES, Base, BigId, UtcDateTime, in_values


class Letter(Base):
    __tablename__ = "letter"
    __table_args__ = (
        CheckConstraint(in_values("language", LANGUAGES), name="language"),
        # The reference number counts per office and year: GIP-EUREGIO/2026/0042.
        UniqueConstraint("office_id", "year", "sequence"),
        # The consultation lists its letters, newest first.
        Index("ix_letter_consultation_id_created_at", "consultation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(BigId, ForeignKey("consultation.id"))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    sequence: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(80), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    locale: Mapped[str] = mapped_column(String(10))
    # The back-office answer the letter cites (an escalation message), when there is one.
    answer_id: Mapped[int | None] = mapped_column(BigInteger)
    # Everything the PDF is made from, as canonical JSON: regenerating reads only this.
    snapshot: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(SmallInteger)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    # Set when retention or an erasure removed the personal data from the snapshot: the hash
    # still proves the letter, but it can no longer be made again.
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class LetterComparison(Base):
    """A comparison version a letter cites: which letters told people what version X said."""

    __tablename__ = "letter_comparison"

    letter_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("letter.id", ondelete="CASCADE"), primary_key=True
    )
    comparison_version_id: Mapped[int] = mapped_column(
        ForeignKey("comparison_version.id"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger)
