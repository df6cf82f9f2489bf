"""Consultations: log, change and list what happened at the desk.

A save is checked against the version the adviser started from: when someone else saved
in between, :class:`ConflictError` says who and when, and nothing is overwritten.
Personal data lives only in the citizen row, and only with recorded consent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from grensdesk.i18n import _
from grensdesk.models import Citizen, Consultation, Topic, UserAccount, consultation_topic
from grensdesk.services.context import BORDER_ZONE, Actor, require_role
from grensdesk.services.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ServiceError,
)
from grensdesk.services.events import record_event
from grensdesk.services.validation import consultation_problems

PAGE_SIZE: Final = 50


class ConsultationInvalidError(ServiceError):
    """The consultation breaks one or more rules; ``problems`` has one per field."""

    def __init__(self, problems: list[ServiceError]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class CitizenInput:
    full_name: str
    email: str = ""
    phone: str = ""
    street: str = ""
    postcode: str = ""
    town: str = ""
    country: str | None = None
    language: str = "nl"


@dataclass(frozen=True)
class ConsultationInput:
    """Everything the form holds; plain values, as typed (trimmed)."""

    started_at: dt.datetime
    duration_minutes: int
    channel: str
    language: str
    residence_country: str
    work_country: str
    profile: str
    topics: tuple[str, ...]
    residence_region: str | None = None
    work_region: str | None = None
    home_work_percent: int | None = None
    question: str = ""
    advice: str = ""
    follow_up_on: dt.date | None = None
    status: str = "open"
    citizen: CitizenInput | None = None  # only with the citizen's consent


@dataclass(frozen=True)
class ConsultationDetail:
    id: int
    version: int
    office_code: str
    adviser_username: str
    adviser_name: str
    data: ConsultationInput
    updated_at: dt.datetime
    updated_by_name: str


@dataclass(frozen=True)
class ConsultationRow:
    """One line of the office's list."""

    id: int
    started_at: dt.datetime
    duration_minutes: int
    adviser_name: str
    status: str
    channel: str
    language: str
    residence_country: str
    work_country: str
    profile: str
    topics: tuple[str, ...]
    question: str


@dataclass(frozen=True)
class ConsultationFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    topic: str | None = None
    status: str | None = None
    adviser_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class PageCursor:
    """Where the next page starts: keyset paging stays fast at any depth."""

    started_at: dt.datetime
    id: int


@dataclass(frozen=True)
class ConsultationPage:
    rows: tuple[ConsultationRow, ...]
    next_cursor: PageCursor | None
    filters: ConsultationFilter = field(default_factory=ConsultationFilter)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def validate(data: ConsultationInput, today: dt.date | None = None) -> None:
    problems = consultation_problems(data, today or dt.date.today())
    if problems:
        raise ConsultationInvalidError(list(problems))


def save_consultation(
    sessions: sessionmaker[Session],
    actor: Actor,
    data: ConsultationInput,
    consultation_id: int | None = None,
    expected_version: int | None = None,
    *,
    source_ref: str | None = None,
) -> ConsultationDetail:
    """Create (no id) or change a consultation of the actor's office."""
    require_role(actor, "adviser")
    validate(data)
    try:
        with sessions.begin() as session:
            topics = _topics(session, data.topics)
            if consultation_id is None:
                row = Consultation(
                    office_id=actor.office_id,
                    adviser_id=actor.user_id,
                    created_at=_now(),
                    source_ref=source_ref,
                )
                kind = "consultation.created"
            else:
                row = _load_for_change(session, actor, consultation_id, expected_version)
                kind = "consultation.updated"
            deleted_citizen = _apply(session, row, data, topics, actor)
            # Added only now: a new row is written once, complete, in the flush below.
            session.add(row)
            session.flush()
            record_event(
                session,
                kind,
                "consultation",
                row.id,
                office_id=row.office_id,
                actor_id=actor.user_id,
            )
            if deleted_citizen is not None:
                record_event(
                    session, "citizen.deleted", "citizen", deleted_citizen,
                    office_id=row.office_id, actor_id=actor.user_id,
                )  # fmt: skip
            return _saved_detail(session, actor, row)
    except StaleDataError as error:
        # Someone saved between our read and our write, inside the same instant.
        raise _conflict(sessions, consultation_id or 0) from error


