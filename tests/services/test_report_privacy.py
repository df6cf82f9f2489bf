"""External reports: small counts withheld as "<5", and not recoverable from the rest."""

from __future__ import annotations

import datetime as dt

import pytest

from grensdesk.bootstrap import Database
from grensdesk.services.context import system_actor
from grensdesk.services.report_csv import report_csv
from grensdesk.services.report_privacy import PARTITIONS
from grensdesk.services.report_types import MonthlyReport
from grensdesk.services.reports import monthly_report
from tests.services.report_support import (
    REPORT_MONTH,
    KnownConsultation,
    KnownData,
    build_known_data,
    insert_known_data,
)

MARCH = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def consultation(channel: str, duration: int = 30, day: int = 0) -> KnownConsultation:
    return KnownConsultation(
        office="GIP-EUREGIO",
        started_at=MARCH + dt.timedelta(days=day),
        duration=duration,
        channel=channel,
        language="de",
        residence="DE",
        work="NL",
        profile="frontier_worker",
        topics=("tax",),
        with_citizen=False,
    )


def test_a_lone_small_count_takes_the_next_smallest_with_it(database: Database) -> None:
    rows = [consultation("walk_in")] * 7 + [consultation("phone")] * 3 + [consultation("email")] * 6
    insert_known_data(database, KnownData(rows))
    internal = monthly_report(database.sessions, system_actor(), REPORT_MONTH)
    external = monthly_report(database.sessions, system_actor(), REPORT_MONTH, external=True)
    channels = {row.category: row for row in external.table("channel").rows}
    assert channels["phone"].is_suppressed(12) and channels["phone"].current is None
    # Total 16 minus walk-in 7 would give phone + e-mail = 9: e-mail is withheld too.
    assert channels["email"].is_suppressed(12) and channels["email"].current is None
    assert channels["walk_in"].current == 7 and not channels["walk_in"].is_suppressed(12)
    assert external.table("overview").row("consultations").current == 16
    # Channels nobody used stay 0: nobody can be recognised in nobody.
    assert channels["video"].current == 0 and not channels["video"].is_suppressed(12)
    # The internal report keeps every count.
    assert {row.category: row.current for row in internal.table("channel").rows}["phone"] == 3
    lines = report_csv(external).decode("utf-8-sig").splitlines()
    assert "2026-03,ALL,channel,phone,count,<5,0,0" in lines
    assert "2026-03,ALL,channel,email,count,<5,0,0" in lines


def test_figures_of_a_tiny_month_go_with_its_count(database: Database) -> None:
    insert_known_data(database, KnownData([consultation("walk_in", 90), consultation("phone", 10)]))
    external = monthly_report(database.sessions, system_actor(), REPORT_MONTH, external=True)
    overview = external.table("overview")
    for measure in ("consultations", "time_spent", "median_duration"):
        assert overview.row(measure).is_suppressed(12), measure
        assert overview.row(measure).current is None
    topic = external.table("topic")
    assert topic.row("topic_mentions", "tax").is_suppressed(12)
    assert topic.row("topic_share", "tax").is_suppressed(12)
    assert external.has_data


@pytest.mark.parametrize("codes", [(), ("GIP-AACHEN",)])
def test_no_shown_count_is_small_and_no_column_has_one_lone_gap(
    database: Database, codes: tuple[str, ...]
) -> None:
    insert_known_data(database, build_known_data(count=120))
    internal = monthly_report(database.sessions, system_actor(), REPORT_MONTH, codes)
    external = monthly_report(database.sessions, system_actor(), REPORT_MONTH, codes, external=True)
    withheld = 0
    for table, plain in zip(external.tables, internal.tables, strict=True):
        for row, original in zip(table.rows, plain.rows, strict=True):
            for month, value in enumerate(row.values):
                if row.is_suppressed(month):
                    withheld += 1
                    assert value is None
                    continue
                # What is shown is what the internal report says.
                assert value == original.values[month]
                if row.unit == "count":
                    assert value is None or value == 0 or value >= 5, (row, month)
        if table.key in PARTITIONS:
            for month in range(13):
                gaps = [row for row in table.rows if row.is_suppressed(month)]
                others = [
                    row for row in table.rows if not row.is_suppressed(month) and row.values[month]
                ]
                assert len(gaps) != 1 or not others, (table.key, month)
    assert withheld > 20
    assert_no_small_counts_in(external)


def assert_no_small_counts_in(report: MonthlyReport) -> None:
    for line in report_csv(report).decode("utf-8-sig").splitlines()[1:]:
        fields = line.split(",")
        if fields[4] == "count":
            for value in fields[5:]:
                assert value in ("<5", "0") or int(value) >= 5, line
