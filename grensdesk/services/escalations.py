"""Escalations: a hard question from a consultation to the back office, and its thread.

Front office (advisers) escalate, provide requested information, reply and close; back
office (experts in the escalation's topic) claim, ask back, note, answer, return and
reassign. Every change is checked against the version the person started from
(:class:`ConflictError`), writes one event row (which NOTIFYs on PostgreSQL) and returns
frozen dataclasses. Claiming is one conditional UPDATE, so when two experts claim
together one wins and the other gets :class:`AlreadyClaimedError` naming the winner.

Deadlines are working days on the answering office's calendar (``DEADLINE_WORKING_DAYS``);
while the back office waits for information the clock stops, and the due date moves on
by the working days it waited.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import _
from grensdesk.models import (
    URGENCIES,
    Consultation,
    Escalation,
    Office,
    Topic,
    UserAccount,
    UserRole,
    user_topic,
)
from grensdesk.services.context import Actor, require_role
from grensdesk.services.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from grensdesk.services.escalation_actions import (
    add_internal_note,
    answer,
    clean_text,
    close,
    provide_information,
    reassign,
    reply,
    request_information,
    return_escalation,
)
from grensdesk.services.escalation_detail import (
    build_detail,
    facts_of,
    get_escalation,
    load,
    mark_viewing,
    now,
    stop_viewing,
)
from grensdesk.services.escalation_queue import (
    case_calendar,
    escalations_for_consultation,
    event_detail,
    is_relevant,
    list_queue,
    offices,
    today_on_border,
)
from grensdesk.services.escalation_types import (
    DEADLINE_WORKING_DAYS,
    QUEUE_LIMIT,
    STATUS_LABELS,
    URGENCY_LABELS,
    VIEWER_TIMEOUT,
    AlreadyClaimedError,
    AnsweringOffice,
    CitedVersion,
    CitizenContact,
    EscalationDetail,
    EscalationInput,
    EscalationMessage,
    EscalationStep,
    EscalationSummary,
    ExpertChoice,
    Situation,
    Viewer,
)
from grensdesk.services.events import record_event
from grensdesk.services.working_days import add_working_days

__all__ = [
    "DEADLINE_WORKING_DAYS",
    "QUEUE_LIMIT",
    "STATUS_LABELS",
    "URGENCY_LABELS",
    "VIEWER_TIMEOUT",
    "AlreadyClaimedError",
    "AnsweringOffice",
    "CitedVersion",
    "CitizenContact",
    "EscalationDetail",
    "EscalationInput",
    "EscalationMessage",
    "EscalationStep",
    "EscalationSummary",
    "ExpertChoice",
    "Situation",
    "Viewer",
    "add_internal_note",
    "answer",
    "answering_offices",
    "assignable_experts",
    "claim",
    "close",
    "escalate",
    "escalations_for_consultation",
    "get_escalation",
    "is_relevant",
    "list_queue",
    "mark_viewing",
    "provide_information",
    "reassign",
    "reply",
    "request_information",
    "return_escalation",
    "stop_viewing",
]


def _due_from(start: dt.date, urgency: str, session: Session, office_id: int) -> dt.date:
    calendar = case_calendar(offices(session), office_id, None)
    return add_working_days(start, DEADLINE_WORKING_DAYS[urgency], calendar)


def escalate(
    sessions: sessionmaker[Session],
    actor: Actor,
    consultation_id: int,
    data: EscalationInput,
    *,
    today: dt.date | None = None,
) -> EscalationDetail:
    """Pass a consultation's question to the back office; the deadline starts today."""
    require_role(actor, "adviser")
    if data.urgency not in URGENCIES:
        raise ValidationError(_("Choose normal or urgent."), "urgency")
    question = clean_text(data.question, "question")
    checked = clean_text(data.checked_already, "checked_already", required=False)
    day = today or today_on_border()
    with sessions.begin() as session:
        consultation = session.get(Consultation, consultation_id)
        if consultation is None:
            raise NotFoundError(_("Consultation {id} does not exist.").format(id=consultation_id))
        if consultation.office_id != actor.office_id:
            raise PermissionDeniedError(_("This consultation belongs to another office."))
        topic = session.scalar(select(Topic).where(Topic.code == data.topic))
        if topic is None:
            raise ValidationError(_("Unknown topic {code}.").format(code=data.topic), "topic")
        if data.answering_office_id is not None:
            kind = session.scalar(select(Office.kind).where(Office.id == data.answering_office_id))
            if kind != "back_office":
                raise ValidationError(_("Escalations go to a back office."), "answering_office_id")
        moment = now()
        row = Escalation(
            consultation_id=consultation.id,
            office_id=consultation.office_id,
            answering_office_id=data.answering_office_id,
            topic_id=topic.id,
            urgency=data.urgency,
            status="new",
            created_by_id=actor.user_id,
            question=question,
            checked_already=checked,
            share_personal_data=data.share_personal_data,
            due_on=_due_from(
                day, data.urgency, session, data.answering_office_id or consultation.office_id
            ),
            paused_working_days=0,
            started_on=day,
            created_at=moment,
            updated_at=moment,
            updated_by_id=actor.user_id,
        )
        session.add(row)
        session.flush()
        record_event(
            session, "escalation.created", "escalation", row.id, office_id=row.office_id,
            actor_id=actor.user_id, detail=event_detail(row, topic.code),
        )  # fmt: skip
        return build_detail(session, actor, row.id, today=day)


