"""The queue, presence and live relevance of escalations, and the demo's escalations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest
from sqlalchemy import update

from grensdesk.bootstrap import Database
from grensdesk.demo_data import load_demo_data
from grensdesk.models import EscalationViewer
from grensdesk.services.context import system_actor
from grensdesk.services.errors import NotFoundError, PermissionDeniedError, ValidationError
from grensdesk.services.escalations import (
    add_internal_note,
    answer,
    answering_offices,
    claim,
    get_escalation,
    is_relevant,
    list_queue,
    mark_viewing,
    stop_viewing,
)
from grensdesk.services.events import events_since
from tests.support.escalation_processes import TAX_QUESTION, actor, new_escalation

MONDAY = dt.date(2026, 3, 2)


def test_an_expert_sees_their_topics_overdue_first_then_by_deadline(database: Database) -> None:
    anna, sanne, markus = (actor(database, name) for name in ("anna", "sanne", "markus"))
    normal = new_escalation(database, anna, today=MONDAY)  # due 16 March
    urgent = new_escalation(
        database, anna, dataclasses.replace(TAX_QUESTION, urgency="urgent"), today=MONDAY
    )  # due 5 March
    old = new_escalation(database, anna, today=dt.date(2026, 2, 2))  # due 16 February
    pension = new_escalation(
        database, anna, dataclasses.replace(TAX_QUESTION, topic="pension"), today=MONDAY
    )
    on_the_ninth = list_queue(database.sessions, sanne, today=dt.date(2026, 3, 9))
    assert [item.id for item in on_the_ninth] == [old.id, urgent.id, normal.id]
    assert [item.is_overdue for item in on_the_ninth] == [True, True, False]
    assert [item.id for item in list_queue(database.sessions, markus)] == [pension.id]
    # The adviser sees the whole office's; the command line everything.
    assert {item.id for item in list_queue(database.sessions, anna)} == {
        normal.id, urgent.id, old.id, pension.id,
    }  # fmt: skip
    assert len(list_queue(database.sessions, system_actor())) == 4


def test_filters_by_status_and_topic(database: Database) -> None:
    anna, sanne = actor(database, "anna"), actor(database, "sanne")
    first = new_escalation(database, anna)
    second = new_escalation(database, anna)
    claimed = claim(database.sessions, sanne, second.id)
    answer(database.sessions, sanne, claimed.id, claimed.version, "Done")
    assert [i.id for i in list_queue(database.sessions, sanne)] == [first.id]  # running only
    assert [i.id for i in list_queue(database.sessions, sanne, status="answered")] == [second.id]
    assert list_queue(database.sessions, anna, topic="pension") == []
    with pytest.raises(ValidationError):
        list_queue(database.sessions, anna, status="lost")
    with pytest.raises(NotFoundError):
        list_queue(database.sessions, anna, topic="astrology")


def test_a_case_for_another_back_office_is_not_in_my_queue(database: Database) -> None:
    anna, sanne = actor(database, "anna"), actor(database, "sanne")
    svb = next(o for o in answering_offices(database.sessions) if o.code == "SVB-BDZ")
    addressed = new_escalation(
        database, anna, dataclasses.replace(TAX_QUESTION, answering_office_id=svb.id)
    )
    assert list_queue(database.sessions, sanne) == []
    with pytest.raises(PermissionDeniedError):
        claim(database.sessions, sanne, addressed.id)


def test_who_else_has_the_case_open(database: Database) -> None:
    anna, sanne = actor(database, "anna"), actor(database, "sanne")
    created = new_escalation(database, anna)
    mark_viewing(database.sessions, sanne, created.id)
    mark_viewing(database.sessions, sanne, created.id)  # a heartbeat: no second event
    seen_by_anna = get_escalation(database.sessions, anna, created.id)
    assert [viewer.name for viewer in seen_by_anna.viewers] == ["Sanne Jansen"]
    assert get_escalation(database.sessions, sanne, created.id).viewers == ()  # not myself
    kinds = [e.kind for e in events_since(database.sessions, 0) if e.entity == "escalation"]
    assert kinds.count("escalation.viewing") == 1
    # A viewer whose heartbeat stopped (crash, lost network) disappears after two minutes.
    with database.sessions.begin() as session:
        session.execute(
            update(EscalationViewer).values(
                seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3)
            )
        )
    assert get_escalation(database.sessions, anna, created.id).viewers == ()
    mark_viewing(database.sessions, sanne, created.id)
    assert len(get_escalation(database.sessions, anna, created.id).viewers) == 1
    stop_viewing(database.sessions, sanne, created.id)
    assert get_escalation(database.sessions, anna, created.id).viewers == ()
    markus = actor(database, "markus")
    with pytest.raises(PermissionDeniedError):
        mark_viewing(database.sessions, markus, created.id)


def test_which_events_are_news_for_whom(database: Database) -> None:
    anna, sanne, markus = (actor(database, name) for name in ("anna", "sanne", "markus"))
    lukas = actor(database, "lukas")
    created = new_escalation(database, anna)
    claimed = claim(database.sessions, sanne, created.id)
    mark_viewing(database.sessions, sanne, created.id)
    noted = add_internal_note(database.sessions, sanne, claimed.id, claimed.version, "Hm")
    answer(database.sessions, sanne, noted.id, noted.version, "Answer")
    events = {e.kind: e for e in events_since(database.sessions, 0) if e.entity == "escalation"}
    created_event = events["escalation.created"]
    answered_event = events["escalation.answered"]
    assert is_relevant(sanne, created_event)  # new in her queue
    assert not is_relevant(markus, created_event)  # not his topic
    assert not is_relevant(anna, created_event)  # her own doing
    assert is_relevant(anna, answered_event)  # the answer arrives
    assert not is_relevant(lukas, answered_event)  # another office
    assert not is_relevant(anna, events["escalation.viewing"])  # presence is not news
    assert not is_relevant(anna, events["escalation.noted"])  # the back office's own business


def test_the_demo_has_escalations_in_every_state_some_overdue(database: Database) -> None:
    begun = time.perf_counter()
    load_demo_data(database.sessions, 1_500, months=3, seed=5)
    assert time.perf_counter() - begun < 30
    everything = list_queue(database.sessions, system_actor(), limit=1_000)
    closed = list_queue(database.sessions, system_actor(), status="closed", limit=1_000)
    states = {item.status for item in everything + closed}
    assert states == {"new", "claimed", "waiting", "answered", "returned", "closed"}
    assert any(item.is_overdue for item in everything)
    sanne = actor(database, "sanne")
    mine = list_queue(database.sessions, sanne)
    assert mine, "the tax expert's queue is empty on first start"
    detail = get_escalation(database.sessions, sanne, mine[0].id)
    assert detail.steps and detail.steps[0].kind == "escalation.created"
