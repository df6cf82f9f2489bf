"""Monthly reports: every cell against figures counted by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from sqlalchemy import select

from grensdesk.bootstrap import Database
from grensdesk.models import Citizen, Event
from grensdesk.services.context import Actor, system_actor
from grensdesk.services.errors import NotFoundError, PermissionDeniedError, ValidationError
from grensdesk.services.privacy import anonymise_before, erase_citizen
from grensdesk.services.report_figures import COMPARED
from grensdesk.services.report_months import month_window
from grensdesk.services.report_types import MonthlyReport
from grensdesk.services.reports import (
    ReportCancelledError,
    monthly_report,
    record_report_export,
)
from tests.conftest import sign_in_as
from tests.services.report_support import (
    REPORT_MONTH,
    Expected,
    KnownData,
    answering_calendars,
    build_known_data,
    expected_consultation_figures,
    expected_escalation_figures,
    expected_letter_figures,
    insert_known_data,
    window_months,
)

CONSULTATION_TABLES = ("overview", "channel", "language", "profile", "direction", "topic", "office")
ESCALATION_TABLES = ("escalations", "escalation_topic", "escalation_office")


@pytest.fixture
def known(database: Database) -> KnownData:
    return insert_known_data(database, build_known_data())


def cells(report: MonthlyReport, keys: tuple[str, ...]) -> dict[tuple[str, str], list[Any]]:
    return {
        (row.measure, row.category): list(row.values)
        for key in keys
        for row in report.table(key).rows
    }


def assert_same(found: dict[tuple[str, str], list[Any]], expected: Expected) -> None:
    """Every expected cell is in the report, equal (floats to 1e-9); nothing non-zero extra."""
    for key, values in expected.items():
        if key not in found:
            assert all(value in (0, None) for value in values), key
            continue
        for month, (got, want) in enumerate(zip(found[key], values, strict=True)):
            if key[0].startswith("topic_") and month not in COMPARED:
                assert got is None, (key, month)  # topics are counted without a trend
                continue
            if want is None or got is None:
                assert got == want, (key, month)
            else:
                assert math.isclose(got, want, abs_tol=1e-9), (key, month, got, want)
    for key, values in found.items():
        if key not in expected:
            assert all(value in (0, None) for value in values), key


def test_the_window_runs_from_a_year_back_in_dutch_time() -> None:
    window = month_window("2026-03")
    assert window.months == tuple(window_months("2026-03"))
    assert window.months[0] == "2025-03" and window.months[-1] == "2026-03"
    assert window.start.isoformat() == "2025-02-28T23:00:00+00:00"
    assert window.end.isoformat() == "2026-03-31T22:00:00+00:00"
    january = month_window("2026-01")
    assert january.months[0] == "2025-01" and january.months[11] == "2025-12"
    for wrong in ("2026-13", "26-03", "march", ""):
        with pytest.raises(ValidationError):
            month_window(wrong)


def test_every_cell_for_the_whole_border(database: Database, known: KnownData) -> None:
    report = monthly_report(database.sessions, system_actor(), REPORT_MONTH)
    assert report.months == tuple(window_months(REPORT_MONTH))
    assert report.scope == "ALL"
    assert report.has_data
    expected = expected_consultation_figures(known, REPORT_MONTH)
    assert expected["consultations", "all"][12] > 12
    assert_same(cells(report, CONSULTATION_TABLES), expected)
    assert_same(
        cells(report, ESCALATION_TABLES),
        expected_escalation_figures(known, REPORT_MONTH, answering_calendars(database)),
    )
    assert_same(cells(report, ("letters",)), expected_letter_figures(known, REPORT_MONTH))


@pytest.mark.parametrize(
    "codes", [("GIP-AACHEN",), ("GIP-EUREGIO", "GIP-VDAB-TURNHOUT"), ("GIP-AACHEN-EURODE",)]
)
def test_every_cell_for_some_offices(
    database: Database, known: KnownData, codes: tuple[str, ...]
) -> None:
    report = monthly_report(database.sessions, system_actor(), "2025-11", codes)
    assert report.scope == "+".join(codes)
    assert_same(
        cells(report, CONSULTATION_TABLES), expected_consultation_figures(known, "2025-11", codes)
    )
    assert_same(
        cells(report, ESCALATION_TABLES),
        expected_escalation_figures(known, "2025-11", answering_calendars(database), codes),
    )
    assert_same(cells(report, ("letters",)), expected_letter_figures(known, "2025-11", codes))


def test_a_gip_includes_its_consultation_sites(database: Database, known: KnownData) -> None:
    whole = monthly_report(database.sessions, system_actor(), REPORT_MONTH, ("GIP-AACHEN",))
    offices = {row.category for row in whole.table("office").rows}
    assert offices == {"GIP-AACHEN", "GIP-AACHEN-EURODE"}
    # A Euregio covers its GIPs and their sites.
    euregio = monthly_report(database.sessions, system_actor(), REPORT_MONTH, ("EMR",))
    assert euregio.table("overview").row("consultations").values == (
        whole.table("overview").row("consultations").values
    )


def test_month_boundaries_are_midnight_in_dutch_time(database: Database) -> None:
    data = build_known_data(count=0)
    known = insert_known_data(database, KnownData(data.consultations[:4]))
    report = monthly_report(database.sessions, system_actor(), "2026-03")
    counts = report.table("overview").row("consultations").values
    # 23:59 on 28 February is February; midnight on 1 March and 23:59 on 31 March are March.
    assert counts[12] == 2
    assert counts[11] == 1
    assert len(known.consultations) == 4


def test_an_empty_month_is_an_empty_report(database: Database) -> None:
    report = monthly_report(database.sessions, system_actor(), "2019-05")
    assert not report.has_data
    assert report.table("overview").row("consultations").current == 0
    assert report.table("overview").row("median_duration").current is None
    assert report.table("channel").rows  # the fixed categories, all zero
    assert all(row.current == 0 for row in report.table("channel").rows)


def test_unknown_offices_and_roles_are_refused(database: Database, adviser: Actor) -> None:
    with pytest.raises(NotFoundError, match="GIP-NOWHERE"):
        monthly_report(database.sessions, system_actor(), REPORT_MONTH, ("GIP-NOWHERE",))
    with pytest.raises(PermissionDeniedError):
        monthly_report(database.sessions, adviser, REPORT_MONTH)
    coordinator = sign_in_as(database, "petra")
    assert monthly_report(database.sessions, coordinator, REPORT_MONTH).month == REPORT_MONTH


def test_past_figures_survive_anonymising_and_erasing_citizens(
    database: Database, known: KnownData
) -> None:
    """Retention anonymises everything before a day; a citizen may ask to be erased."""
    before = monthly_report(database.sessions, system_actor(), REPORT_MONTH)
    may = monthly_report(database.sessions, system_actor(), "2026-05")
    result = anonymise_before(database.sessions, system_actor(), dt.date(2026, 4, 15))
    assert result.citizens > 10 and result.consultations > 100 and result.letters > 0
    with database.sessions() as session:
        later = session.scalars(
            select(Citizen.id).where(Citizen.anonymised_at.is_(None)).order_by(Citizen.id)
        ).all()
    assert later  # citizens of later consultations, still with their details
    for citizen_id in later[:10]:
        erase_citizen(database.sessions, system_actor(), citizen_id)
    after = monthly_report(database.sessions, system_actor(), REPORT_MONTH)
    assert after.tables == before.tables
    # The months after the cut-off too: erasing keeps the counts.
    assert monthly_report(database.sessions, system_actor(), "2026-05").tables == may.tables
    assert known.consultations


def test_cancelling_stops_between_queries(database: Database, known: KnownData) -> None:
    steps: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        steps.append((done, total))

    monthly_report(database.sessions, system_actor(), REPORT_MONTH, progress=progress)
    total = steps[-1][1]
    assert [done for done, _ in steps] == list(range(1, total + 1))
    asked: list[int] = []

    def cancel_after_two() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(ReportCancelledError):
        monthly_report(database.sessions, system_actor(), REPORT_MONTH, cancelled=cancel_after_two)
    assert len(asked) == 3


def test_an_export_is_in_the_audit_trail(database: Database, known: KnownData) -> None:
    coordinator = sign_in_as(database, "petra")
    report = monthly_report(database.sessions, coordinator, REPORT_MONTH, ("GIP-EUREGIO",))
    record_report_export(database.sessions, coordinator, report, "csv")
    with database.sessions() as session:
        event = session.scalars(select(Event).where(Event.kind == "report.exported")).one()
    assert event.actor_id == coordinator.user_id
    assert '"GIP-EUREGIO"' in event.detail and '"csv"' in event.detail