def _saved_detail(session: Session, actor: Actor, row: Consultation) -> ConsultationDetail:
    """The detail from what was just written, without reading it back.

    A save is the front office's most frequent write: every statement saved counts
    (bench/consultations.py). The row holds exactly what was flushed; the citizen is
    in the session's identity map; only another adviser's name needs a query.
    """
    citizen = session.get(Citizen, row.citizen_id) if row.citizen_id is not None else None
    if row.adviser_id == actor.user_id:
        adviser = (actor.username, actor.full_name)
    else:
        found = session.execute(
            select(UserAccount.username, UserAccount.full_name).where(
                UserAccount.id == row.adviser_id
            )
        ).first()
        adviser = (found[0], found[1]) if found is not None else ("", "")
    return ConsultationDetail(
        id=row.id,
        version=row.version,
        office_code=actor.office_code,
        adviser_username=adviser[0],
        adviser_name=adviser[1],
        data=_input_of(row, citizen),
        updated_at=row.updated_at,
        updated_by_name=actor.full_name,
    )


def _load_for_change(
    session: Session, actor: Actor, consultation_id: int, expected_version: int | None
) -> Consultation:
    row = session.get(Consultation, consultation_id)
    if row is None:
        raise NotFoundError(_("Consultation {id} does not exist.").format(id=consultation_id))
    if row.office_id != actor.office_id:
        raise PermissionDeniedError(_("This consultation belongs to another office."))
    if expected_version is not None and row.version != expected_version:
        raise _conflict_from_row(session, row)
    return row


def _conflict(sessions: sessionmaker[Session], consultation_id: int) -> ConflictError:
    with sessions() as session:
        row = session.get(Consultation, consultation_id)
        assert row is not None
        return _conflict_from_row(session, row)


def _conflict_from_row(session: Session, row: Consultation) -> ConflictError:
    name = ""
    if row.updated_by_id is not None:
        name = (
            session.scalar(select(UserAccount.full_name).where(UserAccount.id == row.updated_by_id))
            or ""
        )
    return ConflictError(
        _(
            "{name} changed this consultation at {time}, after you opened it. "
            "Reload their version, or keep yours and overwrite theirs."
        ).format(name=name or _("someone"), time=row.updated_at.strftime("%H:%M")),
        current_version=row.version,
        changed_by=name,
        changed_at=row.updated_at,
    )


def _topics(session: Session, codes: tuple[str, ...]) -> list[Topic]:
    found = {t.code: t for t in session.scalars(select(Topic).where(Topic.code.in_(codes)))}
    missing = [code for code in codes if code not in found]
    if missing:
        raise NotFoundError(_("Unknown topic {code}.").format(code=missing[0]))
    return [found[code] for code in dict.fromkeys(codes)]


def consultation_columns(data: ConsultationInput) -> dict[str, Any]:
    """The consultation row's columns that the form decides, by column name.

    One mapping for every writer: the form's save and the bulk import.
    """
    return {
        "started_at": data.started_at.astimezone(dt.UTC),  # as it reads back
        "duration_minutes": data.duration_minutes,
        "channel": data.channel,
        "language": data.language,
        "residence_country": data.residence_country,
        "residence_region": data.residence_region or None,
        "work_country": data.work_country,
        "work_region": data.work_region or None,
        "profile": data.profile,
        "home_work_percent": data.home_work_percent,
        "question": data.question,
        "advice": data.advice,
        "follow_up_on": data.follow_up_on,
        "status": data.status,
    }


def citizen_columns(citizen: CitizenInput) -> dict[str, Any]:
    """The citizen row's columns, by column name (consent is recorded by the caller)."""
    return {
        "full_name": citizen.full_name,
        "email": citizen.email,
        "phone": citizen.phone,
        "street": citizen.street,
        "postcode": citizen.postcode,
        "town": citizen.town,
        "country": citizen.country,
        "language": citizen.language,
    }


