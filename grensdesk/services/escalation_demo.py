"""Demo escalations in every state, some overdue, so the queue is alive on first start.

Written with bulk inserts (with their event rows, so each case has a history), fast
enough for the 100,000 escalations of the benchmark as well as the demo's few dozen.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any, Final

from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from grensdesk.models import (
    Consultation,
    Escalation,
    EscalationMessage,
    Event,
    Office,
    Topic,
    UserAccount,
    consultation_topic,
)
from grensdesk.services.escalation_types import DEADLINE_WORKING_DAYS
from grensdesk.services.working_days import add_working_days, calendar_for

# Which demo expert answers which topic (grensdesk.demo_data.DEMO_ACCOUNTS).
EXPERT_FOR: Final = {
    "tax": "sanne",
    "self_employment": "sanne",
    "social_security": "markus",
    "pension": "markus",
    "family_benefits": "markus",
    "health_insurance": "markus",
    "unemployment": "els",
}
# One of each first, so every state is there even in a small demo; then a realistic mix.
STATUS_CYCLE: Final = ("new", "claimed", "waiting", "answered", "returned", "closed")
STATUS_WEIGHTS: Final = {
    "new": 28, "claimed": 22, "waiting": 10, "answered": 14, "returned": 4, "closed": 22,
}  # fmt: skip
QUESTIONS: Final = {
    "tax": (
        "Werkt twee dagen per week thuis in Duitsland: valt hij nog onder de 34-dagenregeling?",
        "Pensioen uit Nederland, woont in België: waar wordt de AOW belast?",
        "Heeft de klant recht op de kwalificerende buitenlandse belastingplicht?",
    ),
    "social_security": (
        "Werkt 30% in het woonland: welk land is bevoegd voor de sociale zekerheid (A1)?",
        "Twee werkgevers in twee landen: welke wetgeving is van toepassing?",
    ),
    "pension": (
        "Heeft tien jaar in Duitsland gewerkt: hoe wordt de Rente berekend naast de AOW?",
        "AOW-gat door jaren in België: kan de klant vrijwillig bijverzekeren?",
    ),
    "family_benefits": (
        "Kinderen wonen in Duitsland, vader werkt in Nederland: wie betaalt het Kindergeld?",
    ),
    "health_insurance": (
        "Grensarbeider met verdragspolis: waar is de partner verzekerd?",
    ),
    "unemployment": (
        "Ontslagen in Nederland, woont in België: waar vraagt hij WW aan?",
    ),
    "self_employment": (
        "Zzp'er met opdrachtgevers in beide landen: waar betaalt zij premies?",
    ),
}  # fmt: skip
ANSWER: Final = (
    "Volgens de vergelijking in de kennisbank geldt hier de regeling van het werkland; "
    "zie de bijgevoegde versie. Laat de klant het formulier bij de werkgever aanvragen."
)


def insert_demo_escalations(
    session: Session,
    count: int,
    seed: int,
    end: dt.date,
    *,
    with_events: bool = True,
    status_weights: dict[str, int] = STATUS_WEIGHTS,
) -> int:
    """Add ``count`` escalations on recent consultations; returns how many were added."""
    if count <= 0 or not inspect(session.connection()).has_table("escalation"):
        # A database at an older revision (upgrade tests fill one before migrating).
        return 0
    rng = random.Random(seed)
    offices = {
        code: (office_id, country, region)
        for code, office_id, country, region in session.execute(
            select(Office.code, Office.id, Office.country, Office.region)
        )
    }
    experts = {
        username: (user_id, office_id)
        for username, user_id, office_id in session.execute(
            select(UserAccount.username, UserAccount.id, UserAccount.office_id).where(
                UserAccount.username.in_(set(EXPERT_FOR.values()))
            )
        )
    }
    office_of = {office_id: (country, region) for office_id, country, region in offices.values()}
    candidates = _candidates(session, end, count, experts)
    if not candidates:
        return 0
    rows: list[dict[str, Any]] = []
    for number in range(count):
        consultation_id, office_id, adviser_id, topic_id, topic_code = rng.choice(candidates)
        expert_id, expert_office = experts[EXPERT_FOR[topic_code]]
        if number < len(STATUS_CYCLE):
            status = STATUS_CYCLE[number]
        else:
            status = rng.choices(list(status_weights), weights=list(status_weights.values()))[0]
        urgency = "urgent" if rng.random() < 0.15 else "normal"
        # Every third running case started long enough ago to be overdue now.
        age = rng.randrange(16, 30) if number % 3 == 0 else rng.randrange(0, 14)
        started_on = _working_day_before(end - dt.timedelta(days=age))
        assigned = status != "new"
        answering = expert_office if assigned or rng.random() < 0.5 else None
        country, region = office_of[answering or office_id]
        due_on = add_working_days(
            started_on, DEADLINE_WORKING_DAYS[urgency], calendar_for(country, region)
        )
        created_at = dt.datetime.combine(started_on, dt.time(9 + number % 8, 5), tzinfo=dt.UTC)
        later = created_at + dt.timedelta(hours=3)
        rows.append(
            {
                "consultation_id": consultation_id,
                "office_id": office_id,
                "answering_office_id": answering,
                "topic_id": topic_id,
                "urgency": urgency,
                "status": status,
                "created_by_id": adviser_id,
                "assignee_id": expert_id if assigned else None,
                "question": rng.choice(QUESTIONS[topic_code]),
                "checked_already": "Kennisbank en de site van de Belastingdienst bekeken.",
                "share_personal_data": rng.random() < 0.4,
                "started_on": started_on,
                "due_on": due_on,
                "paused_since": min(end, started_on + dt.timedelta(days=2))
                if status == "waiting"
                else None,
                "paused_working_days": 0,
                "created_at": created_at,
                "updated_at": later if assigned else created_at,
                "updated_by_id": expert_id if assigned else adviser_id,
                "claimed_at": later if assigned else None,
                "answered_at": later if status in ("answered", "closed") else None,
                "closed_at": later if status == "closed" else None,
                "version": 1 + (status != "new") + (status in ("waiting", "answered", "closed")),
            }
        )
    # Explicit ids and Core inserts: the ORM's bulk path with RETURNING is slow at 100,000.
    first_id = (session.scalar(select(func.max(Escalation.id))) or 0) + 1
    ids = list(range(first_id, first_id + len(rows)))
    for escalation_id, row in zip(ids, rows, strict=True):
        row["id"] = escalation_id
    connection = session.connection()
    _insert(connection, Escalation, rows)
    messages: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    codes = {topic_id: code for code, topic_id in session.execute(select(Topic.code, Topic.id))}
    for escalation_id, row in zip(ids, rows, strict=True):
        for kind, body, author in _thread(row):
            messages.append(
                {
                    "escalation_id": escalation_id,
                    "kind": kind,
                    "author_id": author,
                    "text": body,
                    "created_at": row["updated_at"],
                }
            )
        if with_events:
            events.extend(_events(escalation_id, row, codes[row["topic_id"]]))
    if messages:
        _insert(connection, EscalationMessage, messages)
    if events:
        _insert(connection, Event, events)
    if connection.dialect.name == "postgresql":
        # Explicit ids bypassed the sequence; move it past what was inserted.
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('escalation', 'id'), "
                "(SELECT max(id) FROM escalation))"
            )
        )
    return len(ids)


def _insert(connection: Connection, model: Any, rows: list[dict[str, Any]]) -> None:
    """Core executemany on the model's table (no ORM bookkeeping per row)."""
    connection.execute(insert(model.__table__), rows)


