"""Consultations by office and month, for counting: who may see which, and month bounds."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from grensdesk.bootstrap import Database
from grensdesk.models import Event
from grensdesk.services.consultation_queries import list_for_export, month_bounds
from grensdesk.services.consultations import ConsultationInput, save_consultation
from grensdesk.services.context import Actor, system_actor
from grensdesk.services.errors import NotFoundError, PermissionDeniedError, ValidationError
from tests.conftest import sign_in_as

MARCH_31_LATE = dt.datetime(2025, 3, 31, 21, 30, tzinfo=dt.UTC)  # 23:30 in Enschede
PLAIN = ConsultationInput(
    started_at=MARCH_31_LATE,
    duration_minutes=20,
    channel="phone",
    language="nl",
    residence_country="NL",
    work_country="DE",
    work_region="NRW",
    profile="pensioner",
    topics=("pension", "tax"),
    question="Pensioen uit Duitsland",
)


def test_months_are_counted_in_dutch_time() -> None:
    assert month_bounds("2025-03") == (
        dt.datetime(2025, 2, 28, 23, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 3, 31, 22, 0, tzinfo=dt.UTC),
    )
    assert month_bounds("2025-12")[1] == dt.datetime(2025, 12, 31, 23, 0, tzinfo=dt.UTC)
    for wrong in ("2025-13", "2025-3", "03-2025", "", "2025-00"):
        with pytest.raises(ValidationError) as caught:
            month_bounds(wrong)
        assert caught.value.field == "month"


def test_rows_carry_the_situation_and_no_notes(database: Database, adviser: Actor) -> None:
    saved = save_consultation(database.sessions, adviser, PLAIN)
    april = save_consultation(
        database.sessions,
        adviser,
        dataclasses.replace(PLAIN, started_at=MARCH_31_LATE + dt.timedelta(hours=1)),
    )
    [row] = list_for_export(database.sessions, system_actor(), "GIP-EUREGIO", "2025-03")
    assert row.id == saved.id
    assert row.date == dt.date(2025, 3, 31)
    assert row.topics == ("tax", "pension")
    assert row.situation.work_region == "NRW"
    assert "question" not in row.as_json()
    [later] = list_for_export(database.sessions, system_actor(), "GIP-EUREGIO", "2025-04")
    assert later.id == april.id


def test_chunks_follow_each_other_oldest_first(database: Database, adviser: Actor) -> None:
    ids = [
        save_consultation(
            database.sessions,
            adviser,
            dataclasses.replace(PLAIN, started_at=MARCH_31_LATE - dt.timedelta(hours=n // 2)),
        ).id
        for n in range(7)
    ]
    listed = [row.id for row in list_for_export(database.sessions, adviser, chunk=2)]
    assert sorted(listed) == sorted(ids)
    assert len(listed) == len(set(listed))
    moments = [row.started_at for row in list_for_export(database.sessions, adviser, chunk=3)]
    assert moments == sorted(moments)


def test_an_adviser_sees_only_their_own_office(database: Database, adviser: Actor) -> None:
    save_consultation(database.sessions, adviser, PLAIN)
    lukas = sign_in_as(database, "lukas")
    save_consultation(database.sessions, lukas, PLAIN)
    assert {row.office for row in list_for_export(database.sessions, adviser)} == {"GIP-EUREGIO"}
    with pytest.raises(PermissionDeniedError):
        list_for_export(database.sessions, lukas, "GIP-EUREGIO")
    petra = sign_in_as(database, "petra")
    offices = {row.office for row in list_for_export(database.sessions, petra)}
    assert offices == {"GIP-EUREGIO", "GIP-AACHEN"}
    with pytest.raises(PermissionDeniedError):
        list_for_export(database.sessions, sign_in_as(database, "markus"))


def test_unknown_office_and_every_export_is_recorded(database: Database) -> None:
    with pytest.raises(NotFoundError, match="Unknown office ATLANTIS"):
        list_for_export(database.sessions, system_actor(), "ATLANTIS")
    list(list_for_export(database.sessions, system_actor(), "GIP-AACHEN", "2025-01"))
    with database.sessions() as session:
        exports = session.scalar(select(func.count()).where(Event.kind == "consultation.exported"))
    assert exports == 1
