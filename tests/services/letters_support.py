"""Set-up shared by the letter tests: a consultation with a citizen and a cited comparison."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Final

from pypdf import PdfReader

from grensdesk.bootstrap import Database
from grensdesk.services import knowledge
from grensdesk.services.consultations import CitizenInput, ConsultationInput, save_consultation
from grensdesk.services.context import Actor
from grensdesk.services.knowledge import (
    Applicability,
    ComparisonContent,
    Texts,
    attach_to_consultation,
)
from grensdesk.services.knowledge_editorial import create_draft, publish, submit_for_review
from grensdesk.services.letter_content import (
    DISCLAIMER,
    LABELS,
    CitedComparison,
    Contact,
    LetterContent,
    Source,
)
from tests.conftest import sign_in_as

STARTED: Final = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
ISSUED: Final = dt.datetime(2026, 11, 28, 10, 15, tzinfo=dt.UTC)
NAMES: Final = (
    "Łukasz Wiśniewski",
    "Şükrü Öztürk",
    "Zoë Van den Bossche",
    "Müller-Lüdenscheidt",
)


def citizen(name: str = "Łukasz Wiśniewski", language: str = "de") -> CitizenInput:
    return CitizenInput(
        full_name=name,
        street="Bahnhofstraße 3",
        postcode="48599",
        town="Gronau",
        country="DE",
        language=language,
    )


def consultation_input(
    *,
    name: str = "Łukasz Wiśniewski",
    language: str = "de",
    question: str = "Wohnt in Gronau, arbeitet in Enschede: wo ist er krankenversichert?",
    advice: str = "Bei der Krankenkasse anmelden; Formular S1 bei CZ beantragen.",
    with_citizen: bool = True,
) -> ConsultationInput:
    return ConsultationInput(
        started_at=STARTED,
        duration_minutes=30,
        channel="walk_in",
        language=language,
        residence_country="DE",
        residence_region="NRW",
        work_country="NL",
        profile="frontier_worker",
        home_work_percent=40,
        topics=("health_insurance", "social_security"),
        question=question,
        advice=advice,
        citizen=citizen(name, language) if with_citizen else None,
    )


def comparison_content(practice_nl: str = "Vraag het S1-formulier aan.") -> ComparisonContent:
    return ComparisonContent(
        topic="health_insurance",
        neighbour_country="DE",
        valid_from=dt.date(2026, 1, 1),
        texts=(
            Texts(
                language="nl",
                title="Zorgverzekering voor grensarbeiders",
                dutch_rule="Werkt u in Nederland, dan bent u daar verzekerd (premie € 2.111,89).",
                neighbour_rule="In Duitsland meldt u zich met het S1 aan bij een Krankenkasse.",
                practice=practice_nl,
                legal_basis="Verordening (EG) 883/2004, art. 11",
            ),
            Texts(
                language="de",
                title="Krankenversicherung für Grenzgänger",
                dutch_rule="Wer in den Niederlanden arbeitet, ist dort versichert "
                "(Prämie 2.111,89 €).",
                neighbour_rule="In Deutschland melden Sie sich mit dem S1 bei einer "
                "Krankenkasse an.",
                practice="Beantragen Sie das Formular S1 bei CZ.",
                legal_basis="Verordnung (EG) 883/2004, Art. 11",
            ),
        ),
        sources=(knowledge.Source("CZ – Verdragspolis", "https://www.cz.nl/verdragspolis"),),
        applies_to=Applicability(residence=("DE",), work=("NL",)),
    )


def publish_comparison(database: Database, code: str = "letters-health-de") -> int:
    markus, els = sign_in_as(database, "markus"), sign_in_as(database, "els")
    draft = create_draft(database.sessions, markus, code, comparison_content())
    review = submit_for_review(database.sessions, markus, draft.row.version_id, draft.lock_version)
    return publish(
        database.sessions, els, review.row.version_id, review.lock_version
    ).row.version_id


def consultation_with_comparison(
    database: Database, adviser: Actor, data: ConsultationInput | None = None
) -> tuple[int, int]:
    """A saved consultation of ``adviser`` citing one published comparison version."""
    detail = save_consultation(database.sessions, adviser, data or consultation_input())
    version_id = publish_comparison(database)
    attach_to_consultation(database.sessions, adviser, detail.id, version_id)
    return detail.id, version_id


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def sample_content(**changes: object) -> LetterContent:
    """A letter's snapshot made by hand: the renderer's tests need no database."""
    labels = {key: message for key, message in LABELS.items()}
    content = LetterContent(
        format=1,
        reference="GIP-EUREGIO/2026/0042",
        consultation_id=7,
        language="en",
        locale="en_GB",
        issued_at="2026-11-28T10:15:00+00:00",
        issued_by="Anna de Vries",
        letterhead=Contact(
            name="GrenzInfoPunkt EUREGIO",
            address=("Enscheder Straße 362", "48599 Gronau"),
            phone="+49 2562 70 20",
            email="grenzinfo@euregio.eu",
            website="https://grenzinfo.eu",
        ),
        return_line="GrenzInfoPunkt EUREGIO · Enscheder Straße 362 · 48599 Gronau",
        recipient=("Şükrü Öztürk", "Bahnhofstraße 3", "7511 AB Enschede", "NETHERLANDS"),
        info=(("Reference", "GIP-EUREGIO/2026/0042"), ("Date", "28 November 2026")),
        subject="Your consultation at GrenzInfoPunkt EUREGIO on 24 November 2026",
        salutation="Dear Şükrü Öztürk,",
        situation="You live in Germany (NRW) and work in the Netherlands.",
        question="Where am I insured?",
        advice="Register with a Krankenkasse.",
        comparisons=(
            CitedComparison(
                version_id=3,
                heading="Health insurance (version 2, valid from 1 January 2026)",
                fallback_note="",
                dutch_rule="Insured in the Netherlands.",
                neighbour_label="In Germany",
                neighbour_rule="Member of a Krankenkasse.",
                practice="Apply for the S1.",
                legal_basis="Regulation (EC) 883/2004",
                sources=(Source("CZ", "https://www.cz.nl/verdragspolis"),),
            ),
        ),
        answer_heading="",
        answer="",
        next_steps_intro="The organisations below decide.",
        next_steps=(Contact(name="SVB Bureau voor Duitse Zaken", address=("Nijmegen",)),),
        closing="Kind regards,",
        adviser_name="Anna de Vries",
        adviser_office="GrenzInfoPunkt EUREGIO",
        disclaimer=DISCLAIMER,
        labels=labels,
        comparison_version_ids=(3,),
        answer_id=None,
    )
    return dataclasses.replace(content, **changes)  # type: ignore[arg-type]