def claim(
    sessions: sessionmaker[Session],
    actor: Actor,
    escalation_id: int,
    *,
    today: dt.date | None = None,
) -> EscalationDetail:
    """Take a new escalation: one conditional UPDATE, so exactly one claimant wins.

    A case no office had taken yet becomes the claimant's office's, and its deadline is
    counted again on that office's calendar from the day it was escalated.
    """
    require_role(actor, "expert")
    day = today or today_on_border()
    with sessions.begin() as session:
        row = load(session, escalation_id)
        facts = facts_of(session, row)
        expert = actor.has_role("expert") and facts.topic_code in actor.topics
        if not expert or actor.user_id is None:
            raise PermissionDeniedError(_("Only an expert in this field can claim it."))
        if row.status == "new" and row.answering_office_id not in (None, actor.office_id):
            raise PermissionDeniedError(_("This escalation is addressed to another back office."))
        mine = add_working_days(
            row.started_on,
            DEADLINE_WORKING_DAYS[row.urgency] + row.paused_working_days,
            case_calendar(offices(session), row.office_id, actor.office_id),
        )
        moment = now()
        won = session.execute(
            update(Escalation)
            .where(
                Escalation.id == escalation_id,
                Escalation.status == "new",
                or_(
                    Escalation.answering_office_id.is_(None),
                    Escalation.answering_office_id == actor.office_id,
                ),
            )
            .values(
                status="claimed",
                assignee_id=actor.user_id,
                due_on=case(
                    (Escalation.answering_office_id.is_(None), mine), else_=Escalation.due_on
                ),
                answering_office_id=func.coalesce(Escalation.answering_office_id, actor.office_id),
                claimed_at=moment,
                updated_at=moment,
                updated_by_id=actor.user_id,
                version=Escalation.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if won.rowcount != 1:  # type: ignore[attr-defined]
            raise _not_claimable(session, escalation_id)
        row = load(session, escalation_id)
        record_event(
            session, "escalation.claimed", "escalation", row.id, office_id=row.office_id,
            actor_id=actor.user_id, detail=event_detail(row, facts.topic_code),
        )  # fmt: skip
        return build_detail(session, actor, row.id, today=day)


def _not_claimable(session: Session, escalation_id: int) -> Exception:
    row = load(session, escalation_id)
    holder = ""
    if row.assignee_id is not None:
        holder = (
            session.scalar(select(UserAccount.full_name).where(UserAccount.id == row.assignee_id))
            or ""
        )
    if row.status in ("claimed", "waiting", "answered") and holder:
        return AlreadyClaimedError(
            _("{name} has already claimed this escalation.").format(name=holder), holder=holder
        )
    return ConflictError(
        _("This escalation can no longer be claimed: it is “{status}” now.").format(
            status=_(STATUS_LABELS.get(row.status, row.status))
        ),
        current_version=row.version,
    )


def assignable_experts(
    sessions: sessionmaker[Session], actor: Actor, escalation_id: int
) -> list[ExpertChoice]:
    """Active experts in the escalation's field, the actor's own office first."""
    require_role(actor, "expert")
    with sessions() as session:
        row = load(session, escalation_id)
        found = session.execute(
            select(UserAccount.id, UserAccount.full_name, Office.id, Office.name)
            .join(Office, Office.id == UserAccount.office_id)
            .join(UserRole, UserRole.user_id == UserAccount.id)
            .join(user_topic, user_topic.c.user_id == UserAccount.id)
            .where(
                UserAccount.active.is_(True),
                UserRole.role == "expert",
                user_topic.c.topic_id == row.topic_id,
            )
            .order_by(UserAccount.full_name)
        ).all()
    choices = [
        ExpertChoice(user_id, name, office_id, office) for user_id, name, office_id, office in found
    ]
    return sorted(choices, key=lambda choice: choice.office_id != actor.office_id)


def answering_offices(sessions: sessionmaker[Session]) -> list[AnsweringOffice]:
    """The back offices an escalation can be addressed to."""
    with sessions() as session:
        return [
            AnsweringOffice(office_id, code, name, country, region)
            for office_id, code, name, country, region in session.execute(
                select(Office.id, Office.code, Office.name, Office.country, Office.region)
                .where(Office.kind == "back_office", Office.active.is_(True))
                .order_by(Office.name)
            )
        ]
