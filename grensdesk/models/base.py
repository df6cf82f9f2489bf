"""The declarative base, naming convention, shared column types and value lists."""

from __future__ import annotations

import datetime as dt
from typing import Final

from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    MetaData,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# A BIGINT primary key that still autoincrements on SQLite (which only does so for INTEGER).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment in time, stored as UTC and always read back timezone-aware.

    PostgreSQL keeps the zone (timestamptz); SQLite stores text without one, so the
    same code would otherwise see aware datetimes on one engine and naive on the other.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; GrensDesk stores aware UTC moments")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


OFFICE_KINDS: Final = ("gip", "site", "back_office", "euregio")
BORDERS: Final = ("NL-DE", "NL-BE")
COUNTRIES: Final = ("NL", "DE", "BE")
ROLES: Final = ("adviser", "expert", "editor", "coordinator", "admin")
CHANNELS: Final = ("walk_in", "appointment", "phone", "email", "video", "consultation_day")
PROFILES: Final = (
    "frontier_worker",
    "migrant_worker",
    "pensioner",
    "job_seeker",
    "employer",
    "student",
    "self_employed",
    "other",
)
LANGUAGES: Final = ("nl", "de", "fr", "en")
# The regions the GIPs count by, where rules differ between them (shared/reference/domain.md).
REGIONS: Final = {"DE": ("NRW", "Niedersachsen"), "BE": ("Vlaanderen", "Wallonië", "Brussel")}
CONSULTATION_STATUSES: Final = ("open", "follow_up", "closed")


def in_values(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
