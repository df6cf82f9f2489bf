"""Live updates: the listener's events reach the GUI thread as a Qt signal, and the window."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from grensdesk.bootstrap import Database, connect
from grensdesk.config import load_settings
from grensdesk.services import escalations as service
from grensdesk.services.consultations import ConsultationInput, save_consultation
from grensdesk.services.escalations import EscalationInput
from grensdesk.services.events import EventRecord
from grensdesk.ui.context import AppContext
from grensdesk.ui.escalations.queue_page import EscalationsPage
from grensdesk.ui.live_updates import EventCallback, LiveUpdates
from grensdesk.ui.tasks import TaskRunner
from tests.conftest import sign_in_as
from tests.ui.gui_driver import GuiDriver

LIVE_TIMEOUT_MS = 15_000


def event(event_id: int) -> EventRecord:
    return EventRecord(
        id=event_id,
        occurred_at=dt.datetime.now(dt.UTC),
        kind="escalation.created",
        entity="escalation",
        entity_id=event_id,
        office_id=None,
        actor_id=None,
        detail="{}",
    )


class FakeListener:
    """Calls back from its own thread, like the real one."""

    def __init__(self, on_events: EventCallback) -> None:
        self.on_events = on_events
        self.stopped = threading.Event()

    def deliver_from_another_thread(self, events: list[EventRecord]) -> None:
        thread = threading.Thread(target=self.on_events, args=(events,))
        thread.start()
        thread.join()

    def stop(self) -> None:
        self.stopped.set()


@pytest.fixture
def context(database: Database, qtbot: QtBot) -> Iterator[AppContext]:
    tasks = TaskRunner()
    yield AppContext(database, sign_in_as(database, "els"), tasks, load_settings())
    tasks.wait_for_done()


def escalate_as_anna(database: Database) -> int:
    anna = sign_in_as(database, "anna")
    consultation = save_consultation(
        database.sessions,
        anna,
        ConsultationInput(
            started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
            duration_minutes=20,
            channel="phone",
            language="nl",
            residence_country="NL",
            work_country="BE",
            profile="pensioner",
            topics=("pension",),
            question="Belgisch pensioen en AOW samen?",
            advice="",
            status="open",
        ),
    )
    return service.escalate(
        database.sessions,
        anna,
        consultation.id,
        EscalationInput(topic="pension", question="Belgisch pensioen en AOW samen?"),
    ).id


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_events_from_the_listener_thread_arrive_on_the_gui_thread(
    context: AppContext, qtbot: QtBot
) -> None:
    listeners: list[FakeListener] = []

    def factory(_context: AppContext, on_events: EventCallback) -> FakeListener:
        listeners.append(FakeListener(on_events))
        return listeners[-1]

    live = LiveUpdates(context, factory)
    received: list[tuple[list[EventRecord], threading.Thread]] = []
    # Direct: record the thread the signal is emitted on, not where Qt would queue it to.
    live.events_arrived.connect(
        lambda events: received.append((events, threading.current_thread())),
        Qt.ConnectionType.DirectConnection,
    )
    live.start()
    qtbot.waitUntil(lambda: live.running)

    listeners[0].deliver_from_another_thread([event(1), event(2)])

    qtbot.waitUntil(lambda: bool(received))
    [(events, thread)] = received
    assert [item.id for item in events] == [1, 2]
    assert thread is threading.main_thread()  # the GUI thread, where widgets live
    live.stop()
    assert listeners[0].stopped.is_set()
    listeners[0].deliver_from_another_thread([event(3)])  # a late one, after stopping
    qtbot.wait(50)
    assert len(received) == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_stopped_while_still_starting_leaves_no_listener_running(
    context: AppContext, qtbot: QtBot
) -> None:
    release = threading.Event()
    listeners: list[FakeListener] = []

    def slow_factory(_context: AppContext, on_events: EventCallback) -> FakeListener:
        release.wait(10)  # connecting to a slow server
        listeners.append(FakeListener(on_events))
        return listeners[-1]

    live = LiveUpdates(context, slow_factory)
    live.start()
    live.stop()  # the window closes before the listener is up
    release.set()

    qtbot.waitUntil(lambda: bool(listeners) and listeners[0].stopped.is_set())
    assert not live.running


def test_the_real_listener_hears_another_connection_write(
    database_url: str, database: Database, context: AppContext, qtbot: QtBot
) -> None:
    live = LiveUpdates(context)
    received: list[EventRecord] = []
    live.events_arrived.connect(received.extend)
    live.start()
    try:
        qtbot.waitUntil(lambda: live.running)
        # A second, independent connection (another desk) writes through the service.
        other_desk = connect(database.target)
        try:
            escalation_id = escalate_as_anna(other_desk)
        finally:
            other_desk.dispose()

        def escalation_events() -> list[str]:
            return [
                item.kind
                for item in received
                if item.entity == "escalation" and item.entity_id == escalation_id
            ]

        qtbot.waitUntil(lambda: bool(escalation_events()), timeout=LIVE_TIMEOUT_MS)
        assert escalation_events() == ["escalation.created"]
        assert "consultation.created" in [item.kind for item in received]  # in order, all
    finally:
        live.stop()
    assert not live.running


def test_a_new_escalation_appears_in_the_open_queue_and_is_counted(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(database_url)
    window = gui.sign_in("els")
    page = window.page("escalations")
    assert isinstance(page, EscalationsPage)
    assert window.stack.currentWidget() is page  # an expert's home
    gui.wait_until_idle()
    qtbot.waitUntil(lambda: window.live.running)
    assert page.model.rowCount() == 0
    title = window.navigation.item(0).text()

    escalation_id = escalate_as_anna(database)  # at the GIP desk, elsewhere

    qtbot.waitUntil(lambda: page.model.row_of(escalation_id) >= 0, timeout=LIVE_TIMEOUT_MS)
    assert escalation_id in page.model.unseen  # marked as new until opened
    assert page.model.index(0, 0).data().startswith("●")
    qtbot.waitUntil(lambda: window.new_items.count == 1)
    assert window.navigation.item(0).text() == f"{title} (1)"
    assert window.new_items_label.isVisible()
    page.open_case(escalation_id)
    qtbot.waitUntil(lambda: window.new_items.count == 0)
    assert window.navigation.item(0).text() == title
    assert not window.new_items_label.isVisible()
