"""Realistic, reproducible demo data: accounts and consultations at the real offices.

The mixes (profiles, residence/work directions, topics, channels, languages) follow
what the GIPs publish about themselves (shared/reference/domain.md §2): most contacts
are frontier workers, and about 80% of the commuting flow goes into the Netherlands.
Consultations go in with Core bulk inserts so that 100,000 take seconds, not minutes.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.models import (
    Citizen,
    Consultation,
    Office,
    Topic,
    UserAccount,
    UserRole,
    consultation_topic,
)
from grensdesk.services.accounts import hash_password
from grensdesk.services.escalation_demo import insert_demo_escalations
from grensdesk.services.events import record_event

DEMO_PASSWORD: Final = "grensdesk"
BATCH: Final = 5_000
DEMO_ESCALATIONS: Final = 60  # every state, some overdue: the back-office queue is alive


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    office_code: str
    roles: tuple[str, ...]
    topics: tuple[str, ...] = ()
    ui_language: str = "nl"


# Documented in the README; every demo account has the password DEMO_PASSWORD.
DEMO_ACCOUNTS: Final = (
    DemoAccount("anna", "Anna de Vries", "GIP-EUREGIO", ("adviser",)),
    DemoAccount("lukas", "Lukas Hoffmann", "GIP-AACHEN", ("adviser",), ui_language="de"),
    DemoAccount("joke", "Joke Van den Bossche", "GIP-BRABANTSE-WAL", ("adviser",)),
    DemoAccount("sanne", "Sanne Jansen", "BD-GWO", ("expert",), topics=("tax", "self_employment")),
    DemoAccount(
        "markus",
        "Markus Weber",
        "SVB-BDZ",
        ("expert", "editor"),
        topics=("social_security", "pension", "family_benefits", "health_insurance"),
        ui_language="de",
    ),
    DemoAccount(
        "els",
        "Els Vermeulen",
        "SVB-BBZ",
        ("expert", "editor"),
        topics=("social_security", "pension", "family_benefits", "unemployment"),
    ),
    DemoAccount("petra", "Petra Schmidt", "EUREGIO", ("coordinator",), ui_language="de"),
    DemoAccount("beheer", "Bram Beheerder", "SVB", ("admin",)),
)

_FIRST_NAMES: Final = (
    "Anke", "Bart", "Chantal", "Dirk", "Eva", "Frank", "Gerrit", "Hanna", "Ilse", "Jeroen",
    "Katrin", "Lars", "Mieke", "Niels", "Olga", "Pieter", "Rianne", "Stefan", "Tanja", "Udo",
    "Vera", "Wouter", "Yvonne", "Zoë", "Łukasz", "Şükrü", "Mathéo", "Jürgen", "Sören", "Ann-Sofie",
)  # fmt: skip
_LAST_NAMES: Final = (
    "Bakker", "Claes", "Dubois", "Engels", "Fischer", "Goossens", "Hendriks", "Jacobs",
    "Krüger", "Lambrecht", "Meijer", "Nowak", "Peeters", "Quint", "Schulte", "Terhorst",
    "Verhoeven", "Wagner", "Wiśniewski", "Öztürk", "Müller-Lüdenscheidt", "Van den Bossche",
    "de Groot", "Maes", "Wouters",
)  # fmt: skip
_TOWNS: Final = {
    "NL": (("Enschede", "7511 JA"), ("Venlo", "5911 AB"), ("Kerkrade", "6461 AA"),
           ("Terneuzen", "4531 EA"), ("Roosendaal", "4701 NJ"), ("Winschoten", "9671 AA")),
    "DE": (("Gronau", "48599"), ("Aachen", "52062"), ("Kleve", "47533"),
           ("Leer", "26789"), ("Mönchengladbach", "41061")),
    "BE": (("Turnhout", "2300"), ("Gent", "9000"), ("Kapellen", "2950"),
           ("Hoogstraten", "2320"), ("Brugge", "8000")),
}  # fmt: skip

PROFILE_WEIGHTS: Final = {
    "frontier_worker": 46, "migrant_worker": 9, "pensioner": 12, "job_seeker": 8,
    "employer": 5, "student": 6, "self_employed": 7, "other": 7,
}  # fmt: skip
CHANNEL_WEIGHTS: Final = {
    "walk_in": 34, "appointment": 26, "phone": 19, "email": 12, "video": 3,
    "consultation_day": 6,
}  # fmt: skip
TOPIC_WEIGHTS: Final = {
    "tax": 24, "social_security": 20, "health_insurance": 14, "pension": 11,
    "unemployment": 7, "family_benefits": 9, "sickness_disability": 5, "employment_law": 4,
    "self_employment": 2, "education_diplomas": 1, "housing_moving": 1, "vehicles": 1, "other": 1,
}  # fmt: skip
REGION_BY_COUNTRY: Final = {"DE": ("NRW", "Niedersachsen"), "BE": ("Vlaanderen", "Wallonië")}


@dataclass(frozen=True)
class DemoResult:
    accounts_created: int
    consultations: int
    citizens: int


class _Weighted:
    """Draw from a fixed distribution quickly (cumulative weights built once)."""

    def __init__(self, weights: dict[str, int]) -> None:
        self.values = list(weights)
        total = 0
        self.cumulative: list[int] = []
        for weight in weights.values():
            total += weight
            self.cumulative.append(total)

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


def ensure_demo_accounts(session: Session) -> int:
    """Create the documented demo accounts plus two advisers per GIP; return how many are new."""
    offices = {office.code: office for office in session.scalars(select(Office))}
    topics = {topic.code: topic for topic in session.scalars(select(Topic))}
    existing = set(session.scalars(select(UserAccount.username)))
    password_hash = hash_password(DEMO_PASSWORD)
    accounts = list(DEMO_ACCOUNTS)
    rng = random.Random(7)
    for office in sorted(offices.values(), key=lambda o: o.code):
        if office.kind == "gip":
            for number in (1, 2):
                first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
                accounts.append(
                    DemoAccount(
                        f"{office.code.lower().removeprefix('gip-')}.{number}",
                        f"{first} {last}",
                        office.code,
                        ("adviser",),
                        ui_language="de" if office.country == "DE" else "nl",
                    )
                )
    created = 0
    for account in accounts:
        if account.username in existing:
            continue
        session.add(
            UserAccount(
                username=account.username,
                full_name=account.full_name,
                office=offices[account.office_code],
                ui_language=account.ui_language,
                password_hash=password_hash,
                roles=[UserRole(role=role) for role in account.roles],
                topics=[topics[code] for code in account.topics],
            )
        )
        created += 1
    session.flush()
    return created


def has_consultations(sessions: sessionmaker[Session]) -> bool:
    with sessions() as session:
        return session.scalar(select(Consultation.id).limit(1)) is not None


def load_demo_data(
    sessions: sessionmaker[Session],
    consultations: int,
    months: int,
    seed: int,
    until: dt.date | None = None,
) -> DemoResult:
    """Add demo accounts (if missing) and ``consultations`` spread over ``months`` months."""
    end = until or dt.date.today()
    with sessions.begin() as session:
        created = ensure_demo_accounts(session)
        citizens = _insert_consultations(session, consultations, months, seed, end)
        if consultations:
            insert_demo_escalations(session, DEMO_ESCALATIONS, seed, end)
        record_event(session, "demo.loaded", "consultation", None, detail=str(consultations))
    return DemoResult(accounts_created=created, consultations=consultations, citizens=citizens)


def _insert_consultations(
    session: Session, count: int, months: int, seed: int, end: dt.date
) -> int:
    if count <= 0:
        return 0
    rng = random.Random(seed)
    desks = _desks(session)
    topic_ids = {code: id_ for code, id_ in session.execute(select(Topic.code, Topic.id))}
    next_id = (session.scalar(select(func.max(Consultation.id))) or 0) + 1
    next_citizen = (session.scalar(select(func.max(Citizen.id))) or 0) + 1
    start = end - dt.timedelta(days=max(1, round(months * 30.44)))
    rows = _consultation_rows(rng, count, desks, topic_ids, start, end, next_id, next_citizen)
    citizens = 0
    connection = session.connection()
    for batch in _batches(rows, BATCH):
        consultation_rows = [row for row, _, _ in batch]
        citizen_rows = [citizen for _, _, citizen in batch if citizen is not None]
        topic_rows = [link for _, links, _ in batch for link in links]
        if citizen_rows:
            _bulk_insert(connection, Citizen.__table__, citizen_rows)
            citizens += len(citizen_rows)
        _bulk_insert(connection, Consultation.__table__, consultation_rows)
        _bulk_insert(connection, consultation_topic, topic_rows)
    if session.get_bind().dialect.name == "postgresql":
        # Explicit ids bypassed the sequences; move them past what was inserted.
        for table in ("consultation", "citizen"):
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
    return citizens


def _bulk_insert(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """COPY on PostgreSQL; Core executemany elsewhere (the ORM's bulk path is slower)."""
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)
        return
    columns = list(rows[0])
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[column] for column in columns])


