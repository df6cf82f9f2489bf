"""The back-office queue and a consultation's escalations, with their working-day deadlines."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Row, Select, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from grensdesk.i18n import _
from grensdesk.models import (
    ESCALATION_STATUSES,
    OPEN_ESCALATION_STATUSES,
    Escalation,
    Office,
    Topic,
    UserAccount,
)
from grensdesk.services.context import BORDER_ZONE, Actor, require_role
from grensdesk.services.errors import NotFoundError, PermissionDeniedError, ValidationError
from grensdesk.services.escalation_types import QUEUE_LIMIT, EscalationSummary
from grensdesk.services.events import EventRecord
from grensdesk.services.working_days import Calendar, calendar_for, working_days_between

# What the adviser's view leaves out unless asked: finished cases.
_ADVISER_DEFAULT: Final = tuple(status for status in ESCALATION_STATUSES if status != "closed")
_PREVIEW_CHARS: Final = 160
# Presence events say who has a case open; they are not news for the "new items" count.
PRESENCE_EVENTS: Final = ("escalation.viewing", "escalation.left")
# What the back office does among itself: not shown to (or counted for) the front office.
BACK_OFFICE_EVENTS: Final = ("escalation.noted",)


@dataclass(frozen=True)
class OfficeInfo:
    name: str
    country: str
    region: str | None

    @property
    def calendar(self) -> Calendar:
        return calendar_for(self.country, self.region)


def today_on_border() -> dt.date:
    return dt.datetime.now(BORDER_ZONE).date()


def offices(session: Session) -> dict[int, OfficeInfo]:
    """All offices (a few dozen): names and calendars without a join per row."""
    return {
        office_id: OfficeInfo(name, country, region)
        for office_id, name, country, region in session.execute(
            select(Office.id, Office.name, Office.country, Office.region)
        )
    }


def case_calendar(
    known: dict[int, OfficeInfo], office_id: int, answering_office_id: int | None
) -> Calendar:
    """The answering office's calendar; while none is chosen, the escalating office's."""
    office = known.get(answering_office_id or office_id) or known[office_id]
    return office.calendar


@dataclass(frozen=True)
class Deadline:
    working_days_left: int
    is_overdue: bool
    due_soon: bool


def deadline(
    status: str, due_on: dt.date, paused_since: dt.date | None, calendar: Calendar, today: dt.date
) -> Deadline:
    """Where a case stands against its due date; frozen while waiting for information."""
    reference = paused_since if status == "waiting" and paused_since is not None else today
    left = working_days_between(reference, due_on, calendar)
    running = status in OPEN_ESCALATION_STATUSES
    overdue = running and due_on < reference
    if overdue:
        # Due on Friday, looked at on Saturday: no working day has passed, yet it is late.
        left = min(left, -1)
    return Deadline(left, overdue, running and not overdue and left <= 1)


def topic_name_column(language: str) -> Any:
    return {
        "nl": Topic.name_nl,
        "de": Topic.name_de,
        "fr": Topic.name_fr,
        "en": Topic.name_en,
    }.get(language, Topic.name_nl)


def summary_query(actor: Actor) -> Select[Any]:
    assignee = aliased(UserAccount)
    return (
        select(
            Escalation.id,
            Escalation.consultation_id,
            Topic.code.label("topic_code"),
            topic_name_column(actor.ui_language).label("topic_name"),
            Escalation.urgency,
            Escalation.status,
            Escalation.assignee_id,
            assignee.full_name.label("assignee_name"),
            Escalation.office_id,
            Escalation.answering_office_id,
            Escalation.created_at,
            Escalation.updated_at,
            Escalation.due_on,
            Escalation.paused_since,
            Escalation.version,
            Escalation.question,
        )
        .join(Topic, Topic.id == Escalation.topic_id)
        .outerjoin(assignee, assignee.id == Escalation.assignee_id)
    )


def summaries(
    session: Session, rows: Iterable[Row[Any]], today: dt.date
) -> list[EscalationSummary]:
    known = offices(session)
    result = []
    for row in rows:
        state = deadline(
            row.status,
            row.due_on,
            row.paused_since,
            case_calendar(known, row.office_id, row.answering_office_id),
            today,
        )
        answering = known.get(row.answering_office_id) if row.answering_office_id else None
        result.append(
            EscalationSummary(
                id=row.id,
                consultation_id=row.consultation_id,
                topic_code=row.topic_code,
                topic_name=row.topic_name,
                urgency=row.urgency,
                status=row.status,
                assignee_id=row.assignee_id,
                assignee_name=row.assignee_name or "",
                office_id=row.office_id,
                office_name=known[row.office_id].name,
                answering_office_id=row.answering_office_id,
                answering_office_name=answering.name if answering else "",
                created_at=row.created_at,
                updated_at=row.updated_at,
                due_on=row.due_on,
                working_days_left=state.working_days_left,
                is_overdue=state.is_overdue,
                due_soon=state.due_soon,
                version=row.version,
                question_preview=_preview(row.question),
            )
        )
    return result


def _preview(question: str) -> str:
    flat = " ".join(question.split())
    return flat if len(flat) <= _PREVIEW_CHARS else flat[: _PREVIEW_CHARS - 1] + "…"


def check_status(status: str | None) -> None:
    if status is not None and status not in ESCALATION_STATUSES:
        raise ValidationError(
            _("Unknown status {status}: use one of {statuses}.").format(
                status=status, statuses=", ".join(ESCALATION_STATUSES)
            ),
            "status",
        )


def list_queue(
    sessions: sessionmaker[Session],
    actor: Actor,
    status: str | None = None,
    topic: str | None = None,
    limit: int = QUEUE_LIMIT,
    *,
    today: dt.date | None = None,
) -> list[EscalationSummary]:
    """The escalations the actor works on, overdue first, then by deadline.

    An expert sees their topics (at their office, or not yet taken by any office); an
    adviser sees their own office's; the command line and coordinators see all. Without
    ``status``: what is still running for experts, everything not closed for others.
    """
    require_role(actor, "adviser", "expert", "coordinator")
    check_status(status)
    day = today or today_on_border()
    query = summary_query(actor)
    with sessions() as session:
        if topic is not None:
            topic_id = session.scalar(select(Topic.id).where(Topic.code == topic))
            if topic_id is None:
                raise NotFoundError(_("Unknown topic {code}.").format(code=topic))
            query = query.where(Escalation.topic_id == topic_id)
        if actor.is_system or actor.has_role("coordinator"):
            statuses: Sequence[str] = _ADVISER_DEFAULT
        elif actor.has_role("expert"):
            statuses = OPEN_ESCALATION_STATUSES
            topic_ids = select(Topic.id).where(Topic.code.in_(actor.topics))
            query = query.where(
                Escalation.topic_id.in_(topic_ids),
                or_(
                    Escalation.answering_office_id.is_(None),
                    Escalation.answering_office_id == actor.office_id,
                ),
            )
        else:
            statuses = _ADVISER_DEFAULT
            query = query.where(Escalation.office_id == actor.office_id)
        query = query.where(
            Escalation.status == status if status else Escalation.status.in_(statuses)
        )
        rows = session.execute(query.order_by(Escalation.due_on, Escalation.id).limit(limit)).all()
        found = summaries(session, rows, day)
    # A case waiting for information is not overdue while it waits, even with an early date.
    return sorted(found, key=lambda item: (not item.is_overdue, item.due_on, item.id))


def escalations_for_consultation(
    sessions: sessionmaker[Session],
    actor: Actor,
    consultation_id: int,
    *,
    today: dt.date | None = None,
) -> list[EscalationSummary]:
    """Every escalation of one consultation of the actor's office, oldest first."""
    require_role(actor, "adviser", "coordinator")
    day = today or today_on_border()
    with sessions() as session:
        query = summary_query(actor).where(Escalation.consultation_id == consultation_id)
        if not (actor.is_system or actor.has_role("coordinator")):
            query = query.where(Escalation.office_id == actor.office_id)
        rows = session.execute(query.order_by(Escalation.created_at, Escalation.id)).all()
        return summaries(session, rows, day)


