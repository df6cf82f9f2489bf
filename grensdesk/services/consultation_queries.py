"""Consultations for people who count rather than advise: by office and month, no notes.

The command line's ``consultations list`` reads through here. Rows carry the situation
and the topics but no question, advice or citizen: what reports need, nothing personal.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import _
from grensdesk.models import Consultation, Office, Topic, consultation_topic
from grensdesk.services.context import BORDER_ZONE, Actor, require_role
from grensdesk.services.errors import NotFoundError, PermissionDeniedError, ValidationError
from grensdesk.services.events import record_event

# Offices in the Netherlands, Germany and Belgium all keep Central European time.
CHUNK: Final = 2_000
_MONTH: Final = re.compile(r"^([0-9]{4})-([0-9]{2})$")


@dataclass(frozen=True)
class Situation:
    residence_country: str
    residence_region: str | None
    work_country: str
    work_region: str | None
    profile: str
    home_work_percent: int | None


@dataclass(frozen=True)
class ConsultationSummary:
    """One consultation without notes or personal data."""

    id: int
    office: str
    date: dt.date
    started_at: dt.datetime
    duration_minutes: int
    channel: str
    language: str
    status: str
    situation: Situation
    topics: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "office": self.office,
            "date": self.date.isoformat(),
            "started_at": self.started_at.isoformat(),
            "duration_minutes": self.duration_minutes,
            "channel": self.channel,
            "language": self.language,
            "status": self.status,
            "situation": {
                "residence_country": self.situation.residence_country,
                "residence_region": self.situation.residence_region,
                "work_country": self.situation.work_country,
                "work_region": self.situation.work_region,
                "profile": self.situation.profile,
                "home_work_percent": self.situation.home_work_percent,
            },
            "topics": list(self.topics),
        }


def month_bounds(month: str) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of ``YYYY-MM`` and of the month after, in Dutch time."""
    found = _MONTH.match(month.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise ValidationError(
            _("{value} is not a month of the form YYYY-MM, such as 2025-03.").format(value=month),
            field="month",
        )
    year, number = int(found.group(1)), int(found.group(2))
    start = dt.datetime(year, number, 1, tzinfo=BORDER_ZONE)
    end = dt.datetime(year + number // 12, number % 12 + 1, 1, tzinfo=BORDER_ZONE)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def list_for_export(
    sessions: sessionmaker[Session],
    actor: Actor,
    office_code: str | None = None,
    month: str | None = None,
    chunk: int = CHUNK,
) -> Iterator[ConsultationSummary]:
    """Consultations oldest first, read in chunks so a million rows never sit in memory.

    Administrators and coordinators (and the command line) see every office; an adviser
    only their own. Bad input is refused here, before the first row is read.
    """
    require_role(actor, "admin", "coordinator", "adviser")
    bounds = month_bounds(month) if month is not None else None
    with sessions.begin() as session:
        office_id: int | None = None
        if office_code is not None:
            office_id = session.scalar(select(Office.id).where(Office.code == office_code))
            if office_id is None:
                raise NotFoundError(_("Unknown office {code}.").format(code=office_code))
        if not (actor.is_system or actor.has_role("admin") or actor.has_role("coordinator")):
            if office_id is not None and office_id != actor.office_id:
                raise PermissionDeniedError(_("These consultations belong to another office."))
            office_id = actor.office_id
        codes = dict(session.execute(select(Office.id, Office.code)).all())
        record_event(
            session,
            "consultation.exported",
            "consultation",
            None,
            office_id=office_id,
            actor_id=actor.user_id,
            detail=json.dumps({"office": office_code, "month": month}),
        )
    return _rows(sessions, office_id, bounds, codes, chunk)


def _rows(
    sessions: sessionmaker[Session],
    office_id: int | None,
    bounds: tuple[dt.datetime, dt.datetime] | None,
    codes: dict[int, str],
    chunk: int,
) -> Iterator[ConsultationSummary]:
    conditions = []
    if office_id is not None:
        conditions.append(Consultation.office_id == office_id)
    if bounds is not None:
        conditions += [Consultation.started_at >= bounds[0], Consultation.started_at < bounds[1]]
    after: tuple[dt.datetime, int] | None = None
    while True:
        query = select(
            Consultation.id,
            Consultation.office_id,
            Consultation.started_at,
            Consultation.duration_minutes,
            Consultation.channel,
            Consultation.language,
            Consultation.status,
            Consultation.residence_country,
            Consultation.residence_region,
            Consultation.work_country,
            Consultation.work_region,
            Consultation.profile,
            Consultation.home_work_percent,
        ).where(*conditions)
        if after is not None:
            query = query.where(
                or_(
                    Consultation.started_at > after[0],
                    and_(Consultation.started_at == after[0], Consultation.id > after[1]),
                )
            )
        query = query.order_by(Consultation.started_at, Consultation.id).limit(chunk)
        # A short session per chunk: a slow reader never holds a transaction open.
        with sessions() as session:
            found = session.execute(query).all()
            topics = _topics_of(session, [row.id for row in found])
        for row in found:
            yield ConsultationSummary(
                id=row.id,
                office=codes.get(row.office_id, ""),
                date=row.started_at.astimezone(BORDER_ZONE).date(),
                started_at=row.started_at,
                duration_minutes=row.duration_minutes,
                channel=row.channel,
                language=row.language,
                status=row.status,
                situation=Situation(
                    residence_country=row.residence_country,
                    residence_region=row.residence_region,
                    work_country=row.work_country,
                    work_region=row.work_region,
                    profile=row.profile,
                    home_work_percent=row.home_work_percent,
                ),
                topics=topics.get(row.id, ()),
            )
        if len(found) < chunk:
            return
        after = (found[-1].started_at, found[-1].id)


def _topics_of(session: Session, ids: list[int]) -> dict[int, tuple[str, ...]]:
    result: dict[int, list[str]] = {}
    if not ids:
        return {}
    for consultation_id, code in session.execute(
        select(consultation_topic.c.consultation_id, Topic.code)
        .join(Topic, Topic.id == consultation_topic.c.topic_id)
        .where(consultation_topic.c.consultation_id.in_(ids))
        .order_by(Topic.position)
    ):
        result.setdefault(consultation_id, []).append(code)
    return {key: tuple(value) for key, value in result.items()}
