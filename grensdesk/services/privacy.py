"""Retention and erasure of personal data; the counts that reports need stay.

Two use cases, both for administrators:

- **Anonymise after the retention period**: for consultations that began before a cut-off
  day, the free-text notes are emptied, the citizen rows that belong only to such
  consultations are scrubbed (name, contact, address) and so are the snapshots of the letters
  written for them (the letter's hash stays, so a file can still be verified), and the texts
  of their escalations once those are no longer open. Channel,
  language, situation, topics, duration and the escalation and letter rows stay, so past
  reports keep their figures.
- **Erase one citizen on request**: the citizen row is deleted and their letters' snapshots
  scrubbed; consultations keep their statistics and lose the link.

Each run is one transaction and one event in the audit trail. Rows change their ``version``,
so a form still open on an anonymised consultation cannot write the old notes back.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Final

from sqlalchemy import Select, and_, exists, func, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from grensdesk.i18n import _
from grensdesk.models import (
    OPEN_ESCALATION_STATUSES,
    Citizen,
    Consultation,
    Escalation,
    EscalationMessage,
    Letter,
)
from grensdesk.services.context import BORDER_ZONE, Actor, require_role
from grensdesk.services.errors import NotFoundError, ValidationError
from grensdesk.services.events import record_event
from grensdesk.services.letter_content import LetterContent

DEFAULT_RETENTION_MONTHS: Final = 24


@dataclass(frozen=True)
class AnonymiseResult:
    before: dt.date
    consultations: int  # notes emptied
    citizens: int  # rows scrubbed
    letters: int  # snapshots scrubbed
    escalations: int  # question, checks and thread emptied
    dry_run: bool


def retention_cutoff(today: dt.date, months: int) -> dt.date:
    """The first day that is kept: ``months`` calendar months before ``today``."""
    if months < 1:
        raise ValidationError(_("The retention period must be at least one month."), "months")
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    # From 31 May back one month is 30 April: the last day of the shorter month.
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def anonymise_before(
    sessions: sessionmaker[Session], actor: Actor, before: dt.date, dry_run: bool = False
) -> AnonymiseResult:
    """Anonymise what belongs to consultations that began before ``before`` (border time)."""
    require_role(actor, "admin")
    if before > dt.datetime.now(BORDER_ZONE).date():
        raise ValidationError(_("The cut-off day cannot lie in the future."), "before")
    moment = dt.datetime.combine(before, dt.time(), BORDER_ZONE).astimezone(dt.UTC)
    now = dt.datetime.now(dt.UTC)
    old = Consultation.started_at < moment
    notes = and_(old, (Consultation.question != "") | (Consultation.advice != ""))
    citizens = _citizens_only_in_old_consultations(moment)
    with sessions.begin() as session:
        consultation_count = session.scalar(select(func.count()).where(notes)) or 0
        citizen_count = session.scalar(select(func.count()).select_from(citizens.subquery())) or 0
        old_letters = Letter.consultation_id.in_(select(Consultation.id).where(old))
        old_escalations = and_(
            Escalation.consultation_id.in_(select(Consultation.id).where(old)),
            Escalation.status.not_in(OPEN_ESCALATION_STATUSES),
            Escalation.question != "",
        )
        escalation_count = session.scalar(select(func.count()).where(old_escalations)) or 0
        if dry_run:
            letter_count = (
                session.scalar(
                    select(func.count()).where(old_letters, Letter.anonymised_at.is_(None))
                )
                or 0
            )
            return AnonymiseResult(
                before, consultation_count, citizen_count, letter_count, escalation_count, True
            )
        letter_count = _scrub_letters(session, old_letters, now)
        _scrub_escalations(session, old_escalations, now)
        session.execute(
            update(Citizen)
            .where(Citizen.id.in_(citizens))
            .values(
                full_name="",
                email="",
                phone="",
                street="",
                postcode="",
                town="",
                anonymised_at=now,
                version=Citizen.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(Consultation)
            .where(notes)
            .values(question="", advice="", updated_at=now, version=Consultation.version + 1)
            .execution_options(synchronize_session=False)
        )
        record_event(
            session,
            "privacy.anonymised",
            "consultation",
            office_id=None,
            actor_id=actor.user_id,
            detail=(
                f"before={before.isoformat()} consultations={consultation_count} "
                f"citizens={citizen_count} letters={letter_count} "
                f"escalations={escalation_count}"
            ),
        )
    return AnonymiseResult(
        before, consultation_count, citizen_count, letter_count, escalation_count, False
    )


def _scrub_escalations(session: Session, which: ColumnElement[bool], now: dt.datetime) -> None:
    ids = select(Escalation.id).where(which).scalar_subquery()
    session.execute(
        update(EscalationMessage)
        .where(EscalationMessage.escalation_id.in_(ids))
        .values(text="")
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Escalation)
        .where(which)
        .values(question="", checked_already="", updated_at=now, version=Escalation.version + 1)
        .execution_options(synchronize_session=False)
    )


def _scrub_letters(session: Session, which: ColumnElement[bool], now: dt.datetime) -> int:
    """Take the personal data out of the snapshots of the letters ``which`` selects."""
    rows = session.execute(
        select(Letter.id, Letter.snapshot).where(which, Letter.anonymised_at.is_(None))
    ).all()
    for letter_id, snapshot in rows:
        scrubbed = LetterContent.from_json(snapshot).without_personal_data().to_json()
        session.execute(
            update(Letter)
            .where(Letter.id == letter_id)
            .values(snapshot=scrubbed, anonymised_at=now)
            .execution_options(synchronize_session=False)
        )
    return len(rows)


def _citizens_only_in_old_consultations(moment: dt.datetime) -> Select[int]:
    """Citizens not yet anonymised whose every consultation began before ``moment``."""
    newer = aliased(Consultation)
    return (
        select(Citizen.id)
        .where(Citizen.anonymised_at.is_(None))
        .where(
            exists().where(Consultation.citizen_id == Citizen.id, Consultation.started_at < moment)
        )
        .where(~exists().where(newer.citizen_id == Citizen.id, newer.started_at >= moment))
    )


def erase_citizen(sessions: sessionmaker[Session], actor: Actor, citizen_id: int) -> int:
    """Delete one citizen's personal data on request; the number of consultations it touched."""
    require_role(actor, "admin")
    with sessions.begin() as session:
        citizen = session.get(Citizen, citizen_id)
        if citizen is None:
            raise NotFoundError(_("Unknown citizen {id}.").format(id=citizen_id))
        touched = (
            session.scalar(select(func.count()).where(Consultation.citizen_id == citizen_id)) or 0
        )
        _scrub_letters(
            session,
            Letter.consultation_id.in_(
                select(Consultation.id).where(Consultation.citizen_id == citizen_id)
            ),
            dt.datetime.now(dt.UTC),
        )
        # The consultations lose the link; the statistics stay.
        session.execute(
            update(Consultation)
            .where(Consultation.citizen_id == citizen_id)
            .values(citizen_id=None, version=Consultation.version + 1)
            .execution_options(synchronize_session=False)
        )
        session.delete(citizen)
        record_event(
            session,
            "citizen.erased",
            "citizen",
            citizen_id,
            actor_id=actor.user_id,
            detail=f"consultations={touched}",
        )
        return touched
