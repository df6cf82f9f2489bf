"""Issuing advice letters, on SQLite and PostgreSQL: content, languages, records, proof."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import threading

import pytest
from sqlalchemy import select

from grensdesk.bootstrap import Database
from grensdesk.i18n import format_date, translate_in
from grensdesk.models import (
    ComparisonVersion,
    Event,
    Letter,
    LetterComparison,
)
from grensdesk.services.context import BORDER_ZONE, Actor
from grensdesk.services.errors import NotFoundError, PermissionDeniedError, ValidationError
from grensdesk.services.escalations import (
    EscalationInput,
    add_internal_note,
    answer,
    claim,
    escalate,
)
from grensdesk.services.knowledge_editorial import (
    draft_new_version,
    publish,
    submit_for_review,
    update_draft,
)
from grensdesk.services.letter_content import DISCLAIMER, LABELS, letter_locale
from grensdesk.services.letter_verify import verify_pdf
from grensdesk.services.letters import (
    default_language,
    issue_letter,
    list_letters,
    preview_letter,
    regenerate_letter,
)
from tests.conftest import sign_in_as
from tests.services.letters_support import (
    ISSUED,
    NAMES,
    comparison_content,
    consultation_input,
    consultation_with_comparison,
    page_texts,
    pdf_text,
)

# Babel's long dates and percentages in each letter's locale (28 Nov 2026, 40 %).
EXPECTED = {
    "nl": ("28 november 2026", "40%", "nl_NL"),
    "de": ("28. November 2026", "40 %", "de_DE"),
    "fr": ("28 novembre 2026", "40 %", "fr_BE"),
    "en": ("28 November 2026", "40%", "en_GB"),
}


def plain(text: str) -> str:
    """Extracted text with every kind of space as one space (Babel uses narrow ones)."""
    return re.sub(r"[ \u00a0\u202f]+", " ", text)


@pytest.mark.parametrize("language", ["nl", "de", "fr", "en"])
def test_a_letter_in_each_language_says_everything_in_that_language(
    database: Database, adviser: Actor, language: str
) -> None:
    name = NAMES[["nl", "de", "fr", "en"].index(language)]
    data = consultation_input(
        name=name,
        language=language,
        advice="Also present: " + ", ".join(NAMES) + ".",
    )
    consultation_id, version_id = consultation_with_comparison(database, adviser, data)

    letter = issue_letter(database.sessions, adviser, consultation_id, language, now=ISSUED)

    text = plain(pdf_text(letter.pdf))
    date, percent, locale = EXPECTED[language]
    assert letter.summary.locale == locale
    for each in NAMES:
        assert each in text
    assert translate_in(language, "Dear {name},").format(name=name) in text
    assert date in text
    assert percent in text
    assert plain(translate_in(language, DISCLAIMER))[:60] in text
    assert translate_in(language, LABELS["comparisons"]) in text
    # The version cited, in the letter's language where it exists, else marked as Dutch.
    if language == "de":
        assert "Krankenversicherung für Grenzgänger" in text and "2.111,89 €" in text
    else:
        assert "Zorgverzekering voor grensarbeiders" in text
        assert "€ 2.111,89" in text
    if language in ("fr", "en"):
        assert {"fr": "néerlandais", "en": "Dutch"}[language] in text
    assert "https://www.cz.nl/verdragspolis" in text
    assert letter.summary.comparison_version_ids == (version_id,)
    assert "<" not in text and "&amp;" not in text


def test_user_text_prints_literally_and_never_as_markup(database: Database, adviser: Actor) -> None:
    notes = 'Bring <b>both</b> payslips & the <font color="red">S1</font>; <para>not</para> <br/>'
    data = consultation_input(question=notes, advice="A & B <i>x</i> </para>")
    consultation_id, _ = consultation_with_comparison(database, adviser, data)

    text = " ".join(
        pdf_text(issue_letter(database.sessions, adviser, consultation_id, "en").pdf).split()
    )

    assert notes in text
    assert "A & B <i>x</i> </para>" in text


def test_empty_optional_parts_leave_no_labels(database: Database, adviser: Actor) -> None:
    from grensdesk.services.consultations import save_consultation

    data = dataclasses.replace(
        consultation_input(with_citizen=False, question="", advice=""), home_work_percent=None
    )
    detail = save_consultation(database.sessions, adviser, data)

    text = pdf_text(issue_letter(database.sessions, adviser, detail.id, "en").pdf)

    for label in ("question", "advice", "comparisons", "sources", "legal_basis", "answer"):
        assert LABELS[label] not in text
    assert "from home" not in text
    assert "Dear Sir or Madam," in text
    assert "Your situation" in text and "Next steps" in text


def test_long_notes_flow_onto_further_pages_numbered_x_of_y(
    database: Database, adviser: Actor
) -> None:
    paragraphs = [f"Paragraph {n}: " + "the rules differ on each side. " * 8 for n in range(30)]
    data = consultation_input(
        question="\n\n".join(paragraphs[:15]), advice="\n\n".join(paragraphs[15:])
    )
    consultation_id, _ = consultation_with_comparison(database, adviser, data)

    letter = issue_letter(database.sessions, adviser, consultation_id, "en")

    pages = page_texts(letter.pdf)
    assert len(pages) == letter.summary.page_count >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert "Paragraph 29:" in "".join(pages)


def test_the_letter_is_recorded_with_snapshot_hash_citations_and_an_event(
    database: Database, adviser: Actor
) -> None:
    consultation_id, version_id = consultation_with_comparison(database, adviser)

    first = issue_letter(database.sessions, adviser, consultation_id, "de", now=ISSUED)
    second = issue_letter(database.sessions, adviser, consultation_id, "nl", now=ISSUED)

    assert first.summary.reference == "GIP-EUREGIO/2026/0001"
    assert second.summary.reference == "GIP-EUREGIO/2026/0002"
    assert first.summary.sha256 == hashlib.sha256(first.pdf).hexdigest()
    with database.sessions() as session:
        row = session.get(Letter, first.summary.id)
        assert row is not None
        snapshot = json.loads(row.snapshot)
        assert snapshot["comparison_version_ids"] == [version_id]
        assert snapshot["language"] == "de" and snapshot["issued_at"].startswith("2026-11-28")
        assert row.created_by_name == "Anna de Vries"
        assert session.scalars(
            select(LetterComparison.comparison_version_id).where(
                LetterComparison.letter_id == row.id
            )
        ).all() == [version_id]
        kinds = session.scalars(
            select(Event.kind).where(Event.entity == "letter", Event.entity_id == row.id)
        ).all()
        assert kinds == ["letter.issued"]
    listed = list_letters(database.sessions, adviser, consultation_id)
    assert [letter.reference for letter in listed] == [
        "GIP-EUREGIO/2026/0002",
        "GIP-EUREGIO/2026/0001",
    ]


def test_a_letter_regenerates_byte_for_byte_after_its_comparison_changed(
    database: Database, adviser: Actor
) -> None:
    consultation_id, version_id = consultation_with_comparison(database, adviser)
    issued = issue_letter(database.sessions, adviser, consultation_id, "nl", now=ISSUED)
    markus, els = sign_in_as(database, "markus"), sign_in_as(database, "els")
    with database.sessions() as session:
        comparison_id = session.scalar(
            select(ComparisonVersion.comparison_id).where(ComparisonVersion.id == version_id)
        )
    assert comparison_id is not None
    draft = draft_new_version(database.sessions, els, comparison_id)
    changed = update_draft(
        database.sessions, els, draft.row.version_id, draft.lock_version,
        comparison_content("Nieuw: vraag eerst de A1-verklaring aan."),
    )  # fmt: skip
    review = submit_for_review(database.sessions, els, changed.row.version_id, changed.lock_version)
    publish(database.sessions, markus, review.row.version_id, review.lock_version)

    again = regenerate_letter(database.sessions, adviser, issued.summary.id)

    assert again.pdf == issued.pdf
    assert hashlib.sha256(again.pdf).hexdigest() == issued.summary.sha256
    assert "A1-verklaring" not in pdf_text(again.pdf)


def test_a_tampered_letter_is_caught_on_regeneration(database: Database, adviser: Actor) -> None:
    consultation_id, _ = consultation_with_comparison(database, adviser)
    issued = issue_letter(database.sessions, adviser, consultation_id, "en")
    with database.sessions.begin() as session:
        row = session.get(Letter, issued.summary.id)
        assert row is not None
        row.snapshot = row.snapshot.replace("Anna de Vries", "Someone Else")

    from grensdesk.services.letters import LetterMismatchError

    with pytest.raises(LetterMismatchError, match="no longer renders"):
        regenerate_letter(database.sessions, adviser, issued.summary.id)


def test_verify_names_the_letter_and_rejects_other_or_changed_files(
    database: Database, adviser: Actor
) -> None:
    consultation_id, _ = consultation_with_comparison(database, adviser)
    issued = issue_letter(database.sessions, adviser, consultation_id, "fr")

    found = verify_pdf(database.sessions, issued.pdf)
    assert found.letter is not None and found.letter.reference == issued.summary.reference
    assert found.letter.consultation_id == consultation_id and found.letter.language == "fr"

    altered = verify_pdf(database.sessions, issued.pdf + b"\n% changed\n")
    assert altered.letter is None
    assert altered.claimed_reference == issued.summary.reference

    other = verify_pdf(database.sessions, b"%PDF-1.4\n%%EOF\n")
    assert other.letter is None and other.claimed_reference is None


def test_the_back_office_answer_is_quoted_when_there_is_one(
    database: Database, adviser: Actor
) -> None:
    consultation_id, _ = consultation_with_comparison(database, adviser)
    without = pdf_text(issue_letter(database.sessions, adviser, consultation_id, "en").pdf)
    assert "Answer from" not in without
    markus = sign_in_as(database, "markus")  # SVB Bureau voor Duitse Zaken, health insurance
    question = EscalationInput(topic="health_insurance", question="S1 or not?")
    escalation = escalate(database.sessions, adviser, consultation_id, question)
    claimed = claim(database.sessions, markus, escalation.id)
    noted = add_internal_note(
        database.sessions, markus, claimed.id, claimed.version, "Internal only"
    )
    answered = answer(
        database.sessions, markus, noted.id, noted.version,
        "Yes: apply for the S1 <at once> & keep a copy.",
    )  # fmt: skip
    answered_on = format_date(dt.datetime.now(BORDER_ZONE).date(), "en_GB", "long")

    letter = issue_letter(database.sessions, adviser, consultation_id, "en", now=ISSUED)

    text = pdf_text(letter.pdf)
    assert f"Answer from SVB Bureau voor Duitse Zaken of {answered_on}" in text
    assert "Yes: apply for the S1 <at once> & keep a copy." in text
    assert "Internal only" not in text
    assert letter.summary.answer_id == answered.messages[-1].id


def test_next_steps_name_the_competent_organisations_of_the_situation(
    database: Database, adviser: Actor
) -> None:
    consultation_id, _ = consultation_with_comparison(database, adviser)

    text = pdf_text(issue_letter(database.sessions, adviser, consultation_id, "en").pdf)

    # Health insurance and social security, living in Germany, working in the Netherlands.
    assert "SVB Bureau voor Duitse Zaken" in text
    assert "CZ, orgaan van de woonplaats" in text
    assert "SVB Bureau voor Belgische Zaken" not in text  # another border
    assert "RIZIV" not in text  # Belgium is not in this situation
    assert "Competent for: Social security" in text


def test_the_default_language_is_the_citizens_and_bad_requests_are_refused(
    database: Database, adviser: Actor
) -> None:
    consultation_id, _ = consultation_with_comparison(
        database, adviser, consultation_input(language="nl")
    )
    assert default_language(database.sessions, adviser, consultation_id) == "nl"
    assert issue_letter(database.sessions, adviser, consultation_id).summary.language == "nl"
    with pytest.raises(ValidationError, match="not in es"):
        issue_letter(database.sessions, adviser, consultation_id, "es")
    with pytest.raises(NotFoundError):
        issue_letter(database.sessions, adviser, 987654, "nl")
    lukas = sign_in_as(database, "lukas")  # another office
    with pytest.raises(PermissionDeniedError):
        issue_letter(database.sessions, lukas, consultation_id, "nl")
    with pytest.raises(PermissionDeniedError):
        list_letters(database.sessions, lukas, consultation_id)


def test_a_preview_is_marked_as_a_draft_and_records_nothing(
    database: Database, adviser: Actor
) -> None:
    consultation_id, _ = consultation_with_comparison(database, adviser)

    pdf = preview_letter(database.sessions, adviser, consultation_id, "de", now=ISSUED)

    assert translate_in("de", "DRAFT – not issued") in pdf_text(pdf)
    assert list_letters(database.sessions, adviser, consultation_id) == []


def test_dutch_letters_follow_the_readers_country() -> None:
    assert letter_locale("nl", "BE") == "nl_BE"
    assert letter_locale("nl", "NL") == "nl_NL"
    assert letter_locale("nl", "DE") == "nl_NL"
    assert (letter_locale("fr", "NL"), letter_locale("de", "BE")) == ("fr_BE", "de_DE")
    assert letter_locale("en", "BE") == "en_GB"


def test_two_advisers_issuing_at_once_get_different_numbers(
    database: Database, adviser: Actor
) -> None:
    consultation_id, _ = consultation_with_comparison(database, adviser)
    start = threading.Barrier(2)
    references: list[str] = []
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            start.wait()
            letter = issue_letter(database.sessions, adviser, consultation_id, "en", now=ISSUED)
            references.append(letter.summary.reference)
        except BaseException as error:  # reported below, with the thread's failure
            errors.append(error)

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(references) == ["GIP-EUREGIO/2026/0001", "GIP-EUREGIO/2026/0002"]