@dataclass(frozen=True)
class _Desk:
    office_id: int
    country: str
    neighbour: str
    region: str | None
    adviser_ids: tuple[int, ...]
    weight: int


def _desks(session: Session) -> list[_Desk]:
    advisers: dict[int, list[int]] = {}
    for user_id, office_id in session.execute(
        select(UserAccount.id, UserAccount.office_id)
        .join(UserRole)
        .where(UserRole.role == "adviser")
        .order_by(UserAccount.id)
    ):
        advisers.setdefault(office_id, []).append(user_id)
    desks = []
    for office in session.scalars(select(Office).where(Office.kind == "gip").order_by(Office.id)):
        if office.id not in advisers or office.neighbour_country is None:
            continue
        # The large German-Dutch GIPs see more people than the small Flemish points.
        weight = 6 if office.border == "NL-DE" else 2
        desks.append(
            _Desk(
                office.id,
                office.country,
                office.neighbour_country,
                office.region,
                tuple(advisers[office.id]),
                weight,
            )
        )
    if not desks:
        raise RuntimeError("no GIP with advisers: load the reference data first")
    return desks


_Row = tuple[dict[str, Any], list[dict[str, int]], dict[str, Any] | None]


def _consultation_rows(
    rng: random.Random,
    count: int,
    desks: Sequence[_Desk],
    topic_ids: dict[str, int],
    start: dt.date,
    end: dt.date,
    next_id: int,
    next_citizen: int,
) -> Iterator[_Row]:
    profiles = _Weighted(PROFILE_WEIGHTS)
    channels = _Weighted(CHANNEL_WEIGHTS)
    topics = _Weighted(TOPIC_WEIGHTS)
    desk_weights = [desk.weight for desk in desks]
    span_days = (end - start).days
    recent = end - dt.timedelta(days=21)
    for offset in range(count):
        desk = rng.choices(desks, weights=desk_weights)[0]
        day = start + dt.timedelta(days=rng.randrange(span_days + 1))
        while day.weekday() >= 5:  # GIPs open on working days
            day -= dt.timedelta(days=1 + rng.randrange(2))
        started = dt.datetime(
            day.year, day.month, day.day, rng.randrange(8, 17), rng.randrange(0, 60, 5),
            tzinfo=dt.UTC,
        )  # fmt: skip
        profile = profiles.draw(rng)
        residence, work = _direction(rng, desk, profile)
        language = _language(rng, desk, residence)
        duration = max(5, min(120, round(rng.lognormvariate(math.log(32), 0.45))))
        status = "closed"
        if day >= recent:
            status = rng.choice(("open", "follow_up", "closed"))
        consultation_id = next_id + offset
        citizen = None
        if rng.random() < 0.18:
            citizen = _citizen(rng, next_citizen, residence, language, started)
            next_citizen += 1
        row = {
            "id": consultation_id,
            "office_id": desk.office_id,
            "adviser_id": rng.choice(desk.adviser_ids),
            "citizen_id": citizen["id"] if citizen else None,
            "started_at": started,
            "duration_minutes": duration,
            "channel": channels.draw(rng),
            "language": language,
            "residence_country": residence,
            "residence_region": _region(rng, residence, desk),
            "work_country": work,
            "work_region": _region(rng, work, desk),
            "profile": profile,
            "home_work_percent": rng.choice((0, 0, 0, 10, 20, 40)) if work != residence else None,
            "question": "",
            "advice": "",
            "follow_up_on": day + dt.timedelta(days=14) if status == "follow_up" else None,
            "status": status,
            "created_at": started,
            "updated_at": started + dt.timedelta(minutes=duration),
            "updated_by_id": None,
            "version": 1,
        }
        chosen = {
            topics.draw(rng) for _ in range(1 + int(rng.random() < 0.45) + int(rng.random() < 0.15))
        }
        links = [{"consultation_id": consultation_id, "topic_id": topic_ids[c]} for c in chosen]
        yield row, links, citizen


