"""Live updates without a server: a listener thread on one dedicated database connection.

On PostgreSQL it ``LISTEN``s on the ``grensdesk`` channel; every change NOTIFYs the id
of its event row at commit, and the listener then reads all event rows it has not seen.
On SQLite (one desk) it polls the event table every couple of seconds instead. Either
way the consumer gets ``on_events(list[EventRecord])`` on the listener's thread, each
committed event exactly once.

Why it tracks gaps: ids come from a sequence when a row is inserted, not when its
transaction commits. Transaction A can take id 10, B id 11, and B commit first; a reader
that only remembered "the last id was 11" would never see 10. So an id skipped over is
remembered and asked for again until it turns up, or until ``gap_timeout`` says that its
transaction rolled back.

A dropped connection or a server restart is survived: the listener reconnects with
backoff, LISTENs again and then reads everything after the last id it delivered, so
nothing is lost and nothing comes twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Final

from sqlalchemy import create_engine, func, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from grensdesk.db import CONNECT_TIMEOUT_S, DatabaseTarget, make_engine
from grensdesk.models import Event
from grensdesk.services.events import NOTIFY_CHANNEL, EventRecord, event_record

log = logging.getLogger(__name__)

BATCH: Final = 500
POLL_INTERVAL_S: Final = 2.0  # SQLite: how often to look for new events
WAKE_TIMEOUT_S: Final = 0.25  # PostgreSQL: how long one wait for NOTIFY lasts (stop latency)
SAFETY_POLL_S: Final = 5.0  # PostgreSQL: read anyway this often (late commits, dead sockets)
GAP_TIMEOUT_S: Final = 120.0  # an id still missing after this was rolled back
GAP_RETRY_S: Final = 1.0  # how often to ask again for ids that were skipped over
MAX_GAPS: Final = 10_000  # beyond this (old history), skipped ids are not chased
BACKOFF_S: Final = (0.2, 0.5, 1.0, 2.0, 5.0, 10.0)

EventsCallback = Callable[[list[EventRecord]], None]


def latest_event_id(sessions: sessionmaker[Session]) -> int:
    """The newest event's id (0 when there are none): where a fresh listener starts."""
    with sessions() as session:
        return session.scalar(select(func.max(Event.id))) or 0


