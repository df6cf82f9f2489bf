"""The event listener: NOTIFY on PostgreSQL, polling on SQLite; none lost, none twice."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import text

from grensdesk.bootstrap import Database
from grensdesk.services.event_listener import EventListener, latest_event_id
from grensdesk.services.events import EventRecord, record_event


class Collector:
    def __init__(self) -> None:
        self.ids: list[int] = []
        self.batches = 0
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)

    def __call__(self, events: list[EventRecord]) -> None:
        with self.arrived:
            self.ids.extend(event.id for event in events)
            self.batches += 1
            self.arrived.notify_all()

    def wait_for(self, ids: list[int], timeout: float = 10.0) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: set(ids) <= set(self.ids), timeout)


@pytest.fixture
def collector() -> Collector:
    return Collector()


@pytest.fixture
def listen(database: Database, collector: Collector) -> Iterator[Callable[..., EventListener]]:
    started: list[EventListener] = []

    def start(**options: object) -> EventListener:
        options.setdefault("poll_interval", 0.1)
        listener = EventListener(database.target, collector, **options)  # type: ignore[arg-type]
        listener.start()
        assert listener.wait_connected(20)
        started.append(listener)
        return listener

    yield start
    for listener in started:
        listener.stop()


def write_event(database: Database, kind: str = "test.happened") -> int:
    with database.sessions.begin() as session:
        return record_event(session, kind, "test")


def test_new_events_arrive_once_in_order(
    database: Database, listen: Callable[..., EventListener], collector: Collector
) -> None:
    before = write_event(database)
    listener = listen()  # starts after the newest event: "before" is old news
    ids = [write_event(database) for _ in range(5)]
    assert collector.wait_for(ids)
    time.sleep(0.3)
    assert collector.ids == ids
    assert before not in collector.ids
    assert listener.last_id == ids[-1]


def test_a_listener_catches_up_from_where_the_consumer_was(
    database: Database, listen: Callable[..., EventListener], collector: Collector
) -> None:
    start = latest_event_id(database.sessions)
    ids = [write_event(database) for _ in range(3)]
    listen(after_id=start)
    assert collector.wait_for(ids)
    assert collector.ids == ids


def test_a_failing_consumer_does_not_stop_the_listener(
    database: Database, collector: Collector
) -> None:
    calls: list[int] = []

    def fragile(events: list[EventRecord]) -> None:
        calls.append(len(events))
        if len(calls) == 1:
            raise RuntimeError("bug in the window")
        collector(events)

    listener = EventListener(database.target, fragile, poll_interval=0.1)
    listener.start()
    try:
        assert listener.wait_connected(20)
        write_event(database)
        time.sleep(0.5)
        later = write_event(database)
        assert collector.wait_for([later])
    finally:
        listener.stop()


def test_stop_returns_promptly(database: Database, collector: Collector) -> None:
    listener = EventListener(database.target, collector, poll_interval=2.0)
    listener.start()
    assert listener.wait_connected(20)
    begun = time.monotonic()
    listener.stop()
    assert time.monotonic() - begun < 1.5
    assert not listener.connected


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgres_wakes_on_notify_without_polling(
    database: Database, listen: Callable[..., EventListener], collector: Collector
) -> None:
    listen(poll_interval=60)  # polling would take far too long: only NOTIFY can be this fast
    begun = time.monotonic()
    event_id = write_event(database)
    assert collector.wait_for([event_id], timeout=4.0)
    assert time.monotonic() - begun < 1.0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_an_event_that_commits_late_is_not_skipped(
    database: Database, listen: Callable[..., EventListener], collector: Collector
) -> None:
    listen()
    slow = database.sessions()
    slow.begin()
    late_id = record_event(slow, "test.slow", "test")  # takes the lower id, commits last
    quick_id = write_event(database)
    assert late_id < quick_id
    assert collector.wait_for([quick_id])
    slow.commit()
    slow.close()
    assert collector.wait_for([late_id], timeout=5.0)
    time.sleep(0.3)
    assert sorted(collector.ids) == [late_id, quick_id]
    assert len(collector.ids) == 2


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_reconnects_after_its_connection_is_killed_and_catches_up(
    database: Database, listen: Callable[..., EventListener], collector: Collector
) -> None:
    listener = listen(backoff=(1.0,))
    first = write_event(database)
    assert collector.wait_for([first])
    pid = listener.connection_pid()
    assert pid is not None
    with database.engine.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        connection.commit()
    time.sleep(0.3)  # the listener is down now, waiting a second before reconnecting
    missed = [write_event(database) for _ in range(3)]
    assert collector.wait_for(missed, timeout=15.0)
    assert listener.reconnects >= 1
    assert listener.connection_pid() != pid
    assert collector.ids == [first, *missed]
