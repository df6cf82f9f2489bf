"""Logging, changing and listing consultations, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from grensdesk.bootstrap import Database
from grensdesk.models import Citizen, Event
from grensdesk.services.accounts import NewUser, add_user
from grensdesk.services.consultations import (
    CitizenInput,
    ConsultationFilter,
    ConsultationInput,
    ConsultationInvalidError,
    PageCursor,
    get_consultation,
    list_consultations,
    save_consultation,
)
from grensdesk.services.context import Actor
from grensdesk.services.errors import ConflictError, PermissionDeniedError
from tests.conftest import DEMO_PASSWORD, sign_in_as

START = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)

CITIZEN = CitizenInput(
    full_name="Jürgen Krüger",
    email="j.krueger@example.de",
    phone="+49 2562 12345",
    street="Bahnhofstraße 3",
    postcode="48599",
    town="Gronau",
    country="DE",
    language="de",
)
FULL = ConsultationInput(
    started_at=START,
    duration_minutes=35,
    channel="walk_in",
    language="de",
    residence_country="DE",
    residence_region="NRW",
    work_country="NL",
    work_region=None,
    profile="frontier_worker",
    home_work_percent=20,
    topics=("tax", "social_security"),
    question="Wohnt in Gronau, arbeitet in Enschede: wo zahlt er Steuern?",
    advice="Lohnsteuer in NL; Progressionsvorbehalt in DE erklärt.",
    follow_up_on=dt.date(2026, 3, 16),
    status="follow_up",
    citizen=CITIZEN,
)
PLAIN = ConsultationInput(
    started_at=START,
    duration_minutes=20,
    channel="phone",
    language="nl",
    residence_country="NL",
    work_country="DE",
    profile="pensioner",
    topics=("pension",),
)


def events_of(database: Database, kind: str, entity_id: int) -> int:
    with database.sessions() as session:
        return (
            session.scalar(
                select(func.count()).where(Event.kind == kind, Event.entity_id == entity_id)
            )
            or 0
        )


@pytest.fixture
def colleague(database: Database, admin: Actor) -> Actor:
    """A second adviser at anna's office."""
    add_user(
        database.sessions,
        admin,
        NewUser(
            username="bert",
            full_name="Bert Hendriks",
            office_code="GIP-EUREGIO",
            roles=("adviser",),
            password=DEMO_PASSWORD,
        ),
    )
    return sign_in_as(database, "bert")


def test_a_consultation_comes_back_as_it_was_saved(database: Database, adviser: Actor) -> None:
    saved = save_consultation(database.sessions, adviser, FULL)
    assert saved.version == 1
    assert events_of(database, "consultation.created", saved.id) == 1

    detail = get_consultation(database.sessions, adviser, saved.id)
    assert detail.data == FULL
    # What a save hands back is what reading it gives.
    assert saved == detail
    assert detail.office_code == "GIP-EUREGIO"
    assert (detail.adviser_username, detail.adviser_name) == ("anna", "Anna de Vries")
    assert detail.updated_by_name == "Anna de Vries"


def test_every_view_of_personal_data_is_recorded(database: Database, adviser: Actor) -> None:
    saved = save_consultation(database.sessions, adviser, FULL)
    with database.sessions() as session:
        citizen_id = session.scalar(select(func.max(Citizen.id)))
    assert citizen_id is not None
    get_consultation(database.sessions, adviser, saved.id)
    get_consultation(database.sessions, adviser, saved.id)
    assert events_of(database, "citizen.viewed", citizen_id) == 2

    # Without personal data there is nothing to record.
    plain = save_consultation(database.sessions, adviser, PLAIN)
    with database.sessions() as session:
        before = session.scalar(select(func.count()).where(Event.kind == "citizen.viewed"))
    get_consultation(database.sessions, adviser, plain.id)
    with database.sessions() as session:
        after = session.scalar(select(func.count()).where(Event.kind == "citizen.viewed"))
    assert after == before


