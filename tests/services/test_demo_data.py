from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select

from grensdesk.bootstrap import Database
from grensdesk.demo_data import DEMO_ACCOUNTS, has_consultations, load_demo_data
from grensdesk.models import Consultation, consultation_topic

UNTIL = dt.date(2026, 11, 27)


def fingerprint(database: Database) -> list[tuple[object, ...]]:
    with database.sessions() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    Consultation.started_at,
                    Consultation.office_id,
                    Consultation.profile,
                    Consultation.residence_country,
                    Consultation.work_country,
                    Consultation.channel,
                    Consultation.language,
                    Consultation.duration_minutes,
                ).order_by(Consultation.id)
            )
        ]


def test_demo_data_is_reproducible(database: Database, sqlite_url: str) -> None:
    from grensdesk.bootstrap import connect
    from grensdesk.db import parse_database_url

    load_demo_data(database.sessions, 300, 12, seed=5, until=UNTIL)
    other = connect(parse_database_url(sqlite_url))
    try:
        load_demo_data(other.sessions, 300, 12, seed=5, until=UNTIL)
        assert fingerprint(database) == fingerprint(other)
    finally:
        other.dispose()


def test_demo_data_has_plausible_mixes(database: Database) -> None:
    assert not has_consultations(database.sessions)
    result = load_demo_data(database.sessions, 3_000, 24, seed=1, until=UNTIL)
    assert result.consultations == 3_000
    assert has_consultations(database.sessions)
    rows = fingerprint(database)
    profiles = Counter(row[2] for row in rows)
    directions = Counter((row[3], row[4]) for row in rows)
    channels = Counter(row[5] for row in rows)
    assert profiles.most_common(1)[0][0] == "frontier_worker"
    assert len(profiles) == 8
    # Most of the flow goes into the Netherlands (domain.md §2.4: about 80%).
    into_nl = directions[("DE", "NL")] + directions[("BE", "NL")]
    out_of_nl = directions[("NL", "DE")] + directions[("NL", "BE")]
    assert into_nl > 1.5 * out_of_nl
    assert set(channels) == {
        "walk_in",
        "appointment",
        "phone",
        "email",
        "video",
        "consultation_day",
    }
    started = [row[0] for row in rows]
    assert min(started).date() >= UNTIL - dt.timedelta(days=24 * 31)
    assert max(started).date() <= UNTIL
    assert all(moment.weekday() < 5 for moment in started)
    with database.sessions() as session:
        mentions = session.scalar(select(func.count()).select_from(consultation_topic))
    assert 3_000 < (mentions or 0) < 3 * 3_000


def test_demo_accounts_exist_once(database: Database) -> None:
    load_demo_data(database.sessions, 10, 1, seed=1, until=UNTIL)
    again = load_demo_data(database.sessions, 10, 1, seed=2, until=UNTIL)
    assert again.accounts_created == 0
    assert {account.username for account in DEMO_ACCOUNTS} >= {"anna", "beheer", "petra"}
