"""One escalation as its reader may see it: thread, citations, history and who has it open."""

from __future__ import annotations

import datetime as dt
from typing import Final

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import N_, _
from grensdesk.models import (
    Citizen,
    Comparison,
    ComparisonText,
    ComparisonVersion,
    Consultation,
    Escalation,
    Event,
    Office,
    Topic,
    UserAccount,
    escalation_citation,
)
from grensdesk.models import EscalationMessage as MessageRow
from grensdesk.models import EscalationViewer as ViewerRow
from grensdesk.services.context import Actor
from grensdesk.services.errors import NotFoundError
from grensdesk.services.escalation_queue import (
    BACK_OFFICE_EVENTS,
    PRESENCE_EVENTS,
    event_detail,
    require_visible,
    summaries,
    summary_query,
    today_on_border,
)
from grensdesk.services.escalation_rules import (
    CaseFacts,
    allowed_actions,
    is_back_office,
    is_front_office,
    may_see,
)
from grensdesk.services.escalation_types import (
    VIEWER_TIMEOUT,
    CitedVersion,
    CitizenContact,
    EscalationDetail,
    EscalationMessage,
    EscalationStep,
    Situation,
    Viewer,
)
from grensdesk.services.events import record_event

# The history's wording for each event kind (translated when shown).
STEP_LABELS: Final = {
    "escalation.created": N_("Escalated"),
    "escalation.claimed": N_("Claimed"),
    "escalation.information_requested": N_("Information requested"),
    "escalation.information_provided": N_("Information provided"),
    "escalation.noted": N_("Internal note"),
    "escalation.answered": N_("Answered"),
    "escalation.returned": N_("Returned"),
    "escalation.reassigned": N_("Reassigned"),
    "escalation.replied": N_("Adviser replied"),
    "escalation.closed": N_("Closed"),
}


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def facts_of(session: Session, row: Escalation) -> CaseFacts:
    topic_code = session.scalar(select(Topic.code).where(Topic.id == row.topic_id)) or ""
    return CaseFacts(
        status=row.status,
        topic_code=topic_code,
        office_id=row.office_id,
        answering_office_id=row.answering_office_id,
        assignee_id=row.assignee_id,
    )


def load(session: Session, escalation_id: int) -> Escalation:
    row = session.get(Escalation, escalation_id, populate_existing=True)
    if row is None:
        raise NotFoundError(_("Escalation {id} does not exist.").format(id=escalation_id))
    return row


def get_escalation(
    sessions: sessionmaker[Session],
    actor: Actor,
    escalation_id: int,
    *,
    record_view: bool = True,
    today: dt.date | None = None,
) -> EscalationDetail:
    """The case as the actor may see it; a view of the citizen's details is recorded."""
    with sessions.begin() as session:
        return build_detail(session, actor, escalation_id, record_view=record_view, today=today)


def build_detail(
    session: Session,
    actor: Actor,
    escalation_id: int,
    *,
    record_view: bool = False,
    today: dt.date | None = None,
) -> EscalationDetail:
    row = load(session, escalation_id)
    facts = facts_of(session, row)
    require_visible(may_see(actor, facts))
    back_office = is_back_office(actor, facts)
    summary = summaries(
        session,
        session.execute(summary_query(actor).where(Escalation.id == row.id)).all(),
        today or today_on_border(),
    )[0]
    consultation = session.get(Consultation, row.consultation_id)
    assert consultation is not None  # the foreign key cascades
    citizen = _citizen(session, actor, row, consultation, facts, record_view=record_view)
    messages = _messages(session, row.id, internal_too=back_office)
    return EscalationDetail(
        summary=summary,
        question=row.question,
        checked_already=row.checked_already,
        share_personal_data=row.share_personal_data,
        situation=Situation(
            residence_country=consultation.residence_country,
            residence_region=consultation.residence_region,
            work_country=consultation.work_country,
            work_region=consultation.work_region,
            profile=consultation.profile,
            home_work_percent=consultation.home_work_percent,
        ),
        citizen=citizen,
        messages=messages,
        cited_versions=_cited(session, messages, actor.ui_language),
        steps=_steps(session, row.id, back_office=back_office),
        viewers=_viewers(session, actor, row.id),
        paused_since=row.paused_since,
        paused_working_days=row.paused_working_days,
        allowed_actions=allowed_actions(actor, facts),
    )


def _citizen(
    session: Session,
    actor: Actor,
    row: Escalation,
    consultation: Consultation,
    facts: CaseFacts,
    *,
    record_view: bool,
) -> CitizenContact | None:
    """Only with consent to pass it on; the front office always sees its own citizen."""
    if consultation.citizen_id is None:
        return None
    front = is_front_office(actor, facts)
    if not (front or (row.share_personal_data and is_back_office(actor, facts))):
        return None
    citizen = session.get(Citizen, consultation.citizen_id)
    if citizen is None or citizen.anonymised_at is not None:
        return None
    if record_view:
        record_event(
            session, "citizen.viewed", "citizen", citizen.id, office_id=row.office_id,
            actor_id=actor.user_id, detail=f"escalation {row.id}",
        )  # fmt: skip
    return CitizenContact(
        full_name=citizen.full_name,
        email=citizen.email,
        phone=citizen.phone,
        language=citizen.language,
    )


