"""The back-office answer a letter quotes: the latest answer to the consultation's escalations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from grensdesk.models import Office, UserAccount
from grensdesk.models.escalations import Escalation, EscalationMessage


@dataclass(frozen=True)
class LetterAnswer:
    id: int  # the escalation message
    text: str
    answered_at: dt.datetime
    organisation: str  # the answering office, else the answering expert's office


def latest_answer(session: Session, consultation_id: int) -> LetterAnswer | None:
    """The newest answer message of an answered or closed escalation, if any.

    A returned escalation's reasoning is not advice, and an answer still open to
    reassignment might be withdrawn; only answered and closed cases are quoted.
    """
    found = session.execute(
        select(EscalationMessage, Escalation.answering_office_id, UserAccount.office_id)
        .join(Escalation, Escalation.id == EscalationMessage.escalation_id)
        .outerjoin(UserAccount, UserAccount.id == EscalationMessage.author_id)
        .where(
            Escalation.consultation_id == consultation_id,
            Escalation.status.in_(("answered", "closed")),
            EscalationMessage.kind == "answer",
        )
        .order_by(EscalationMessage.created_at.desc(), EscalationMessage.id.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    message, answering_office_id, author_office_id = found
    office_id = answering_office_id or author_office_id
    office = session.get(Office, office_id) if office_id is not None else None
    return LetterAnswer(
        id=message.id,
        text=message.text,
        answered_at=message.created_at,
        organisation=office.name if office is not None else "",
    )
