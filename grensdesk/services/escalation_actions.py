"""What happens to an escalation after it is claimed: the thread's actions.

Each action is one transaction: load the case, check the version the person started
from (:class:`ConflictError` when stale), check the rules (``escalation_rules``), change
the row, add the message, record the event. The adviser's side (providing information,
replying, closing) lives here too: it is the same thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from grensdesk.i18n import _
from grensdesk.models import (
    ComparisonVersion,
    Escalation,
    UserAccount,
    UserRole,
    escalation_citation,
    user_topic,
)
from grensdesk.models import EscalationMessage as MessageRow
from grensdesk.services.context import BORDER_ZONE, Actor
from grensdesk.services.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from grensdesk.services.escalation_detail import build_detail, facts_of, load, now
from grensdesk.services.escalation_queue import (
    case_calendar,
    event_detail,
    offices,
    today_on_border,
)
from grensdesk.services.escalation_rules import may
from grensdesk.services.escalation_types import (
    DEADLINE_WORKING_DAYS,
    STATUS_LABELS,
    EscalationDetail,
)
from grensdesk.services.events import record_event
from grensdesk.services.working_days import add_working_days, working_days_between

MAX_TEXT = 20_000


def clean_text(text: str, field: str = "text", *, required: bool = True) -> str:
    cleaned = text.strip()
    if required and not cleaned:
        raise ValidationError(_("Write a message first."), field)
    if len(cleaned) > MAX_TEXT:
        raise ValidationError(
            _("The text is too long: at most {count} characters.").format(count=MAX_TEXT), field
        )
    return cleaned


def _change(
    sessions: sessionmaker[Session],
    actor: Actor,
    escalation_id: int,
    version: int,
    action: str,
    apply: Callable[[Session, Escalation], str],
    today: dt.date | None,
) -> EscalationDetail:
    """Load, check the version and the rules, apply, record the event: one transaction."""
    day = today or today_on_border()
    try:
        with sessions.begin() as session:
            row = load(session, escalation_id)
            facts = facts_of(session, row)
            if row.version != version:
                raise _conflict(session, row)
            if not may(action, actor, facts):
                raise PermissionDeniedError(_not_allowed(action, row.status))
            kind = apply(session, row)
            row.updated_at = now()
            row.updated_by_id = actor.user_id
            session.flush()
            record_event(
                session, kind, "escalation", row.id, office_id=row.office_id,
                actor_id=actor.user_id, detail=event_detail(row, facts.topic_code),
            )  # fmt: skip
            return build_detail(session, actor, row.id, today=day)
    except StaleDataError as error:
        # Someone saved between our read and our write.
        with sessions() as session:
            raise _conflict(session, load(session, escalation_id)) from error


def _not_allowed(action: str, status: str) -> str:
    return _("That is not possible now: the escalation is “{status}”.").format(
        status=_(STATUS_LABELS.get(status, status))
    )


def _conflict(session: Session, row: Escalation) -> ConflictError:
    name = ""
    if row.updated_by_id is not None:
        name = (
            session.scalar(select(UserAccount.full_name).where(UserAccount.id == row.updated_by_id))
            or ""
        )
    local = row.updated_at.astimezone(BORDER_ZONE)
    return ConflictError(
        _("{name} changed this escalation at {time}, after you opened it. Reload it first.").format(
            name=name or _("someone"), time=local.strftime("%H:%M")
        ),
        current_version=row.version,
        changed_by=name,
        changed_at=row.updated_at,
    )


def _message(session: Session, row: Escalation, actor: Actor, kind: str, text: str) -> MessageRow:
    message = MessageRow(
        escalation_id=row.id, kind=kind, author_id=actor.user_id, text=text, created_at=now()
    )
    session.add(message)
    return message


def _end_pause(session: Session, row: Escalation, day: dt.date) -> None:
    """The clock runs again: the due date moves on by the working days it stood still."""
    if row.paused_since is None:
        return
    calendar = case_calendar(offices(session), row.office_id, row.answering_office_id)
    paused = max(0, working_days_between(row.paused_since, day, calendar))
    row.due_on = add_working_days(row.due_on, paused, calendar)
    row.paused_working_days += paused
    row.paused_since = None


ActionStep = Callable[[Session, Escalation, Actor, dt.date], str]


@dataclass(frozen=True)
class MessageAction:
    """An action that is a message plus a change of the case (asking back, replying, …).

    Called as ``action(sessions, actor, escalation_id, version, text, *, today=None)``. The
    message is required; it is added to the thread as ``kind``, then ``step`` changes the
    row (given the day the action counts from) and returns the kind of event to record.
    """

    action: str
    kind: str
    step: ActionStep

    def __call__(
        self,
        sessions: sessionmaker[Session],
        actor: Actor,
        escalation_id: int,
        version: int,
        text: str,
        *,
        today: dt.date | None = None,
    ) -> EscalationDetail:
        message = clean_text(text)
        day = today or today_on_border()

        def apply(session: Session, row: Escalation) -> str:
            _message(session, row, actor, self.kind, message)
            return self.step(session, row, actor, day)

        return _change(sessions, actor, escalation_id, version, self.action, apply, day)


def _message_action(action: str, kind: str) -> Callable[[ActionStep], MessageAction]:
    """Make the step below a :class:`MessageAction` of that name and message kind."""
    return lambda step: MessageAction(action, kind, step)


@_message_action("request_information", "info_request")
def request_information(session: Session, row: Escalation, actor: Actor, day: dt.date) -> str:
    """Ask the adviser for missing facts; the deadline stops until they arrive."""
    row.status = "waiting"
    row.paused_since = day
    return "escalation.information_requested"


@_message_action("provide_information", "info_reply")
def provide_information(session: Session, row: Escalation, actor: Actor, day: dt.date) -> str:
    """The adviser's answer to a request; the deadline runs again, moved on by the pause."""
    _end_pause(session, row, day)
    row.status = "claimed" if row.assignee_id is not None else "new"
    return "escalation.information_provided"


