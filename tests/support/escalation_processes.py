"""Escalation test helpers, and the work that separate processes do in the process tests.

The process entry points take only plain values (a database URL, ids, a queue): they run
under multiprocessing's ``spawn``, each with its own interpreter, engine and connections.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing as mp
import time
from typing import Any

from grensdesk.bootstrap import Database, connect
from grensdesk.db import parse_database_url
from grensdesk.services.accounts import authenticate
from grensdesk.services.consultations import (
    CitizenInput,
    ConsultationInput,
    save_consultation,
)
from grensdesk.services.context import Actor
from grensdesk.services.errors import ConflictError
from grensdesk.services.escalations import (
    AlreadyClaimedError,
    EscalationDetail,
    EscalationInput,
    claim,
    escalate,
)
from grensdesk.services.events import EventRecord

DEMO_PASSWORD = "grensdesk"

CITIZEN = CitizenInput(
    full_name="Jürgen Krüger",
    email="j.krueger@example.de",
    phone="+49 2562 12345",
    town="Gronau",
    country="DE",
    language="de",
)
CONSULTATION = ConsultationInput(
    started_at=dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC),
    duration_minutes=30,
    channel="walk_in",
    language="de",
    residence_country="DE",
    residence_region="NRW",
    work_country="NL",
    profile="frontier_worker",
    home_work_percent=20,
    topics=("tax",),
    question="Wohnt in Gronau, arbeitet in Enschede: wo zahlt er Steuern?",
)
TAX_QUESTION = EscalationInput(
    topic="tax",
    question="Home office two days a week in Gronau: does the 25% rule apply?",
    checked_already="Read the comparison on home working.",
)


def actor(database: Database, username: str) -> Actor:
    return authenticate(database.sessions, username, DEMO_PASSWORD)


def new_consultation(database: Database, adviser: Actor, *, with_citizen: bool = True) -> int:
    data = dataclasses.replace(CONSULTATION, citizen=CITIZEN if with_citizen else None)
    return save_consultation(database.sessions, adviser, data).id


def new_escalation(
    database: Database,
    adviser: Actor,
    data: EscalationInput = TAX_QUESTION,
    *,
    today: dt.date | None = None,
    with_citizen: bool = True,
) -> EscalationDetail:
    consultation_id = new_consultation(database, adviser, with_citizen=with_citizen)
    return escalate(database.sessions, adviser, consultation_id, data, today=today)


def open_database(url: str) -> Database:
    return connect(parse_database_url(url))


# --- entry points of the separate processes -------------------------------------------


def claim_all(url: str, username: str, ids: list[int], start: Any, results: Any) -> None:
    """Claim every id in turn, as fast as possible; report (won, lost-to-whom) per id."""
    database = open_database(url)
    expert = actor(database, username)
    won: list[int] = []
    lost: list[tuple[int, str]] = []
    other: list[tuple[int, str]] = []
    start.wait()
    for escalation_id in ids:
        try:
            claim(database.sessions, expert, escalation_id)
            won.append(escalation_id)
        except AlreadyClaimedError as error:
            lost.append((escalation_id, error.holder))
        except ConflictError as error:
            other.append((escalation_id, str(error)))
    database.dispose()
    results.put((username, won, lost, other))


def escalate_after(url: str, username: str, ready: Any, results: Any) -> None:
    """Wait until the listener is up, then escalate once and report the new id."""
    database = open_database(url)
    adviser = actor(database, username)
    ready.wait(30)
    detail = new_escalation(database, adviser)
    database.dispose()
    results.put(detail.id)


def listen_until(
    url: str,
    after_id: int,
    ready: Any,
    stop: Any,
    results: Any,
    settle: float = 0.0,
    backoff: tuple[float, ...] = (0.1, 0.2, 0.5),
) -> None:
    """Run an EventListener until ``stop`` is set; report the delivered ids and reconnects."""
    from grensdesk.services.event_listener import EventListener

    seen: list[int] = []

    def on_events(events: list[EventRecord]) -> None:
        seen.extend(event.id for event in events)

    listener = EventListener(parse_database_url(url), on_events, after_id=after_id, backoff=backoff)
    listener.start()
    listener.wait_connected(30)
    ready.set()
    stop.wait(300)
    time.sleep(settle)
    listener.stop()
    results.put((seen, listener.reconnects))


def spawn_context() -> Any:
    return mp.get_context("spawn")
