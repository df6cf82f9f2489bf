"""Escalations: how fast a change reaches other desks, and how fast the queue opens.

``escalation_notify_p95_ms``: from the commit of an escalation in one process to the
``on_events`` callback of an EventListener in another process (PostgreSQL LISTEN/NOTIFY
on loopback), 95th percentile. ``escalation_notify_p95_ms_50_listeners``: the same with
50 listening clients (50 listener connections, spread over 10 processes: 2 cores cannot
start 50 interpreters quickly), over every delivery to every listener.

``escalation_queue_ms_{sqlite,postgresql}``: an expert's queue (four topics, default
statuses, first 200) with 100,000 escalations in the database, 95th percentile.

PostgreSQL figures need ``GRENSDESK_BENCH_DATABASE_URL`` (or ``GRENSDESK_TEST_DATABASE_URL``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import statistics
import time
from typing import Any, Final

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from bench.demo_load import SERVER_ENVS, _throwaway_postgres
from bench.workspace import Workspace
from grensdesk.bootstrap import Database, connect, migrate
from grensdesk.db import parse_database_url
from grensdesk.demo_data import load_demo_data
from grensdesk.models import Consultation, UserAccount
from grensdesk.services.accounts import authenticate
from grensdesk.services.escalation_demo import insert_demo_escalations
from grensdesk.services.escalations import EscalationInput, escalate, list_queue
from grensdesk.services.events import EventRecord

NOTIFY_ROUNDS: Final = 60
NOTIFY_GAP_S: Final = 0.05
LISTENER_PROCESSES: Final = 10
QUEUE_ESCALATIONS: Final = 100_000
QUEUE_RUNS: Final = 25
# A long-running shared database: most escalations are long closed.
HISTORY_MIX: Final = {
    "closed": 85, "answered": 5, "new": 4, "claimed": 3, "waiting": 2, "returned": 1,
}  # fmt: skip


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def _prepare(url: str, consultations: int) -> Database:
    database = connect(parse_database_url(url))
    migrate(database)
    load_demo_data(database.sessions, consultations, months=2, seed=3)
    return database


# --- notify latency ---------------------------------------------------------------


def _listen(url: str, listeners: int, ready: Any, stop: Any, results: Any) -> None:
    """A listening desk: ``listeners`` EventListeners, each on its own connection."""
    from grensdesk.services.event_listener import EventListener

    received: list[tuple[int, float]] = []

    def on_events(events: list[EventRecord]) -> None:
        now = time.time()
        received.extend((item.id, now) for item in events if item.kind == "escalation.created")

    target = parse_database_url(url)
    running = [EventListener(target, on_events) for _ in range(listeners)]
    for listener in running:
        listener.start()
    for listener in running:
        listener.wait_connected(60)
    ready.release()
    stop.wait(600)
    for listener in running:
        listener.stop()
    results.put(received)


def _notify_latencies(url: str, database: Database, clients: int) -> list[float]:
    context = mp.get_context("spawn")
    processes_count = 1 if clients == 1 else LISTENER_PROCESSES
    per_process = max(1, clients // processes_count)
    ready, stop, results = context.Semaphore(0), context.Event(), context.Queue()
    processes = [
        context.Process(target=_listen, args=(url, per_process, ready, stop, results))
        for _ in range(processes_count)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire(timeout=120)
    anna = authenticate(database.sessions, "anna", "grensdesk")
    with database.sessions() as session:
        consultation_id = session.scalar(
            select(Consultation.id).where(Consultation.office_id == anna.office_id).limit(1)
        )
    assert consultation_id is not None
    committed: dict[int, float] = {}
    moments: list[float] = []

    def before_commit(_session: Session) -> None:
        moments.append(time.time())

    event.listen(database.sessions, "before_commit", before_commit)
    try:
        data = EscalationInput(topic="tax", question="Bench: how fast does the back office hear?")
        for _ in range(NOTIFY_ROUNDS):
            moments.clear()
            detail = escalate(database.sessions, anna, consultation_id, data)
            with database.sessions() as session:
                event_id = session.scalar(select(_event_id_of(detail.id)))
            assert event_id is not None
            committed[event_id] = moments[-1]
            time.sleep(NOTIFY_GAP_S)
    finally:
        event.remove(database.sessions, "before_commit", before_commit)
    time.sleep(1.0)
    stop.set()
    latencies: list[float] = []
    for _ in processes:
        for event_id, at in results.get(timeout=120):
            if event_id in committed:
                latencies.append((at - committed[event_id]) * 1000)
    for process in processes:
        process.join(60)
    expected = NOTIFY_ROUNDS * per_process * processes_count
    if len(latencies) != expected:
        print(f"notify: {len(latencies)} deliveries, expected {expected}", flush=True)
    return latencies


def _event_id_of(escalation_id: int) -> Any:
    from grensdesk.models import Event

    return (
        select(Event.id)
        .where(Event.kind == "escalation.created", Event.entity_id == escalation_id)
        .scalar_subquery()
    )


def _measure_notify(server: str) -> dict[str, float]:
    figures: dict[str, float] = {}
    with _throwaway_postgres(server) as url:
        database = _prepare(url, 500)
        try:
            figures["escalation_notify_p95_ms"] = _p95(_notify_latencies(url, database, 1))
            figures["escalation_notify_p95_ms_50_listeners"] = _p95(
                _notify_latencies(url, database, 50)
            )
        finally:
            database.dispose()
    return figures


# --- queue --------------------------------------------------------------------------


def _measure_queue(url: str, engine_name: str) -> dict[str, float]:
    database = _prepare(url, 5_000)
    try:
        started = time.perf_counter()
        with database.sessions.begin() as session:
            insert_demo_escalations(
                session,
                QUEUE_ESCALATIONS,
                seed=9,
                end=dt.date.today(),
                with_events=False,
                status_weights=HISTORY_MIX,
            )
        if engine_name == "postgresql":
            with database.engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
        print(
            f"{QUEUE_ESCALATIONS} escalations on {engine_name} in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        markus = authenticate(database.sessions, "markus", "grensdesk")
        anna = authenticate(database.sessions, "anna", "grensdesk")
        with database.sessions() as session:
            assert session.scalar(select(UserAccount.id).where(UserAccount.username == "markus"))
        timings: list[float] = []
        for run in range(QUEUE_RUNS + 3):
            who = markus if run % 2 == 0 else anna
            began = time.perf_counter()
            found = list_queue(database.sessions, who)
            if run >= 3:  # warm-up first
                timings.append((time.perf_counter() - began) * 1000)
            assert found
        return {f"escalation_queue_ms_{engine_name}": _p95(timings)}
    finally:
        database.dispose()


def measure_escalations(workspace: Workspace) -> dict[str, float]:
    figures = _measure_queue(f"sqlite:///{workspace.root / 'escalations.sqlite3'}", "sqlite")
    server = next((os.environ[name] for name in SERVER_ENVS if os.environ.get(name)), None)
    if server is None:
        print("escalations on PostgreSQL skipped: set GRENSDESK_BENCH_DATABASE_URL", flush=True)
        return figures
    with _throwaway_postgres(server) as url:
        figures.update(_measure_queue(url, "postgresql"))
    figures.update(_measure_notify(server))
    return figures


if __name__ == "__main__":
    import tempfile
    from pathlib import Path

    print(measure_escalations(Workspace(Path(tempfile.mkdtemp(prefix="grensdesk-esc-")))))
