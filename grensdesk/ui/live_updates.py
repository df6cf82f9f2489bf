"""Live updates: the backend's event listener, re-emitted as a Qt signal on the GUI thread.

The listener (``grensdesk.services.event_listener``) runs on its own thread: LISTEN/NOTIFY
on PostgreSQL, polling on SQLite. Its callback arrives on that thread, so this object only
hands the events over to the GUI thread (a queued signal); it never touches a widget or the
database itself. Starting and stopping the listener may open or close a connection, so both
run through the TaskRunner, never on the GUI thread.

Signals:
    events_arrived(list): a list of ``EventRecord`` written by anyone (this desk too),
        oldest first, delivered on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal, Slot

from grensdesk.services.events import EventRecord
from grensdesk.ui.context import AppContext

log = logging.getLogger(__name__)

EventCallback = Callable[[list[EventRecord]], None]


class Listener(Protocol):
    """What this bridge needs from the backend's listener."""

    def stop(self) -> None: ...


ListenerFactory = Callable[[AppContext, EventCallback], Listener]


def backend_listener(context: AppContext, on_events: EventCallback) -> Listener:
    """The real one, from the newest event on: what came before sign-in is history.

    Runs in a worker thread (it reads the newest event id), never on the GUI thread.
    """
    from grensdesk.services.event_listener import EventListener, latest_event_id

    database = context.database
    listener = EventListener(
        database.target, on_events, after_id=latest_event_id(database.sessions)
    )
    listener.start()
    return listener


class _Carrier(QObject):
    """Crosses the thread boundary: emitted on the listener's thread, received on the GUI's."""

    carried = Signal(object)


class LiveUpdates(QObject):
    """Owns one event listener for the signed-in session."""

    events_arrived = Signal(list)

    def __init__(
        self,
        context: AppContext,
        factory: ListenerFactory = backend_listener,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._factory = factory
        self._listener: Listener | None = None
        self._starting = False
        self._stopped = False
        self._carrier = _Carrier()
        # Queued: the listener thread only posts; the slot runs in the GUI thread's loop.
        self._carrier.carried.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self._listener is not None

    def start(self) -> None:
        """Start listening in the background; a second call does nothing."""
        if self._starting or self._listener is not None or self._stopped:
            return
        self._starting = True
        context, factory, carrier = self.context, self._factory, self._carrier
        self.context.tasks.run(
            lambda: factory(context, carrier.carried.emit),
            self._started,
            self._start_failed,
            owner=self,
        )

    def _started(self, listener: Listener) -> None:
        self._starting = False
        if self._stopped:  # shut down while it was starting: do not leave it running
            self.context.tasks.run(listener.stop, lambda _none: None)
            return
        self._listener = listener

    def _start_failed(self, error: BaseException) -> None:
        # The window still works without live updates (Refresh still does); say it in the log.
        self._starting = False
        log.warning("live updates are off: %s", error)

    def stop(self, wait: bool = True) -> None:
        """Stop the listener (at sign-out or quit). ``wait``: until its connection is closed."""
        self._stopped = True
        listener, self._listener = self._listener, None
        if listener is None:
            return
        if wait:
            # Quitting: the process must not end with a listener thread still in a query.
            # stop() only sets a flag, wakes the thread and joins it, which is quick.
            listener.stop()
        else:
            self.context.tasks.run(listener.stop, lambda _none: None)

    @Slot(object)
    def _deliver(self, events: object) -> None:
        if self._stopped or not isinstance(events, list) or not events:
            return
        self.events_arrived.emit(events)
