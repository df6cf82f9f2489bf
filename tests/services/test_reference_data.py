from __future__ import annotations

from sqlalchemy import func, select

from grensdesk.bootstrap import Database
from grensdesk.models import Office, Topic
from grensdesk.reference_data import office_seed, seed_reference_data, topic_seed
from grensdesk.services.context import Actor
from grensdesk.services.offices import list_offices
from grensdesk.services.topics import list_topics


def test_the_real_offices_are_there_with_border_and_region(
    database: Database, adviser: Actor
) -> None:
    offices = {office.code: office for office in list_offices(database.sessions, adviser)}
    euregio = offices["GIP-EUREGIO"]
    assert (euregio.kind, euregio.border, euregio.neighbour_country, euregio.region) == (
        "gip",
        "NL-DE",
        "DE",
        "NRW",
    )
    assert offices["GIP-EDR"].region == "Niedersachsen"
    assert offices["GIP-SCHELDEMOND"].border == "NL-BE"
    assert offices["GIP-BW-HOOGERHEIDE"].parent_code == "GIP-BRABANTSE-WAL"
    for back_office in ("SVB", "SVB-BDZ", "SVB-BBZ", "BD-GWO", "UWV", "FAMILIENKASSE-RPS"):
        assert offices[back_office].kind == "back_office"
    assert all(office.source for office in offices.values()), "every office cites its source"


def test_the_topics_are_named_in_every_language(database: Database) -> None:
    topics = list_topics(database.sessions)
    assert [topic.code for topic in topics][:3] == ["tax", "social_security", "health_insurance"]
    health = topics[2]
    assert health.names == {
        "nl": "Zorgverzekering",
        "de": "Krankenversicherung",
        "fr": "Assurance maladie",
        "en": "Health insurance",
    }
    assert all(all(name.strip() for name in topic.names.values()) for topic in topics)


def test_loading_twice_changes_nothing(database: Database) -> None:
    with database.sessions.begin() as session:
        counts = seed_reference_data(session)
    assert counts.offices_added == counts.offices_updated == 0
    assert counts.topics_added == counts.topics_updated == 0
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Office)) == len(office_seed())
        assert session.scalar(select(func.count()).select_from(Topic)) == len(topic_seed())


def test_a_changed_seed_value_is_updated_not_duplicated(database: Database) -> None:
    with database.sessions.begin() as session:
        office = session.scalars(select(Office).where(Office.code == "UWV")).one()
        office.name = "stale name"
    with database.sessions.begin() as session:
        counts = seed_reference_data(session)
    assert counts.offices_updated == 1
    with database.sessions() as session:
        assert session.scalars(select(Office.name).where(Office.code == "UWV")).one() == "UWV"