class EventListener:
    """Delivers every committed event once, from its own thread and its own connection.

    ``after_id`` is the last event the consumer already has; ``None`` starts after the
    newest event at the first connection. ``on_state`` (optional) hears "connected" and
    "disconnected" so a window can show that it is live.
    """

    def __init__(
        self,
        target: DatabaseTarget,
        on_events: EventsCallback,
        *,
        after_id: int | None = None,
        on_state: Callable[[str], None] | None = None,
        poll_interval: float = POLL_INTERVAL_S,
        gap_timeout: float = GAP_TIMEOUT_S,
        backoff: Sequence[float] = BACKOFF_S,
        name: str = "grensdesk-events",
    ) -> None:
        self._target = target
        self._on_events = on_events
        self._on_state = on_state
        self._last_id = after_id
        self._poll_interval = poll_interval
        self._gap_timeout = gap_timeout
        self._backoff = tuple(backoff)
        self._gaps: dict[int, float] = {}  # missing id -> when first missed (monotonic)
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._engine: Engine | None = None
        self._connection: Connection | None = None
        self.reconnects = 0

    # --- the consumer's side --------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and close the connection (returns within about a second)."""
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def wait_connected(self, timeout: float | None = None) -> bool:
        """Block until listening (for tests and benchmarks); False on timeout."""
        return self._connected.wait(timeout)

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    @property
    def last_id(self) -> int | None:
        return self._last_id

    def connection_pid(self) -> int | None:
        """The server process of the listening connection (PostgreSQL only)."""
        connection = self._connection
        if connection is None or not self._target.is_postgresql:
            return None
        raw = connection.connection.driver_connection
        return None if raw is None else int(raw.info.backend_pid)

    # --- the thread ---------------------------------------------------------------

    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            try:
                self._connect()
                self._catch_up()
                self._set_connected(True)
                attempt = 0
                self._listen_until_stopped()
            except Exception as error:
                if self._stop.is_set():
                    break
                log.warning("event listener lost its connection: %s", error)
                self._set_connected(False)
                self._close()
                delay = self._backoff[min(attempt, len(self._backoff) - 1)]
                attempt += 1
                self.reconnects += 1
                self._stop.wait(delay)
        self._set_connected(False)
        self._close()

    def _set_connected(self, connected: bool) -> None:
        if connected == self._connected.is_set():
            return
        if connected:
            self._connected.set()
        else:
            self._connected.clear()
        if self._on_state is not None:
            try:
                self._on_state("connected" if connected else "disconnected")
            except Exception:
                log.exception("event listener state callback failed")

    def _connect(self) -> None:
        if self._engine is None:
            self._engine = self._make_engine()
        self._connection = self._engine.connect()
        if self._target.is_postgresql:
            # LISTEN before reading: whatever commits from now on wakes us, and whatever
            # committed before is found by the read that follows.
            self._connection.exec_driver_sql(f"LISTEN {NOTIFY_CHANNEL}")
        if self._last_id is None:
            self._last_id = self._connection.scalar(select(func.max(Event.id))) or 0

    def _make_engine(self) -> Engine:
        if self._target.is_postgresql:
            return create_engine(
                self._target.url,
                poolclass=NullPool,
                isolation_level="AUTOCOMMIT",
                connect_args={
                    "connect_timeout": CONNECT_TIMEOUT_S,
                    "application_name": "grensdesk-listener",
                    # A silently dead network shows within about a minute.
                    "keepalives": 1,
                    "keepalives_idle": 30,
                    "keepalives_interval": 10,
                    "keepalives_count": 3,
                },
            )
        return make_engine(self._target).execution_options(isolation_level="AUTOCOMMIT")

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.invalidate()
                connection.close()
            except Exception:
                log.debug("closing a broken listener connection", exc_info=True)
        if self._engine is not None and not self._target.is_postgresql:
            self._engine.dispose()
            self._engine = None

    def _listen_until_stopped(self) -> None:
        if not self._target.is_postgresql:
            while not self._stop.wait(self._poll_interval):
                self._catch_up()
            return
        assert self._connection is not None
        raw = self._connection.connection.driver_connection
        assert raw is not None
        last_read = time.monotonic()
        while not self._stop.is_set():
            woken = False
            # Back at the first NOTIFY; any that arrive during the read below wait in
            # psycopg's backlog and wake the next round at once (one read serves them all).
            for _notify in raw.notifies(timeout=WAKE_TIMEOUT_S, stop_after=1):
                woken = True
            since = time.monotonic() - last_read
            if woken or since >= SAFETY_POLL_S or (self._gaps and since >= GAP_RETRY_S):
                self._catch_up()
                last_read = time.monotonic()

    def _catch_up(self) -> None:
        """Deliver every event after the last id, and any late one that filled a gap."""
        assert self._connection is not None and self._last_id is not None
        while True:
            self._forget_old_gaps()
            condition = Event.id > self._last_id
            if self._gaps:
                condition = or_(condition, Event.id.in_(list(self._gaps)))
            rows = self._connection.execute(
                select(Event.__table__).where(condition).order_by(Event.id).limit(BATCH)
            ).all()
            if not rows:
                return
            events = [event_record(row) for row in rows]
            self._note_gaps(events)
            self._deliver(events)
            if len(rows) < BATCH:
                return

    def _note_gaps(self, events: list[EventRecord]) -> None:
        assert self._last_id is not None
        now = time.monotonic()
        for event in events:
            self._gaps.pop(event.id, None)
        newer = [event.id for event in events if event.id > self._last_id]
        if not newer:
            return
        present = set(newer)
        if max(newer) - self._last_id <= MAX_GAPS:
            for missing in range(self._last_id + 1, max(newer)):
                if missing not in present and len(self._gaps) < MAX_GAPS:
                    self._gaps.setdefault(missing, now)
        self._last_id = max(newer)

    def _forget_old_gaps(self) -> None:
        if not self._gaps:
            return
        cutoff = time.monotonic() - self._gap_timeout
        for missing in [key for key, since in self._gaps.items() if since < cutoff]:
            del self._gaps[missing]

    def _deliver(self, events: list[EventRecord]) -> None:
        try:
            self._on_events(events)
        except Exception:
            # The consumer's bug must not stop live updates for everyone else.
            log.exception("event listener callback failed")
