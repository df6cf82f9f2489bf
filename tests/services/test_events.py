from __future__ import annotations

import select as io_select

import psycopg
import pytest

from grensdesk.bootstrap import Database
from grensdesk.services.events import NOTIFY_CHANNEL, events_since, record_event


def test_events_are_read_in_order_after_an_id(database: Database) -> None:
    with database.sessions.begin() as session:
        first = record_event(session, "thing.created", "thing", 1, detail="one")
        second = record_event(session, "thing.changed", "thing", 1, detail="two")
    events = events_since(database.sessions, first - 1)
    assert [event.id for event in events if event.id >= first] == [first, second]
    assert [event.id for event in events_since(database.sessions, first)] == [second]


def test_a_rolled_back_change_leaves_no_event(database: Database) -> None:
    before = events_since(database.sessions, 0)
    last = before[-1].id if before else 0
    with pytest.raises(RuntimeError), database.sessions.begin() as session:
        record_event(session, "thing.created", "thing", 1)
        raise RuntimeError("the change failed")
    assert events_since(database.sessions, last) == []


def test_postgresql_notifies_listeners_with_the_event_id_at_commit(postgres_url: str) -> None:
    from grensdesk.bootstrap import connect
    from grensdesk.db import parse_database_url

    database = connect(parse_database_url(postgres_url))
    listen_url = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(listen_url, autocommit=True) as listener:
            listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
            with database.sessions.begin() as session:
                event_id = record_event(session, "thing.created", "thing", 7)
                # Not before the commit: a listener must never see a change that may roll back.
                assert list(listener.notifies(timeout=0.2, stop_after=1)) == []
            readable, _, _ = io_select.select([listener.fileno()], [], [], 5)
            assert readable
            received = list(listener.notifies(timeout=1, stop_after=1))
        assert [note.payload for note in received] == [str(event_id)]
        assert received[0].channel == NOTIFY_CHANNEL
    finally:
        database.dispose()
