"""The append-only event feed, written in the same transaction as the change itself.

On PostgreSQL the same transaction sends ``NOTIFY grensdesk`` with the event id
only; listeners read the rows themselves (payloads are limited to 8,000 bytes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Row, select, text
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.models import Event

NOTIFY_CHANNEL: Final = "grensdesk"


@dataclass(frozen=True)
class EventRecord:
    id: int
    occurred_at: dt.datetime
    kind: str
    entity: str
    entity_id: int | None
    office_id: int | None
    actor_id: int | None
    detail: str


def record_event(
    session: Session,
    kind: str,
    entity: str,
    entity_id: int | None = None,
    *,
    office_id: int | None = None,
    actor_id: int | None = None,
    detail: str = "",
) -> int:
    row = Event(
        occurred_at=dt.datetime.now(dt.UTC),
        kind=kind,
        entity=entity,
        entity_id=entity_id,
        office_id=office_id,
        actor_id=actor_id,
        detail=detail,
    )
    session.add(row)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        # Delivered at commit, so listeners never see an event that was rolled back.
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": NOTIFY_CHANNEL, "payload": str(row.id)},
        )
    return row.id


def events_since(
    sessions: sessionmaker[Session], after_id: int, limit: int = 500
) -> list[EventRecord]:
    with sessions() as session:
        rows = session.scalars(
            select(Event).where(Event.id > after_id).order_by(Event.id).limit(limit)
        ).all()
        return [event_record(row) for row in rows]


def event_record(row: Event | Row[Any]) -> EventRecord:
    """An event row as a record: an ORM ``Event`` or a row selected from its table."""
    return EventRecord(
        id=row.id,
        occurred_at=row.occurred_at,
        kind=row.kind,
        entity=row.entity,
        entity_id=row.entity_id,
        office_id=row.office_id,
        actor_id=row.actor_id,
        detail=row.detail,
    )