def _apply(
    session: Session,
    row: Consultation,
    data: ConsultationInput,
    topics: list[Topic],
    actor: Actor,
) -> int | None:
    """Put the form's values on the row; the id of a citizen row deleted, if any.

    The citizen goes first and the rest without autoflush, so that the row is written
    by one statement and a save moves the version on by exactly one.
    """
    deleted_citizen = _apply_citizen(session, row, data.citizen)
    with session.no_autoflush:
        for name, value in consultation_columns(data).items():
            setattr(row, name, value)
        # In the order a load gives them (the relationship's order_by).
        row.topics = sorted(topics, key=lambda topic: topic.position)
        row.updated_at = _now()
        row.updated_by_id = actor.user_id
    return deleted_citizen


def _apply_citizen(session: Session, row: Consultation, citizen: CitizenInput | None) -> int | None:
    current = session.get(Citizen, row.citizen_id) if row.citizen_id is not None else None
    if citizen is None:
        if current is None:
            return None
        # Consent withdrawn or details removed: the personal data goes, the counts stay.
        row.citizen_id = None
        session.delete(current)
        return current.id
    target = current or Citizen(consent_at=_now())
    for name, value in citizen_columns(citizen).items():
        setattr(target, name, value)
    if current is None:
        session.add(target)
        session.flush()  # writes only the citizen: the row has no changes yet
        row.citizen_id = target.id
    return None


def get_consultation(
    sessions: sessionmaker[Session],
    actor: Actor,
    consultation_id: int,
    *,
    record_view: bool = True,
) -> ConsultationDetail:
    """One consultation of the actor's office; a view of personal data is recorded."""
    with sessions.begin() as session:
        return _detail(session, actor, consultation_id, record_view=record_view)


def _detail(
    session: Session, actor: Actor, consultation_id: int, *, record_view: bool
) -> ConsultationDetail:
    row = session.scalar(
        select(Consultation)
        .options(selectinload(Consultation.topics))
        .where(Consultation.id == consultation_id)
    )
    if row is None:
        raise NotFoundError(_("Consultation {id} does not exist.").format(id=consultation_id))
    if row.office_id != actor.office_id and not actor.is_system:
        raise PermissionDeniedError(_("This consultation belongs to another office."))
    citizen = session.get(Citizen, row.citizen_id) if row.citizen_id is not None else None
    if citizen is not None and record_view:
        record_event(
            session, "citizen.viewed", "citizen", citizen.id, office_id=row.office_id,
            actor_id=actor.user_id,
        )  # fmt: skip
    updated_by = row.updated_by_id or row.adviser_id
    users = {
        user_id: (username, full_name)
        for user_id, username, full_name in session.execute(
            select(UserAccount.id, UserAccount.username, UserAccount.full_name).where(
                UserAccount.id.in_({row.adviser_id, updated_by})
            )
        )
    }
    adviser_username, adviser_name = users.get(row.adviser_id, ("", ""))
    return ConsultationDetail(
        id=row.id,
        version=row.version,
        office_code=actor.office_code,
        adviser_username=adviser_username,
        adviser_name=adviser_name,
        data=_input_of(row, citizen),
        updated_at=row.updated_at,
        updated_by_name=users.get(updated_by, ("", ""))[1],
    )


def _input_of(row: Consultation, citizen: Citizen | None) -> ConsultationInput:
    return ConsultationInput(
        started_at=row.started_at,
        duration_minutes=row.duration_minutes,
        channel=row.channel,
        language=row.language,
        residence_country=row.residence_country,
        residence_region=row.residence_region,
        work_country=row.work_country,
        work_region=row.work_region,
        profile=row.profile,
        home_work_percent=row.home_work_percent,
        topics=tuple(topic.code for topic in row.topics),
        question=row.question,
        advice=row.advice,
        follow_up_on=row.follow_up_on,
        status=row.status,
        # An anonymised citizen row is an empty shell kept for the consent date: no details.
        citizen=None
        if citizen is None or citizen.anonymised_at is not None
        else CitizenInput(
            full_name=citizen.full_name,
            email=citizen.email,
            phone=citizen.phone,
            street=citizen.street,
            postcode=citizen.postcode,
            town=citizen.town,
            country=citizen.country,
            language=citizen.language,
        ),
    )