def test_withdrawn_consent_deletes_the_citizen_and_keeps_the_counts(
    database: Database, adviser: Actor
) -> None:
    saved = save_consultation(database.sessions, adviser, FULL)
    with database.sessions() as session:
        citizen_id = session.scalar(select(func.max(Citizen.id)))
    changed = save_consultation(
        database.sessions,
        adviser,
        dataclasses.replace(FULL, citizen=None),
        saved.id,
        saved.version,
    )
    assert changed.version == saved.version + 1
    assert changed.data.citizen is None
    assert changed.data.topics == FULL.topics
    with database.sessions() as session:
        assert session.get(Citizen, citizen_id) is None
    assert events_of(database, "citizen.deleted", citizen_id or 0) == 1


def test_every_save_writes_its_event(database: Database, adviser: Actor) -> None:
    saved = save_consultation(database.sessions, adviser, PLAIN)
    version = saved.version
    for minutes in (25, 30):
        version = save_consultation(
            database.sessions,
            adviser,
            dataclasses.replace(PLAIN, duration_minutes=minutes),
            saved.id,
            version,
        ).version
    assert version == 3
    assert events_of(database, "consultation.created", saved.id) == 1
    assert events_of(database, "consultation.updated", saved.id) == 2


def test_a_stale_save_is_refused_and_names_who_saved_first(
    database: Database, adviser: Actor, colleague: Actor
) -> None:
    saved = save_consultation(database.sessions, adviser, PLAIN)
    # Both open version v of the same consultation.
    opened_by_anna = get_consultation(database.sessions, adviser, saved.id)
    opened_by_bert = get_consultation(database.sessions, colleague, saved.id)
    assert opened_by_anna.version == opened_by_bert.version

    bert_version = dataclasses.replace(PLAIN, advice="Bert's advice", duration_minutes=40)
    bert_saved = save_consultation(
        database.sessions, colleague, bert_version, saved.id, opened_by_bert.version
    )
    with pytest.raises(ConflictError, match="Bert Hendriks changed this consultation") as caught:
        save_consultation(
            database.sessions,
            adviser,
            dataclasses.replace(PLAIN, advice="Anna's advice"),
            saved.id,
            opened_by_anna.version,
        )
    assert caught.value.changed_by == "Bert Hendriks"
    assert caught.value.current_version == opened_by_anna.version + 1

    current = get_consultation(database.sessions, adviser, saved.id)
    assert current == bert_saved
    assert current.data == bert_version
    assert current.updated_by_name == "Bert Hendriks"
    assert events_of(database, "consultation.updated", saved.id) == 1


def test_another_office_can_neither_read_nor_change(database: Database, adviser: Actor) -> None:
    saved = save_consultation(database.sessions, adviser, FULL)
    lukas = sign_in_as(database, "lukas")
    with pytest.raises(PermissionDeniedError):
        get_consultation(database.sessions, lukas, saved.id)
    with pytest.raises(PermissionDeniedError):
        save_consultation(database.sessions, lukas, PLAIN, saved.id, saved.version)
    assert get_consultation(database.sessions, adviser, saved.id).data == FULL
    assert saved.id not in {row.id for row in list_consultations(database.sessions, lukas).rows}


def test_only_advisers_log_consultations(database: Database) -> None:
    with pytest.raises(PermissionDeniedError):
        save_consultation(database.sessions, sign_in_as(database, "markus"), PLAIN)


def _log(database: Database, actor: Actor, started_at: dt.datetime, **changes: object) -> int:
    data = dataclasses.replace(PLAIN, started_at=started_at, **changes)  # type: ignore[arg-type]
    return save_consultation(database.sessions, actor, data).id