def _candidates(
    session: Session, end: dt.date, count: int, experts: dict[str, tuple[int, int]]
) -> list[tuple[int, int, int, int, str]]:
    """Recent consultations with a topic a demo expert answers."""
    codes = [code for code, username in EXPERT_FOR.items() if username in experts]
    since = dt.datetime.combine(end - dt.timedelta(days=45), dt.time(), tzinfo=dt.UTC)
    return [
        (row[0], row[1], row[2], row[3], row[4])
        for row in session.execute(
            select(
                Consultation.id,
                Consultation.office_id,
                Consultation.adviser_id,
                Topic.id,
                Topic.code,
            )
            .join(consultation_topic, consultation_topic.c.consultation_id == Consultation.id)
            .join(Topic, Topic.id == consultation_topic.c.topic_id)
            .where(Consultation.started_at >= since, Topic.code.in_(codes))
            .order_by(Consultation.id)
            .limit(max(200, min(count, 20_000)))
        )
    ]


def _working_day_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _thread(row: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    expert, adviser = row["assignee_id"], row["created_by_id"]
    status = row["status"]
    if status == "waiting":
        return [("info_request", "Wat is het bruto jaarinkomen en sinds wanneer?", expert)]
    if status == "answered":
        return [("answer", ANSWER, expert)]
    if status == "returned":
        return [("return", "Dit is een vraag voor het Finanzamt, niet voor ons.", expert)]
    if status == "closed":
        return [("answer", ANSWER, expert), ("close", "Dank, klant geïnformeerd.", adviser)]
    return []


_STEPS: Final = {
    "new": ("escalation.created",),
    "claimed": ("escalation.created", "escalation.claimed"),
    "waiting": ("escalation.created", "escalation.claimed", "escalation.information_requested"),
    "answered": ("escalation.created", "escalation.claimed", "escalation.answered"),
    "returned": ("escalation.created", "escalation.returned"),
    "closed": (
        "escalation.created", "escalation.claimed", "escalation.answered", "escalation.closed",
    ),
}  # fmt: skip


def _events(escalation_id: int, row: dict[str, Any], topic: str) -> list[dict[str, Any]]:
    detail = json.dumps(
        {
            "topic": topic,
            "status": row["status"],
            "office": row["office_id"],
            "answering_office": row["answering_office_id"],
            "assignee": row["assignee_id"],
        },
        separators=(",", ":"),
    )
    result = []
    for step, kind in enumerate(_STEPS[row["status"]]):
        by_adviser = kind in ("escalation.created", "escalation.closed")
        result.append(
            {
                "occurred_at": row["created_at"] + dt.timedelta(hours=step),
                "kind": kind,
                "entity": "escalation",
                "entity_id": escalation_id,
                "office_id": row["office_id"],
                "actor_id": row["created_by_id"] if by_adviser else row["assignee_id"],
                "detail": detail,
            }
        )
    return result
