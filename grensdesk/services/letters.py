"""Advice letters: issue one, list a consultation's letters, make one again, check a file.

Issuing gathers every input into a snapshot (``letter_content``), renders the PDF from
it (``letter_pdf``) and records the snapshot, the cited versions and the PDF's SHA-256
in one transaction with a ``letter.issued`` event. Regenerating renders the stored
snapshot and proves the bytes are the ones issued.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.models import LANGUAGES, Citizen, Consultation, Letter, LetterComparison, Office
from grensdesk.services.context import BORDER_ZONE, Actor, require_role
from grensdesk.services.errors import (
    NotFoundError,
    PermissionDeniedError,
    ServiceError,
    ValidationError,
)
from grensdesk.services.events import record_event
from grensdesk.services.letter_content import LetterContent, gather_content
from grensdesk.services.letter_pdf import render_letter

# Two advisers of one office issuing in the same instant race for the next number.
NUMBER_ATTEMPTS: Final = 5


class LetterMismatchError(ServiceError):
    """A stored letter no longer renders to the bytes that were issued."""


@dataclass(frozen=True)
class LetterSummary:
    id: int
    reference: str
    consultation_id: int
    language: str
    locale: str
    created_at: dt.datetime
    created_by_name: str
    sha256: str
    size_bytes: int
    page_count: int
    comparison_version_ids: tuple[int, ...]
    answer_id: int | None


@dataclass(frozen=True)
class LetterPdf:
    summary: LetterSummary
    pdf: bytes


def check_letter_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError(
            _("A letter can be written in {languages}, not in {language}.").format(
                languages=", ".join(LANGUAGES), language=language
            ),
            field="language",
        )


def default_language(sessions: sessionmaker[Session], actor: Actor, consultation_id: int) -> str:
    """The citizen's letter language, else the language the consultation was held in."""
    with sessions() as session:
        consultation = _consultation(session, actor, consultation_id)
        citizen = (
            session.get(Citizen, consultation.citizen_id)
            if consultation.citizen_id is not None
            else None
        )
        return citizen.language if citizen is not None else consultation.language


def preview_letter(
    sessions: sessionmaker[Session],
    actor: Actor,
    consultation_id: int,
    language: str,
    *,
    now: dt.datetime | None = None,
) -> bytes:
    """The letter as it would be issued now, marked as a draft; nothing is recorded."""
    require_role(actor, "adviser")
    check_letter_language(language)
    with sessions() as session:
        consultation = _consultation(session, actor, consultation_id)
        content = gather_content(
            session,
            consultation,
            language,
            reference=_draft_reference(language),
            issued_at=now or dt.datetime.now(dt.UTC),
            issued_by=actor.full_name,
        )
    return render_letter(content).pdf


def _draft_reference(language: str) -> str:
    from grensdesk.i18n import translate_in

    return translate_in(language, "DRAFT – not issued")


def issue_letter(
    sessions: sessionmaker[Session],
    actor: Actor,
    consultation_id: int,
    language: str | None = None,
    *,
    now: dt.datetime | None = None,
) -> LetterPdf:
    """Write the letter, record it with its snapshot and hash, and return the PDF."""
    require_role(actor, "adviser")
    if language is not None:
        check_letter_language(language)
    issued_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            return _issue(sessions, actor, consultation_id, language, issued_at)
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _issue(
    sessions: sessionmaker[Session],
    actor: Actor,
    consultation_id: int,
    language: str | None,
    issued_at: dt.datetime,
) -> LetterPdf:
    with sessions.begin() as session:
        consultation = _consultation(session, actor, consultation_id)
        if language is None:
            citizen = (
                session.get(Citizen, consultation.citizen_id)
                if consultation.citizen_id is not None
                else None
            )
            language = citizen.language if citizen is not None else consultation.language
        office = session.get(Office, consultation.office_id)
        assert office is not None
        year = issued_at.astimezone(BORDER_ZONE).year
        sequence = 1 + (
            session.scalar(
                select(func.max(Letter.sequence)).where(
                    Letter.office_id == office.id, Letter.year == year
                )
            )
            or 0
        )
        reference = f"{office.code}/{year}/{sequence:04d}"
        content = gather_content(
            session,
            consultation,
            language,
            reference=reference,
            issued_at=issued_at,
            issued_by=actor.full_name,
        )
        rendered = render_letter(content)
        row = Letter(
            consultation_id=consultation.id,
            office_id=office.id,
            year=year,
            sequence=sequence,
            reference=reference,
            language=language,
            locale=content.locale,
            answer_id=content.answer_id,
            snapshot=content.to_json(),
            sha256=hashlib.sha256(rendered.pdf).hexdigest(),
            size_bytes=len(rendered.pdf),
            page_count=rendered.page_count,
            created_by_id=actor.user_id,
            created_by_name=actor.full_name,
            created_at=issued_at,
        )
        session.add(row)
        session.flush()
        for position, version_id in enumerate(content.comparison_version_ids):
            session.add(
                LetterComparison(
                    letter_id=row.id, comparison_version_id=version_id, position=position
                )
            )
        record_event(
            session,
            "letter.issued",
            "letter",
            row.id,
            office_id=office.id,
            actor_id=actor.user_id,
            detail=f"reference={reference} consultation={consultation.id} "
            f"language={language} sha256={row.sha256}",
        )
        session.flush()
        return LetterPdf(summary_of(row, content.comparison_version_ids), rendered.pdf)