def test_the_list_is_newest_first_and_pages_without_gaps_or_duplicates(
    database: Database, adviser: Actor
) -> None:
    # Pairs at the same minute: the id breaks the tie, and a page border falls inside one.
    ids = [_log(database, adviser, START + dt.timedelta(hours=number // 2)) for number in range(23)]
    _log(database, sign_in_as(database, "lukas"), START)  # another office: never listed
    expected = sorted(
        zip(ids, [START + dt.timedelta(hours=n // 2) for n in range(23)], strict=True),
        key=lambda pair: (pair[1], pair[0]),
        reverse=True,
    )
    seen: list[int] = []
    cursor: PageCursor | None = None
    pages = 0
    while True:
        page = list_consultations(database.sessions, adviser, after=cursor, page_size=5)
        seen += [row.id for row in page.rows]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 5
    assert seen == [consultation_id for consultation_id, _ in expected]
    first = list_consultations(database.sessions, adviser, page_size=5).rows[0]
    assert first.adviser_name == "Anna de Vries"
    assert first.topics == ("pension",)


def _listed(database: Database, actor: Actor, **filters: object) -> set[int]:
    page = list_consultations(
        database.sessions,
        actor,
        ConsultationFilter(**filters),  # type: ignore[arg-type]
        page_size=100,
    )
    return {row.id for row in page.rows}


def test_every_filter_narrows_the_list(
    database: Database, adviser: Actor, colleague: Actor
) -> None:
    march = _log(database, adviser, START, topics=("tax",))
    april = _log(
        database,
        adviser,
        START + dt.timedelta(days=31),
        topics=("pension", "health_insurance"),
        status="closed",
    )
    by_bert = _log(database, colleague, START + dt.timedelta(days=1), status="closed")
    percent = _log(database, adviser, START, question="Discount of 100% on the fee")
    underscore = _log(database, adviser, START, advice="see form E_106 for the details")
    plain_text = _log(database, adviser, START, question="Discount of 100 euro; form E1066")

    assert _listed(database, adviser, date_from=dt.date(2026, 4, 1)) == {april}
    assert _listed(database, adviser, date_to=dt.date(2026, 3, 2)) == {
        march,
        percent,
        underscore,
        plain_text,
    }
    assert _listed(
        database, adviser, date_from=dt.date(2026, 3, 3), date_to=dt.date(2026, 3, 31)
    ) == {by_bert}
    assert _listed(database, adviser, topic="health_insurance") == {april}
    assert _listed(database, adviser, topic="tax") == {march}
    assert _listed(database, adviser, status="closed") == {april, by_bert}
    assert colleague.user_id is not None
    assert _listed(database, adviser, adviser_id=colleague.user_id) == {by_bert}
    # LIKE's wildcards are taken literally, and the search ignores case.
    assert _listed(database, adviser, text="100%") == {percent}
    assert _listed(database, adviser, text="e_106") == {underscore}
    assert _listed(database, adviser, text="DISCOUNT") == {percent, plain_text}
    assert _listed(database, adviser, text="  ") == {
        march,
        april,
        by_bert,
        percent,
        underscore,
        plain_text,
    }
    assert _listed(database, adviser, text="nothing like this", status="closed") == set()


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"started_at": dt.datetime.now(dt.UTC) + dt.timedelta(days=1)}, {"started_at"}),
        ({"duration_minutes": -5}, {"duration_minutes"}),
        ({"channel": "pigeon", "profile": "astronaut"}, {"channel", "profile"}),
        ({"residence_country": "BE", "residence_region": "NRW"}, {"residence_region"}),
        ({"home_work_percent": 120}, {"home_work_percent"}),
        ({"topics": ()}, {"topics"}),
        ({"question": "x" * 4_001}, {"question"}),
        ({"status": "follow_up"}, {"follow_up_on"}),
        (
            {"citizen": CitizenInput(full_name="", email="not-an-address", postcode="12")},
            {"full_name", "email", "postcode"},
        ),
    ],
)
def test_each_broken_rule_is_reported_per_field(
    database: Database, adviser: Actor, change: dict[str, object], fields: set[str]
) -> None:
    with pytest.raises(ConsultationInvalidError) as caught:
        save_consultation(
            database.sessions,
            adviser,
            dataclasses.replace(PLAIN, **change),  # type: ignore[arg-type]
        )
    assert {problem.field for problem in caught.value.problems} == fields  # type: ignore[attr-defined]
    with database.sessions() as session:
        assert session.scalar(select(func.count()).where(Event.kind == "consultation.created")) == 0