def _direction(rng: random.Random, desk: _Desk, profile: str) -> tuple[str, str]:
    neighbour = desk.neighbour
    if profile in ("pensioner", "job_seeker", "student", "other"):
        residence = rng.choice(("NL", neighbour))
        return residence, rng.choice(("NL", neighbour))
    draw = rng.random()
    if draw < 0.62:  # live across the border, work in the Netherlands: the bulk of the flow
        return neighbour, "NL"
    if draw < 0.9:
        return "NL", neighbour
    return neighbour, neighbour


def _language(rng: random.Random, desk: _Desk, residence: str) -> str:
    draw = rng.random()
    if draw < 0.05:
        return "en"
    if desk.neighbour == "DE":
        return "de" if (residence == "DE") == (draw < 0.8) else "nl"
    return "fr" if draw < 0.12 else "nl"


def _region(rng: random.Random, country: str, desk: _Desk) -> str | None:
    if country == "NL":
        return None
    if country == desk.neighbour and desk.region:
        return desk.region if rng.random() < 0.85 else rng.choice(REGION_BY_COUNTRY[country])
    return rng.choice(REGION_BY_COUNTRY[country])


def _citizen(
    rng: random.Random, citizen_id: int, country: str, language: str, consent: dt.datetime
) -> dict[str, Any]:
    town, postcode = rng.choice(_TOWNS[country])
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    return {
        "id": citizen_id,
        "full_name": f"{first} {last}",
        "email": "",
        "phone": "",
        "street": f"Grensweg {rng.randrange(1, 200)}",
        "postcode": postcode,
        "town": town,
        "country": country,
        "language": language,
        "consent_at": consent,
        "anonymised_at": None,
        "version": 1,
    }


def _batches(rows: Iterator[_Row], size: int) -> Iterator[list[_Row]]:
    batch: list[_Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
