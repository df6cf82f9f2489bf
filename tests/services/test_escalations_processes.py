"""Escalations between separate processes on a real PostgreSQL: no shared session, no mocks.

Each process has its own interpreter, engine and connections (multiprocessing ``spawn``),
as two desks in two offices do.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, text

from grensdesk.bootstrap import Database, connect, migrate
from grensdesk.db import parse_database_url
from grensdesk.demo_data import ensure_demo_accounts
from grensdesk.models import Escalation, Event
from grensdesk.services.errors import ConflictError
from grensdesk.services.escalations import answer, claim, get_escalation
from grensdesk.services.event_listener import latest_event_id
from tests.support.escalation_processes import (
    actor,
    claim_all,
    escalate_after,
    listen_until,
    new_escalation,
    open_database,
    spawn_context,
)
from tests.support.private_postgres import (
    PrivatePostgres,
    running_private_postgres,
    unavailable_reason,
)

CLAIMANTS = 8
ESCALATIONS = 200


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    database = open_database(postgres_url)
    yield database
    database.dispose()


@pytest.mark.parametrize("engine", ["postgresql", "sqlite"])
def test_another_process_listener_receives_the_escalation(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """PostgreSQL wakes the listener by NOTIFY; on SQLite (one desk, two windows) it polls."""
    url = str(request.getfixturevalue("postgres_url" if engine == "postgresql" else "sqlite_url"))
    database = open_database(url)
    context = spawn_context()
    ready, stop, results, created = (
        context.Event(),
        context.Event(),
        context.Queue(),
        context.Queue(),
    )
    start_id = latest_event_id(database.sessions)
    settle = 0.5 if engine == "postgresql" else 2.5  # a NOTIFY is immediate; a poll is not
    listener = context.Process(
        target=listen_until, args=(url, start_id, ready, stop, results, settle)
    )
    writer = context.Process(target=escalate_after, args=(url, "anna", ready, created))
    listener.start()
    writer.start()
    escalation_id = created.get(timeout=60)
    writer.join(30)
    stop.set()
    seen, _reconnects = results.get(timeout=30)
    listener.join(30)
    with database.sessions() as session:
        event_id = session.scalar(
            select(Event.id).where(
                Event.kind == "escalation.created", Event.entity_id == escalation_id
            )
        )
    database.dispose()
    assert event_id in seen
    assert sorted(seen) == seen and len(seen) == len(set(seen))


def test_eight_processes_race_for_two_hundred_escalations(postgres_url: str, pg: Database) -> None:
    anna = actor(pg, "anna")
    ids = [new_escalation(pg, anna, with_citizen=False).id for _ in range(ESCALATIONS)]
    usernames = _tax_experts(pg, CLAIMANTS)
    context = spawn_context()
    start, results = context.Event(), context.Queue()
    # A ninth process listens: eight writers commit out of id order all the time.
    start_id = latest_event_id(pg.sessions)
    ready, stop, heard = context.Event(), context.Event(), context.Queue()
    listener = context.Process(
        target=listen_until, args=(postgres_url, start_id, ready, stop, heard, 1.0)
    )
    listener.start()
    assert ready.wait(60)
    processes = [
        # Each process walks the list from its own starting point: contention everywhere.
        context.Process(
            target=claim_all,
            args=(postgres_url, username, ids[i * 25 :] + ids[: i * 25], start, results),
        )
        for i, username in enumerate(usernames)
    ]
    for process in processes:
        process.start()
    time.sleep(1.0)  # let them all import and connect; then go together
    start.set()
    reports = [results.get(timeout=240) for _ in processes]
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    stop.set()
    seen, _reconnects = heard.get(timeout=60)
    listener.join(30)
    claimed_events = _event_ids(pg, start_id, kind="escalation.claimed")
    assert len(claimed_events) == ESCALATIONS  # one per winner, none for a loser
    assert len(seen) == len(set(seen)), "an event came twice"
    assert sorted(seen) == _event_ids(pg, start_id), "an event was lost"
    wins: dict[int, list[str]] = {}
    for username, won, lost, other in reports:
        assert other == [], other
        for escalation_id in won:
            wins.setdefault(escalation_id, []).append(username)
        assert len(won) + len(lost) == ESCALATIONS
    assert sorted(wins) == sorted(ids)
    assert all(len(winners) == 1 for winners in wins.values())
    with pg.sessions() as session:
        owners = dict(
            session.execute(
                select(Escalation.id, Escalation.assignee_id).where(Escalation.id.in_(ids))
            ).all()
        )
    names = {actor(pg, name).user_id: name for name in usernames}
    assert {escalation_id: names[owners[escalation_id]] for escalation_id in ids} == {
        escalation_id: winners[0] for escalation_id, winners in wins.items()
    }
    # Every loser was told the name of the one who has it.
    full_names = {actor(pg, name).full_name for name in usernames}
    assert all(holder in full_names for _u, _w, lost, _o in reports for _id, holder in lost)
    assert sum(len(lost) for _u, _w, lost, _o in reports) == ESCALATIONS * (CLAIMANTS - 1)


def test_a_stale_answer_from_another_process_is_refused(pg: Database) -> None:
    anna = actor(pg, "anna")
    sanne = actor(pg, "sanne")
    claimed = claim(pg.sessions, sanne, new_escalation(pg, anna).id)
    # A second desk (its own engine and connections) answers first.
    other_desk = connect(pg.target)
    try:
        answer(other_desk.sessions, sanne, claimed.id, claimed.version, "First answer")
    finally:
        other_desk.dispose()
    with pytest.raises(ConflictError):
        answer(pg.sessions, sanne, claimed.id, claimed.version, "Second, stale answer")
    texts = [m.text for m in get_escalation(pg.sessions, sanne, claimed.id).messages]
    assert texts == ["First answer"]


@pytest.fixture(scope="module")
def private_server() -> Iterator[PrivatePostgres]:
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    with running_private_postgres() as server:
        yield server


def test_the_listener_survives_a_server_restart(private_server: PrivatePostgres) -> None:
    url = _fresh_database(private_server, "restart")
    database = open_database(url)
    anna = actor(database, "anna")
    start_id = latest_event_id(database.sessions)
    context = spawn_context()
    ready, stop, results = context.Event(), context.Event(), context.Queue()
    listener = context.Process(target=listen_until, args=(url, start_id, ready, stop, results, 1.0))
    listener.start()
    assert ready.wait(60)
    for _ in range(5):
        new_escalation(database, anna)
    private_server.restart()
    database.engine.dispose()  # the pool's connections died with the server
    for _ in range(5):
        new_escalation(database, anna)
    private_server.restart()
    database.engine.dispose()
    for _ in range(5):
        new_escalation(database, anna)
    stop.set()
    seen, reconnects = results.get(timeout=60)
    listener.join(30)
    expected = _event_ids(database, start_id)
    database.dispose()
    assert reconnects >= 2
    assert len(expected) == 15 * 2  # each: the consultation saved, the escalation created
    assert len(seen) == len(set(seen)), "an event came twice"
    assert sorted(seen) == expected, "an event was lost"


def _fresh_database(server: PrivatePostgres, name: str) -> str:
    from sqlalchemy import create_engine

    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = server.url(name)
    database = connect(parse_database_url(url))
    try:
        migrate(database)
        with database.sessions.begin() as session:
            ensure_demo_accounts(session)
    finally:
        database.dispose()
    return url


def _event_ids(database: Database, after_id: int, kind: str | None = None) -> list[int]:
    query = select(Event.id).where(Event.id > after_id).order_by(Event.id)
    if kind is not None:
        query = query.where(Event.kind == kind)
    with database.sessions() as session:
        return list(session.scalars(query))


def _tax_experts(database: Database, count: int) -> list[str]:
    from grensdesk.services.accounts import NewUser, add_user
    from grensdesk.services.context import system_actor

    names = ["sanne"]
    for number in range(1, count):
        add_user(
            database.sessions,
            system_actor(),
            NewUser(
                username=f"tax{number}",
                full_name=f"Tax Expert {number}",
                office_code="BD-GWO",
                roles=("expert",),
                topics=("tax",),
                password="grensdesk",
            ),
        )
        names.append(f"tax{number}")
    return names


def _wait_for(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