def _messages(
    session: Session, escalation_id: int, *, internal_too: bool
) -> tuple[EscalationMessage, ...]:
    query = (
        select(MessageRow, UserAccount.full_name)
        .outerjoin(UserAccount, UserAccount.id == MessageRow.author_id)
        .where(MessageRow.escalation_id == escalation_id)
        .order_by(MessageRow.id)
    )
    if not internal_too:
        query = query.where(MessageRow.kind != "internal_note")
    found = session.execute(query).all()
    cited: dict[int, list[int]] = {}
    ids = [message.id for message, _name in found]
    if ids:
        for message_id, version_id in session.execute(
            select(escalation_citation.c.message_id, escalation_citation.c.comparison_version_id)
            .where(escalation_citation.c.message_id.in_(ids))
            .order_by(escalation_citation.c.comparison_version_id)
        ):
            cited.setdefault(message_id, []).append(version_id)
    return tuple(
        EscalationMessage(
            id=message.id,
            kind=message.kind,
            author_id=message.author_id,
            author_name=name or "",
            text=message.text,
            cited_version_ids=tuple(cited.get(message.id, ())),
            created_at=message.created_at,
            internal=message.kind == "internal_note",
        )
        for message, name in found
    )


def _cited(
    session: Session, messages: tuple[EscalationMessage, ...], language: str
) -> tuple[CitedVersion, ...]:
    ids = sorted({version for message in messages for version in message.cited_version_ids})
    if not ids:
        return ()
    titles: dict[int, dict[str, str]] = {}
    for version_id, text_language, title in session.execute(
        select(ComparisonText.version_id, ComparisonText.language, ComparisonText.title).where(
            ComparisonText.version_id.in_(ids)
        )
    ):
        titles.setdefault(version_id, {})[text_language] = title
    result = []
    for version_id, comparison_id, code, number in session.execute(
        select(ComparisonVersion.id, Comparison.id, Comparison.code, ComparisonVersion.number)
        .join(Comparison, Comparison.id == ComparisonVersion.comparison_id)
        .where(ComparisonVersion.id.in_(ids))
        .order_by(ComparisonVersion.id)
    ):
        by_language = titles.get(version_id, {})
        title = by_language.get(language) or by_language.get("nl") or code
        result.append(CitedVersion(version_id, comparison_id, code, number, title))
    return tuple(result)


def _steps(
    session: Session, escalation_id: int, *, back_office: bool
) -> tuple[EscalationStep, ...]:
    query = (
        select(Event.occurred_at, Event.kind, UserAccount.full_name)
        .outerjoin(UserAccount, UserAccount.id == Event.actor_id)
        .where(Event.entity == "escalation", Event.entity_id == escalation_id)
        .where(Event.kind.not_in(PRESENCE_EVENTS))
        .order_by(Event.id)
    )
    if not back_office:
        query = query.where(Event.kind.not_in(BACK_OFFICE_EVENTS))
    return tuple(
        EscalationStep(
            occurred_at=occurred_at,
            kind=kind,
            actor_name=name or "",
            label=_(STEP_LABELS[kind]) if kind in STEP_LABELS else kind,
        )
        for occurred_at, kind, name in session.execute(query)
    )


def _viewers(session: Session, actor: Actor, escalation_id: int) -> tuple[Viewer, ...]:
    cutoff = now() - VIEWER_TIMEOUT
    return tuple(
        Viewer(user_id=user_id, name=name, office_name=office_name, since=since)
        for user_id, name, office_name, since in session.execute(
            select(ViewerRow.user_id, UserAccount.full_name, Office.name, ViewerRow.since)
            .join(UserAccount, UserAccount.id == ViewerRow.user_id)
            .join(Office, Office.id == UserAccount.office_id)
            .where(
                ViewerRow.escalation_id == escalation_id,
                ViewerRow.seen_at >= cutoff,
                ViewerRow.user_id != (actor.user_id or 0),
            )
            .order_by(ViewerRow.since)
        )
    )


def mark_viewing(sessions: sessionmaker[Session], actor: Actor, escalation_id: int) -> None:
    """The actor has the case open: call on opening and then every half minute or so.

    Opening is an event (the others' screens show the newcomer); a heartbeat is not.
    """
    if actor.user_id is None:
        return
    moment = now()
    try:
        with sessions.begin() as session:
            row = load(session, escalation_id)
            require_visible(may_see(actor, facts_of(session, row)))
            fresh = session.execute(
                update(ViewerRow)
                .where(
                    ViewerRow.escalation_id == escalation_id,
                    ViewerRow.user_id == actor.user_id,
                    ViewerRow.seen_at >= moment - VIEWER_TIMEOUT,
                )
                .values(seen_at=moment)
                .execution_options(synchronize_session=False)
            )
            if fresh.rowcount:  # type: ignore[attr-defined]
                return
            session.execute(
                delete(ViewerRow).where(
                    ViewerRow.escalation_id == escalation_id, ViewerRow.user_id == actor.user_id
                )
            )
            session.add(
                ViewerRow(
                    escalation_id=escalation_id, user_id=actor.user_id, since=moment, seen_at=moment
                )
            )
            session.flush()
            record_event(
                session, "escalation.viewing", "escalation", escalation_id,
                office_id=row.office_id, actor_id=actor.user_id,
                detail=event_detail(row, facts_of(session, row).topic_code),
            )  # fmt: skip
    except IntegrityError:
        # The same person opened it in a second window at the same instant: already shown.
        return


def stop_viewing(sessions: sessionmaker[Session], actor: Actor, escalation_id: int) -> None:
    """The actor closed the case."""
    if actor.user_id is None:
        return
    with sessions.begin() as session:
        gone = session.execute(
            delete(ViewerRow).where(
                ViewerRow.escalation_id == escalation_id, ViewerRow.user_id == actor.user_id
            )
        )
        if gone.rowcount:  # type: ignore[attr-defined]
            row = session.get(Escalation, escalation_id)
            if row is not None:
                record_event(
                    session, "escalation.left", "escalation", escalation_id,
                    office_id=row.office_id, actor_id=actor.user_id,
                    detail=event_detail(row, facts_of(session, row).topic_code),
                )  # fmt: skip
