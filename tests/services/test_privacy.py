"""Retention and erasure: personal data goes, the figures stay (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from grensdesk.bootstrap import Database
from grensdesk.models import (
    Citizen,
    Consultation,
    Escalation,
    EscalationMessage,
    Event,
    Letter,
    consultation_topic,
)
from grensdesk.services.consultations import (
    CitizenInput,
    ConsultationInput,
    get_consultation,
    save_consultation,
)
from grensdesk.services.context import BORDER_ZONE, Actor
from grensdesk.services.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from grensdesk.services.escalations import EscalationInput, escalate
from grensdesk.services.letter_verify import verify_pdf
from grensdesk.services.letters import LetterMismatchError, issue_letter, regenerate_letter
from grensdesk.services.privacy import anonymise_before, erase_citizen, retention_cutoff
from tests.services.letters_support import pdf_text

CUTOFF = dt.date(2025, 1, 1)


def _consult(database: Database, adviser: Actor, day: dt.date, name: str | None) -> int:
    started = dt.datetime.combine(day, dt.time(10), BORDER_ZONE)
    citizen = None if name is None else CitizenInput(full_name=name, email="x@example.org")
    saved = save_consultation(
        database.sessions,
        adviser,
        ConsultationInput(
            started_at=started,
            duration_minutes=25,
            channel="walk_in",
            language="nl",
            residence_country="NL",
            work_country="DE",
            profile="frontier_worker",
            topics=("tax", "health_insurance"),
            question=f"Vraag van {name}",
            advice="Advies met details",
            citizen=citizen,
        ),
    )
    return saved.id


def _figures(database: Database) -> tuple[object, ...]:
    """What a report counts: consultations per channel/profile/direction, minutes, topics."""
    with database.sessions() as session:
        per_kind = session.execute(
            select(
                Consultation.channel,
                Consultation.profile,
                Consultation.residence_country,
                Consultation.work_country,
                func.count(),
                func.sum(Consultation.duration_minutes),
            ).group_by(
                Consultation.channel,
                Consultation.profile,
                Consultation.residence_country,
                Consultation.work_country,
            )
        ).all()
        topics = session.scalar(select(func.count()).select_from(consultation_topic))
    return tuple(per_kind), topics


def test_anonymising_empties_old_notes_and_scrubs_citizens_but_keeps_the_figures(
    database: Database, adviser: Actor, admin: Actor
) -> None:
    old_only = _consult(database, adviser, dt.date(2024, 6, 3), "Łukasz Wiśniewski")
    old_anonymous = _consult(database, adviser, dt.date(2024, 12, 31), None)
    recent = _consult(database, adviser, dt.date(2025, 1, 1), "Zoë Van den Bossche")
    figures = _figures(database)

    dry = anonymise_before(database.sessions, admin, CUTOFF, dry_run=True)
    assert (dry.consultations, dry.citizens, dry.dry_run) == (2, 1, True)
    assert get_consultation(database.sessions, adviser, old_only).data.question != ""

    done = anonymise_before(database.sessions, admin, CUTOFF)
    assert (done.consultations, done.citizens, done.dry_run) == (2, 1, False)

    for consultation_id in (old_only, old_anonymous):
        data = get_consultation(database.sessions, adviser, consultation_id).data
        assert (data.question, data.advice, data.citizen) == ("", "", None)
    kept = get_consultation(database.sessions, adviser, recent).data
    assert kept.question == "Vraag van Zoë Van den Bossche"
    assert kept.citizen is not None and kept.citizen.full_name == "Zoë Van den Bossche"
    with database.sessions() as session:
        names = session.scalars(select(Citizen.full_name).order_by(Citizen.id)).all()
        assert "Łukasz Wiśniewski" not in names
        scrubbed = session.scalar(select(func.count()).where(Citizen.anonymised_at.is_not(None)))
        assert scrubbed == 1
        event = session.scalars(select(Event).where(Event.kind == "privacy.anonymised")).one()
        assert "consultations=2" in event.detail and event.actor_id == admin.user_id
    assert _figures(database) == figures
    # A second run finds nothing left to do.
    again = anonymise_before(database.sessions, admin, CUTOFF)
    assert (again.consultations, again.citizens) == (0, 0)


def test_a_citizen_who_came_back_recently_keeps_their_details(
    database: Database, adviser: Actor, admin: Actor
) -> None:
    first = _consult(database, adviser, dt.date(2024, 3, 1), "Şükrü Öztürk")
    detail = get_consultation(database.sessions, adviser, first)
    assert detail.data.citizen is not None
    with database.sessions.begin() as session:
        citizen_id = session.scalar(select(Consultation.citizen_id).where(Consultation.id == first))
        later = _consult(database, adviser, dt.date(2025, 5, 1), None)
        session.execute(
            Consultation.__table__.update()
            .where(Consultation.id == later)
            .values(citizen_id=citizen_id)
        )

    result = anonymise_before(database.sessions, admin, CUTOFF)

    assert (result.consultations, result.citizens) == (1, 0)
    with database.sessions() as session:
        assert session.scalar(select(Citizen.full_name).where(Citizen.id == citizen_id)) == (
            "Şükrü Öztürk"
        )


def test_an_open_form_cannot_write_anonymised_notes_back(
    database: Database, adviser: Actor, admin: Actor
) -> None:
    consultation_id = _consult(database, adviser, dt.date(2024, 2, 2), None)
    opened = get_consultation(database.sessions, adviser, consultation_id)

    anonymise_before(database.sessions, admin, CUTOFF)

    with pytest.raises(ConflictError):
        save_consultation(
            database.sessions,
            adviser,
            opened.data,
            consultation_id=consultation_id,
            expected_version=opened.version,
        )


def test_erasing_a_citizen_keeps_the_consultation_and_its_figures(
    database: Database, adviser: Actor, admin: Actor
) -> None:
    consultation_id = _consult(database, adviser, dt.date(2025, 6, 1), "Müller-Lüdenscheidt")
    figures = _figures(database)
    with database.sessions() as session:
        citizen_id = session.scalar(
            select(Consultation.citizen_id).where(Consultation.id == consultation_id)
        )
    assert citizen_id is not None

    assert erase_citizen(database.sessions, admin, citizen_id) == 1

    with database.sessions() as session:
        assert session.get(Citizen, citizen_id) is None
        assert (
            session.scalars(select(Event.kind).where(Event.entity_id == citizen_id)).all()[-1]
            == "citizen.erased"
        )
    assert get_consultation(database.sessions, adviser, consultation_id).data.citizen is None
    assert _figures(database) == figures
    with pytest.raises(NotFoundError, match=f"Unknown citizen {citizen_id}"):
        erase_citizen(database.sessions, admin, citizen_id)


def test_only_administrators_and_no_future_cut_off(
    database: Database, adviser: Actor, admin: Actor
) -> None:
    with pytest.raises(PermissionDeniedError):
        anonymise_before(database.sessions, adviser, CUTOFF)
    with pytest.raises(PermissionDeniedError):
        erase_citizen(database.sessions, adviser, 1)
    tomorrow = dt.datetime.now(BORDER_ZONE).date() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        anonymise_before(database.sessions, admin, tomorrow)


@pytest.mark.parametrize(
    ("today", "months", "cutoff"),
    [
        (dt.date(2026, 11, 28), 24, dt.date(2024, 11, 28)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
    ],
)
def test_the_retention_cutoff_counts_calendar_months(
    today: dt.date, months: int, cutoff: dt.date
) -> None:
    assert retention_cutoff(today, months) == cutoff


def test_a_retention_period_below_one_month_is_refused() -> None:
    with pytest.raises(ValidationError):
        retention_cutoff(dt.date(2026, 1, 1), 0)


def test_a_letter_keeps_its_proof_but_loses_the_personal_data(
    database: Database, adviser: Actor, admin: Actor
) -> None:
    consultation_id = _consult(database, adviser, dt.date(2024, 4, 4), "Łukasz Wiśniewski")
    issued = issue_letter(database.sessions, adviser, consultation_id, "de")
    assert "Wiśniewski" in pdf_text(issued.pdf)

    result = anonymise_before(database.sessions, admin, CUTOFF)

    assert result.letters == 1
    with database.sessions() as session:
        letter = session.get(Letter, issued.summary.id)
        assert letter is not None and letter.anonymised_at is not None
        assert "Wiśniewski" not in letter.snapshot and "Vraag van" not in letter.snapshot
        assert letter.sha256 == issued.summary.sha256
    with pytest.raises(LetterMismatchError, match="removed"):
        regenerate_letter(database.sessions, adviser, issued.summary.id)
    proof = verify_pdf(database.sessions, issued.pdf)
    assert proof.letter is not None and proof.letter.reference == issued.summary.reference


def test_erasing_a_citizen_scrubs_their_letters(
    database: Database, adviser: Actor, admin: Actor
) -> None:
    consultation_id = _consult(database, adviser, dt.date(2025, 9, 9), "Zoë Van den Bossche")
    issued = issue_letter(database.sessions, adviser, consultation_id, "nl")
    with database.sessions() as session:
        citizen_id = session.scalar(
            select(Consultation.citizen_id).where(Consultation.id == consultation_id)
        )
    assert citizen_id is not None

    erase_citizen(database.sessions, admin, citizen_id)

    with database.sessions() as session:
        letter = session.get(Letter, issued.summary.id)
        assert letter is not None and "Bossche" not in letter.snapshot


def test_finished_escalations_lose_their_texts_open_ones_keep_them(
    database: Database, adviser: Actor, admin: Actor
) -> None:
    finished = escalate(
        database.sessions,
        adviser,
        _consult(database, adviser, dt.date(2024, 5, 5), "Jürgen Krüger"),
        EscalationInput(topic="tax", question="Jürgen Krüger, Gronau: welke heffing?"),
        today=dt.date(2024, 5, 6),
    )
    still_open = escalate(
        database.sessions,
        adviser,
        _consult(database, adviser, dt.date(2024, 6, 6), None),
        EscalationInput(topic="tax", question="Nog open", checked_already="Verdrag gelezen"),
        today=dt.date(2024, 6, 7),
    )
    with database.sessions.begin() as session:
        session.execute(
            update(Escalation).where(Escalation.id == finished.id).values(status="closed")
        )

    result = anonymise_before(database.sessions, admin, CUTOFF)

    assert result.escalations == 1
    with database.sessions() as session:
        rows = dict(session.execute(select(Escalation.id, Escalation.question)).all())
        assert rows == {finished.id: "", still_open.id: "Nog open"}
        texts = session.scalars(
            select(EscalationMessage.text).where(EscalationMessage.escalation_id == finished.id)
        ).all()
        assert all(text == "" for text in texts)
