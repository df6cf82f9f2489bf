"""Retention and erasure of personal data; the counts that reports need stay.

Two use cases, both for administrators:

- **Anonymise after the retention period**: for consultations that began before a cut-off
  day, the free-text notes are emptied and the citizen rows that belong only to such
  consultations are scrubbed (name, contact, address). Channel, language, situation, topics,
  duration and the escalation and letter rows stay, so past reports keep their figures.
- **Erase one citizen on request**: the citizen row is deleted; consultations keep their
  statistics and lose the link.

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

from grensdesk.i18n import _
from grensdesk.models import Citizen, Consultation
from grensdesk.services.context import BORDER_ZONE, Actor, require_role
from grensdesk.services.errors import NotFoundError, ValidationError
from grensdesk.services.events import record_event

DEFAULT_RETENTION_MONTHS: Final = 24


@dataclass(frozen=True)
class AnonymiseResult:
    before: dt.date
    consultations: int  # notes emptied
    citizens: int  # rows scrubbed
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
        if dry_run:
            return AnonymiseResult(before, consultation_count, citizen_count, dry_run=True)
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
                f"citizens={citizen_count}"
            ),
        )
    return AnonymiseResult(before, consultation_count, citizen_count, dry_run=False)


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
        # The foreign key sets consultation.citizen_id to NULL; the statistics stay.
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