@_message_action("note", "internal_note")
def add_internal_note(session: Session, row: Escalation, actor: Actor, day: dt.date) -> str:
    """A note for the back office only; the front office never sees it."""
    # The row itself must change for its version to move on.
    row.updated_at = now()
    return "escalation.noted"


def answer(
    sessions: sessionmaker[Session],
    actor: Actor,
    escalation_id: int,
    version: int,
    text: str,
    cited_version_ids: tuple[int, ...] = (),
    *,
    today: dt.date | None = None,
) -> EscalationDetail:
    """The back office's answer, citing the knowledge-base versions it rests on."""
    message = clean_text(text)
    cited = tuple(dict.fromkeys(cited_version_ids))
    day = today or today_on_border()

    def apply(session: Session, row: Escalation) -> str:
        if cited:
            found = set(
                session.scalars(select(ComparisonVersion.id).where(ComparisonVersion.id.in_(cited)))
            )
            missing = [version_id for version_id in cited if version_id not in found]
            if missing:
                raise NotFoundError(
                    _("Knowledge-base version {id} does not exist.").format(id=missing[0])
                )
        entry = _message(session, row, actor, "answer", message)
        session.flush()
        if cited:
            session.execute(
                escalation_citation.insert(),
                [{"message_id": entry.id, "comparison_version_id": v} for v in cited],
            )
        _end_pause(session, row, day)
        row.status = "answered"
        row.answered_at = now()
        return "escalation.answered"

    return _change(sessions, actor, escalation_id, version, "answer", apply, day)


@_message_action("return", "return")
def return_escalation(session: Session, row: Escalation, actor: Actor, day: dt.date) -> str:
    """Send it back to the front office (not a back-office question), saying why."""
    _end_pause(session, row, day)
    row.status = "returned"
    if row.assignee_id is None:
        row.assignee_id = actor.user_id
    return "escalation.returned"


def reassign(
    sessions: sessionmaker[Session],
    actor: Actor,
    escalation_id: int,
    version: int,
    to_user_id: int,
    text: str = "",
    *,
    today: dt.date | None = None,
) -> EscalationDetail:
    """Hand the case to another expert in its field (who may be at another back office)."""
    message = clean_text(text, required=False)

    def apply(session: Session, row: Escalation) -> str:
        topic_id = row.topic_id
        target = session.execute(
            select(UserAccount.id, UserAccount.office_id, UserAccount.full_name)
            .join(UserRole, UserRole.user_id == UserAccount.id)
            .join(user_topic, user_topic.c.user_id == UserAccount.id)
            .where(
                UserAccount.id == to_user_id,
                UserAccount.active.is_(True),
                UserRole.role == "expert",
                user_topic.c.topic_id == topic_id,
            )
        ).first()
        if target is None:
            raise ValidationError(_("Choose an active expert in this field."), "to_user_id")
        _message(session, row, actor, "reassign", message or target.full_name)
        row.assignee_id = target.id
        row.answering_office_id = target.office_id
        if row.status == "new":
            row.status = "claimed"
            row.claimed_at = now()
        return "escalation.reassigned"

    return _change(sessions, actor, escalation_id, version, "reassign", apply, today)


@_message_action("reply", "reply")
def reply(session: Session, row: Escalation, actor: Actor, day: dt.date) -> str:
    """The adviser's follow-up on an answer: back to the expert, with a fresh deadline."""
    row.status = "claimed" if row.assignee_id is not None else "new"
    calendar = case_calendar(offices(session), row.office_id, row.answering_office_id)
    row.started_on = day
    row.paused_working_days = 0
    row.due_on = add_working_days(day, DEADLINE_WORKING_DAYS[row.urgency], calendar)
    return "escalation.replied"


def close(
    sessions: sessionmaker[Session],
    actor: Actor,
    escalation_id: int,
    version: int,
    text: str = "",
    *,
    today: dt.date | None = None,
) -> EscalationDetail:
    """Finish the case (the adviser at any time; the expert once answered or returned)."""
    message = clean_text(text, required=False)

    def apply(session: Session, row: Escalation) -> str:
        if message:
            _message(session, row, actor, "close", message)
        row.status = "closed"
        row.paused_since = None
        row.closed_at = now()
        return "escalation.closed"

    return _change(sessions, actor, escalation_id, version, "close", apply, today)
