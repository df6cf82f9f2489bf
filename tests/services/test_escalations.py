"""Escalations to the back office: lifecycle, roles, versions and privacy, on both engines."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from grensdesk.bootstrap import Database
from grensdesk.models import Escalation, Event, Office
from grensdesk.services.context import Actor
from grensdesk.services.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from grensdesk.services.escalations import (
    AlreadyClaimedError,
    add_internal_note,
    answer,
    assignable_experts,
    claim,
    close,
    escalate,
    escalations_for_consultation,
    get_escalation,
    provide_information,
    reassign,
    reply,
    request_information,
    return_escalation,
)
from tests.support.escalation_processes import TAX_QUESTION, actor, new_consultation, new_escalation

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def anna(database: Database) -> Actor:
    return actor(database, "anna")


@pytest.fixture
def sanne(database: Database) -> Actor:
    """Expert for tax and self-employment at the Belastingdienst (NL)."""
    return actor(database, "sanne")


@pytest.fixture
def markus(database: Database) -> Actor:
    """Expert for social security, pension … at SVB-BDZ: not for tax."""
    return actor(database, "markus")


def test_the_whole_way_from_question_to_closed(
    database: Database, anna: Actor, sanne: Actor
) -> None:
    created = new_escalation(database, anna, today=MONDAY)
    assert created.status == "new"
    assert created.summary.due_on == dt.date(2026, 3, 16)  # 10 working days
    assert created.allowed_actions == frozenset({"close"})

    claimed = claim(database.sessions, sanne, created.id, today=MONDAY)
    assert (claimed.status, claimed.summary.assignee_name) == ("claimed", "Sanne Jansen")
    assert claimed.version > created.version

    noted = add_internal_note(
        database.sessions, sanne, claimed.id, claimed.version, "Check the 2026 protocol."
    )
    answered = answer(
        database.sessions, sanne, noted.id, noted.version, "Yes: the 34-day rule applies."
    )
    assert answered.status == "answered"

    seen_by_adviser = get_escalation(database.sessions, anna, answered.id)
    assert [m.kind for m in seen_by_adviser.messages] == ["answer"]  # no internal note
    assert seen_by_adviser.allowed_actions == frozenset({"reply", "close"})
    closed = close(database.sessions, anna, answered.id, seen_by_adviser.version, "Thanks!")
    assert closed.status == "closed"
    assert closed.allowed_actions == frozenset()

    steps = [step.kind for step in get_escalation(database.sessions, sanne, closed.id).steps]
    assert steps == [
        "escalation.created",
        "escalation.claimed",
        "escalation.noted",
        "escalation.answered",
        "escalation.closed",
    ]
    assert [step.actor_name for step in closed.steps][:2] == ["Anna de Vries", "Sanne Jansen"]
    assert "escalation.noted" not in [step.kind for step in closed.steps]  # adviser's view


def test_every_change_is_an_event_in_the_same_transaction(
    database: Database, anna: Actor, sanne: Actor
) -> None:
    created = new_escalation(database, anna)
    claim(database.sessions, sanne, created.id)
    with database.sessions() as session:
        kinds = session.scalars(
            select(Event.kind).where(Event.entity == "escalation").order_by(Event.id)
        ).all()
    assert kinds == ["escalation.created", "escalation.claimed"]


def test_only_advisers_of_the_office_escalate(
    database: Database, anna: Actor, sanne: Actor
) -> None:
    consultation_id = new_consultation(database, anna)
    with pytest.raises(PermissionDeniedError):
        escalate(database.sessions, sanne, consultation_id, TAX_QUESTION)
    lukas = actor(database, "lukas")  # an adviser at GIP Aachen
    with pytest.raises(PermissionDeniedError):
        escalate(database.sessions, lukas, consultation_id, TAX_QUESTION)
    with pytest.raises(NotFoundError):
        escalate(database.sessions, anna, 999_999, TAX_QUESTION)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"question": "   "}, "question"),
        ({"urgency": "asap"}, "urgency"),
        ({"topic": "astrology"}, "topic"),
    ],
)
def test_bad_input_names_the_field(
    database: Database, anna: Actor, change: dict[str, str], field: str
) -> None:
    consultation_id = new_consultation(database, anna)
    with pytest.raises(ValidationError) as raised:
        escalate(
            database.sessions, anna, consultation_id, dataclasses.replace(TAX_QUESTION, **change)
        )
    assert raised.value.field == field


def test_an_escalation_goes_to_a_back_office_only(database: Database, anna: Actor) -> None:
    with database.sessions() as session:
        gip = session.scalar(select(Office.id).where(Office.kind == "gip"))
    consultation_id = new_consultation(database, anna)
    data = dataclasses.replace(TAX_QUESTION, answering_office_id=gip)
    with pytest.raises(ValidationError):
        escalate(database.sessions, anna, consultation_id, data)


def test_only_an_expert_in_the_field_claims(
    database: Database, anna: Actor, sanne: Actor, markus: Actor
) -> None:
    created = new_escalation(database, anna)
    with pytest.raises(PermissionDeniedError):
        claim(database.sessions, markus, created.id)  # not a tax expert
    with pytest.raises(PermissionDeniedError):
        claim(database.sessions, anna, created.id)  # an adviser
    with pytest.raises(PermissionDeniedError):
        get_escalation(database.sessions, markus, created.id)
    assert claim(database.sessions, sanne, created.id).summary.assignee_id == sanne.user_id


def test_the_second_claim_is_told_who_has_it(database: Database, anna: Actor, sanne: Actor) -> None:
    colleague = _tax_colleague(database, sanne)
    created = new_escalation(database, anna)
    claim(database.sessions, sanne, created.id)
    with pytest.raises(AlreadyClaimedError) as raised:
        claim(database.sessions, colleague, created.id)
    assert raised.value.holder == "Sanne Jansen"
    assert "Sanne Jansen" in str(raised.value)


def test_a_stale_answer_is_refused_and_says_who_changed_it(
    database: Database, anna: Actor, sanne: Actor
) -> None:
    colleague = _tax_colleague(database, sanne)
    claimed = claim(database.sessions, sanne, new_escalation(database, anna).id)
    add_internal_note(database.sessions, colleague, claimed.id, claimed.version, "Look at X.")
    with pytest.raises(ConflictError) as raised:
        answer(database.sessions, sanne, claimed.id, claimed.version, "My answer")
    assert raised.value.changed_by == "Tom Belasting"
    assert raised.value.current_version == claimed.version + 1
    assert get_escalation(database.sessions, sanne, claimed.id).status == "claimed"


def test_waiting_for_information_stops_the_clock(
    database: Database, anna: Actor, sanne: Actor
) -> None:
    created = new_escalation(database, anna, today=MONDAY)
    claimed = claim(database.sessions, sanne, created.id, today=MONDAY)
    due = claimed.summary.due_on
    wednesday = MONDAY + dt.timedelta(days=2)
    waiting = request_information(
        database.sessions, sanne, claimed.id, claimed.version, "Which employer?", today=wednesday
    )
    assert (waiting.status, waiting.paused_since) == ("waiting", wednesday)
    assert (
        "provide_information" in get_escalation(database.sessions, anna, waiting.id).allowed_actions
    )
    # Still "8 working days left" a week later: the clock stands still while waiting.
    later = get_escalation(database.sessions, sanne, waiting.id, today=MONDAY + dt.timedelta(9))
    assert later.summary.working_days_left == 8
    assert not later.summary.is_overdue
    following_monday = MONDAY + dt.timedelta(days=7)
    resumed = provide_information(
        database.sessions, anna, waiting.id, waiting.version, "Acme BV", today=following_monday
    )
    assert resumed.status == "claimed"
    assert resumed.paused_working_days == 3  # Thursday, Friday, Monday
    assert resumed.summary.due_on == due + dt.timedelta(days=3)  # from Mon 16 to Thu 19
    assert resumed.summary.due_on == dt.date(2026, 3, 19)


def test_due_soon_and_overdue(database: Database, anna: Actor) -> None:
    created = new_escalation(
        database, anna, dataclasses.replace(TAX_QUESTION, urgency="urgent"), today=MONDAY
    )
    assert created.summary.due_on == dt.date(2026, 3, 5)  # 3 working days
    views = {
        day: get_escalation(database.sessions, anna, created.id, today=day).summary
        for day in (MONDAY, dt.date(2026, 3, 4), dt.date(2026, 3, 5), dt.date(2026, 3, 6))
    }
    assert [(v.working_days_left, v.due_soon, v.is_overdue) for v in views.values()] == [
        (3, False, False),
        (1, True, False),
        (0, True, False),
        (-1, False, True),
    ]


def test_without_consent_the_back_office_sees_no_personal_data(
    database: Database, anna: Actor, sanne: Actor
) -> None:
    without = claim(database.sessions, sanne, new_escalation(database, anna).id)
    assert without.citizen is None
    assert without.situation.residence_country == "DE"
    assert without.situation.home_work_percent == 20
    assert without.question == TAX_QUESTION.question
    # The front office sees its own citizen regardless.
    assert get_escalation(database.sessions, anna, without.id).citizen is not None

    consented = dataclasses.replace(TAX_QUESTION, share_personal_data=True)
    shared = claim(database.sessions, sanne, new_escalation(database, anna, consented).id)
    assert shared.citizen is not None
    assert shared.citizen.full_name == "Jürgen Krüger"


def test_seeing_the_citizen_is_recorded(database: Database, anna: Actor, sanne: Actor) -> None:
    consented = dataclasses.replace(TAX_QUESTION, share_personal_data=True)
    created = new_escalation(database, anna, consented)
    get_escalation(database.sessions, sanne, created.id)
    with database.sessions() as session:
        viewed = session.scalars(select(Event.actor_id).where(Event.kind == "citizen.viewed")).all()
    assert sanne.user_id in viewed


def test_internal_notes_never_reach_the_front_office(
    database: Database, anna: Actor, sanne: Actor
) -> None:
    claimed = claim(database.sessions, sanne, new_escalation(database, anna).id)
    noted = add_internal_note(database.sessions, sanne, claimed.id, claimed.version, "secret")
    assert [m.internal for m in noted.messages] == [True]
    for_adviser = get_escalation(database.sessions, anna, noted.id)
    assert for_adviser.messages == ()
    assert "escalation.noted" not in [step.kind for step in for_adviser.steps]
    with pytest.raises(PermissionDeniedError):
        add_internal_note(database.sessions, anna, noted.id, noted.version, "me too")


def test_the_answer_cites_knowledge_base_versions(
    database: Database, anna: Actor, sanne: Actor
) -> None:
    version_id = _a_comparison_version(database)
    claimed = claim(database.sessions, sanne, new_escalation(database, anna).id)
    answered = answer(
        database.sessions, sanne, claimed.id, claimed.version, "See the comparison.", (version_id,)
    )
    assert answered.messages[-1].cited_version_ids == (version_id,)
    assert [v.id for v in answered.cited_versions] == [version_id]
    assert answered.cited_versions[0].title
    with pytest.raises(NotFoundError):
        claimed2 = claim(database.sessions, sanne, new_escalation(database, anna).id)
        answer(database.sessions, sanne, claimed2.id, claimed2.version, "x", (987_654,))


def test_return_reply_and_reassign(database: Database, anna: Actor, sanne: Actor) -> None:
    colleague = _tax_colleague(database, sanne)
    created = new_escalation(database, anna, today=MONDAY)
    returned = return_escalation(
        database.sessions, sanne, created.id, created.version, "Ask the Finanzamt."
    )
    assert returned.status == "returned"
    assert get_escalation(database.sessions, anna, returned.id).allowed_actions == {"close"}

    second = new_escalation(database, anna, today=MONDAY)
    choices = assignable_experts(database.sessions, sanne, second.id)
    assert {choice.name for choice in choices} >= {"Sanne Jansen", "Tom Belasting"}
    moved = reassign(database.sessions, sanne, second.id, second.version, colleague.user_id or 0)
    assert (moved.status, moved.summary.assignee_name) == ("claimed", "Tom Belasting")
    with pytest.raises(ValidationError):
        reassign(database.sessions, colleague, moved.id, moved.version, anna.user_id or 0)
    answered = answer(database.sessions, colleague, moved.id, moved.version, "Done.")
    replied = reply(
        database.sessions, anna, answered.id, answered.version, "And for 2027?", today=MONDAY
    )
    assert replied.status == "claimed"
    assert replied.summary.due_on == dt.date(2026, 3, 16)


def test_an_adviser_sees_escalations_of_the_consultation(
    database: Database, anna: Actor, sanne: Actor
) -> None:
    created = new_escalation(database, anna)
    found = escalations_for_consultation(database.sessions, anna, created.summary.consultation_id)
    assert [item.id for item in found] == [created.id]
    lukas = actor(database, "lukas")
    assert (
        escalations_for_consultation(database.sessions, lukas, created.summary.consultation_id)
        == []
    )


def test_an_escalation_that_does_not_exist(database: Database, sanne: Actor) -> None:
    with pytest.raises(NotFoundError):
        get_escalation(database.sessions, sanne, 424_242)
    with pytest.raises(NotFoundError):
        claim(database.sessions, sanne, 424_242)


def test_claim_moves_the_deadline_to_the_claiming_office_calendar(
    database: Database, anna: Actor, sanne: Actor
) -> None:
    # No office chosen: the deadline counts on the escalating office's calendar until
    # someone claims it; then on the claimant's (Belastingdienst, Dutch holidays).
    created = new_escalation(database, anna, today=dt.date(2026, 12, 21))
    claimed = claim(database.sessions, sanne, created.id, today=dt.date(2026, 12, 21))
    with database.sessions() as session:
        row = session.get(Escalation, claimed.id)
        assert row is not None
        assert row.answering_office_id == sanne.office_id
        assert session.scalar(select(func.count()).select_from(Escalation)) == 1
    # 10 working days on the Dutch calendar: 25/26 Dec and 1 Jan are holidays.
    assert claimed.summary.due_on == dt.date(2027, 1, 6)


def _tax_colleague(database: Database, sanne: Actor) -> Actor:
    from grensdesk.services.accounts import NewUser, add_user
    from grensdesk.services.context import system_actor

    with database.sessions() as session:
        office_code = session.scalar(select(Office.code).where(Office.id == sanne.office_id))
    add_user(
        database.sessions,
        system_actor(),
        NewUser(
            username="tom",
            full_name="Tom Belasting",
            office_code=office_code or "",
            roles=("expert",),
            topics=("tax",),
            password="grensdesk",
        ),
    )
    return actor(database, "tom")


def _a_comparison_version(database: Database) -> int:
    from grensdesk.models import ComparisonVersion
    from tests.services.knowledge_support import load_sample

    load_sample(database)
    with database.sessions() as session:
        found = session.scalar(
            select(ComparisonVersion.id).where(ComparisonVersion.state == "published").limit(1)
        )
    assert found is not None
    return found