def list_letters(
    sessions: sessionmaker[Session], actor: Actor, consultation_id: int
) -> list[LetterSummary]:
    """The consultation's letters, newest first."""
    require_role(actor, "adviser", "coordinator")
    with sessions() as session:
        _consultation(session, actor, consultation_id)
        rows = session.scalars(
            select(Letter)
            .where(Letter.consultation_id == consultation_id)
            .order_by(Letter.created_at.desc(), Letter.id.desc())
        ).all()
        cited = cited_versions(session, [row.id for row in rows])
        return [summary_of(row, cited.get(row.id, ())) for row in rows]


def regenerate_letter(sessions: sessionmaker[Session], actor: Actor, letter_id: int) -> LetterPdf:
    """The issued letter again, from its snapshot only, proven identical by its hash."""
    require_role(actor, "adviser", "coordinator")
    with sessions.begin() as session:
        row = session.get(Letter, letter_id)
        if row is None:
            raise NotFoundError(_("Letter {id} does not exist.").format(id=letter_id))
        if row.office_id != actor.office_id and not actor.is_system:
            raise PermissionDeniedError(_("This letter belongs to another office."))
        if row.anonymised_at is not None:
            raise LetterMismatchError(
                _(
                    "The personal data of letter {reference} was removed on {day} (retention "
                    "or erasure). The file can still be verified, but not printed again."
                ).format(reference=row.reference, day=i18n.format_date(row.anonymised_at))
            )
        pdf = render_letter(LetterContent.from_json(row.snapshot)).pdf
        if hashlib.sha256(pdf).hexdigest() != row.sha256:
            raise LetterMismatchError(
                _(
                    "Letter {reference} no longer renders to the PDF that was issued; "
                    "this GrensDesk lays letters out differently. Ask the administrator."
                ).format(reference=row.reference)
            )
        record_event(
            session, "letter.regenerated", "letter", row.id, office_id=row.office_id,
            actor_id=actor.user_id, detail=f"reference={row.reference}",
        )  # fmt: skip
        cited = cited_versions(session, [row.id])
        return LetterPdf(summary_of(row, cited.get(row.id, ())), pdf)


def _consultation(session: Session, actor: Actor, consultation_id: int) -> Consultation:
    row = session.get(Consultation, consultation_id)
    if row is None:
        raise NotFoundError(_("Consultation {id} does not exist.").format(id=consultation_id))
    if row.office_id != actor.office_id and not actor.is_system:
        raise PermissionDeniedError(_("This consultation belongs to another office."))
    return row


def cited_versions(session: Session, letter_ids: list[int]) -> dict[int, tuple[int, ...]]:
    if not letter_ids:
        return {}
    found: dict[int, list[int]] = {}
    for letter_id, version_id in session.execute(
        select(LetterComparison.letter_id, LetterComparison.comparison_version_id)
        .where(LetterComparison.letter_id.in_(letter_ids))
        .order_by(LetterComparison.letter_id, LetterComparison.position)
    ):
        found.setdefault(letter_id, []).append(version_id)
    return {key: tuple(value) for key, value in found.items()}


def summary_of(row: Letter, cited: tuple[int, ...]) -> LetterSummary:
    return LetterSummary(
        id=row.id,
        reference=row.reference,
        consultation_id=row.consultation_id,
        language=row.language,
        locale=row.locale,
        created_at=row.created_at,
        created_by_name=row.created_by_name,
        sha256=row.sha256,
        size_bytes=row.size_bytes,
        page_count=row.page_count,
        comparison_version_ids=cited,
        answer_id=row.answer_id,
    )