def list_consultations(
    sessions: sessionmaker[Session],
    actor: Actor,
    filters: ConsultationFilter = ConsultationFilter(),
    after: PageCursor | None = None,
    page_size: int = PAGE_SIZE,
) -> ConsultationPage:
    """The actor's office's consultations, newest first, one page at a time."""
    require_role(actor, "adviser", "coordinator")
    query = _list_query(actor, filters, after).limit(page_size + 1)
    with sessions() as session:
        found = session.execute(query).all()
        more = len(found) > page_size
        found = found[:page_size]
        topics = _topics_of(session, [row.id for row in found])
    rows = tuple(
        ConsultationRow(
            id=row.id,
            started_at=row.started_at,
            duration_minutes=row.duration_minutes,
            adviser_name=row.adviser_name,
            status=row.status,
            channel=row.channel,
            language=row.language,
            residence_country=row.residence_country,
            work_country=row.work_country,
            profile=row.profile,
            topics=topics.get(row.id, ()),
            question=row.question[:200],
        )
        for row in found
    )
    cursor = PageCursor(rows[-1].started_at, rows[-1].id) if more and rows else None
    return ConsultationPage(rows=rows, next_cursor=cursor, filters=filters)


def _list_query(
    actor: Actor, filters: ConsultationFilter, after: PageCursor | None
) -> Select[*tuple[Any, ...]]:
    conditions = [Consultation.office_id == actor.office_id]
    if filters.date_from is not None:
        conditions.append(Consultation.started_at >= _start_of(filters.date_from))
    if filters.date_to is not None:
        conditions.append(
            Consultation.started_at < _start_of(filters.date_to + dt.timedelta(days=1))
        )
    if filters.status:
        conditions.append(Consultation.status == filters.status)
    if filters.adviser_id is not None:
        conditions.append(Consultation.adviser_id == filters.adviser_id)
    if filters.topic:
        conditions.append(
            exists()
            .where(consultation_topic.c.consultation_id == Consultation.id)
            .where(
                consultation_topic.c.topic_id
                == select(Topic.id).where(Topic.code == filters.topic).scalar_subquery()
            )
        )
    text = filters.text.strip()
    if text:
        pattern = f"%{_escape_like(text)}%"
        conditions.append(
            or_(
                Consultation.question.ilike(pattern, escape="\\"),
                Consultation.advice.ilike(pattern, escape="\\"),
            )
        )
    if after is not None:
        conditions.append(
            or_(
                Consultation.started_at < after.started_at,
                and_(Consultation.started_at == after.started_at, Consultation.id < after.id),
            )
        )
    return (
        select(
            Consultation.id,
            Consultation.started_at,
            Consultation.duration_minutes,
            UserAccount.full_name.label("adviser_name"),
            Consultation.status,
            Consultation.channel,
            Consultation.language,
            Consultation.residence_country,
            Consultation.work_country,
            Consultation.profile,
            Consultation.question,
        )
        .join(UserAccount, UserAccount.id == Consultation.adviser_id)
        .where(*conditions)
        .order_by(Consultation.started_at.desc(), Consultation.id.desc())
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` on the border's clock: a filtered day is the office's day."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=BORDER_ZONE)


def _topics_of(session: Session, ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not ids:
        return {}
    result: dict[int, list[str]] = {}
    for consultation_id, code in session.execute(
        select(consultation_topic.c.consultation_id, Topic.code)
        .join(Topic, Topic.id == consultation_topic.c.topic_id)
        .where(consultation_topic.c.consultation_id.in_(ids))
        .order_by(Topic.position)
    ):
        result.setdefault(consultation_id, []).append(code)
    return {key: tuple(value) for key, value in result.items()}