def event_detail(row: Escalation, topic_code: str) -> str:
    """What an escalation event carries so a listener can tell whom it concerns."""
    return json.dumps(
        {
            "topic": topic_code,
            "status": row.status,
            "office": row.office_id,
            "answering_office": row.answering_office_id,
            "assignee": row.assignee_id,
        },
        separators=(",", ":"),
    )


def is_relevant(actor: Actor, event: EventRecord) -> bool:
    """Whether an escalation event is news for the actor (not their own doing).

    For an expert: anything in their topics at their office (or not yet taken); for an
    adviser: anything about their office's escalations.
    """
    if event.entity != "escalation" or event.kind in PRESENCE_EVENTS:
        return False
    if actor.user_id is not None and event.actor_id == actor.user_id:
        return False
    try:
        facts = json.loads(event.detail)
    except ValueError:
        return False
    if not isinstance(facts, dict):
        return False
    if (
        actor.has_role("expert")
        and facts.get("topic") in actor.topics
        and facts.get("answering_office") in (None, actor.office_id)
    ):
        return True
    if actor.has_role("expert") and facts.get("assignee") == actor.user_id:
        return True
    return (
        actor.has_role("adviser")
        and facts.get("office") == actor.office_id
        and event.kind not in BACK_OFFICE_EVENTS
    )


def require_visible(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError(_("This escalation is not for you to see."))
