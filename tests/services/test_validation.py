"""The rules of a consultation, and the identifiers that must not end up in notes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from grensdesk.services.consultations import CitizenInput, ConsultationInput
from grensdesk.services.validation import (
    consultation_problems,
    email_problem,
    find_identifiers,
    normalise_phone,
    phone_problem,
    postcode_problem,
)

TODAY = dt.date(2026, 3, 16)
STARTED = dt.datetime(2026, 3, 16, 9, 30, tzinfo=dt.UTC)
VALID = ConsultationInput(
    started_at=STARTED,
    duration_minutes=30,
    channel="walk_in",
    language="nl",
    residence_country="BE",
    residence_region="Vlaanderen",
    work_country="NL",
    profile="frontier_worker",
    topics=("tax",),
)
CITIZEN = CitizenInput(full_name="Ann-Sofie Peeters", country="BE", language="nl")


def problems_of(data: ConsultationInput, today: dt.date = TODAY) -> dict[str | None, str]:
    return {problem.field: str(problem) for problem in consultation_problems(data, today)}


def test_a_complete_consultation_has_no_problems() -> None:
    full = dataclasses.replace(
        VALID,
        home_work_percent=40,
        question="Pensioen na 20 jaar in België",
        advice="Brochure meegegeven.",
        follow_up_on=TODAY + dt.timedelta(days=14),
        status="follow_up",
        citizen=dataclasses.replace(
            CITIZEN,
            email="ann-sofie@example.be",
            phone="014 41 12 34",
            street="Grensweg 12",
            postcode="2300",
            town="Turnhout",
        ),
    )
    assert problems_of(full) == {}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"started_at": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)},
            "started_at",
            "A consultation cannot be dated in the future.",
        ),
        (
            {"started_at": dt.datetime(2026, 3, 16, 9, 30)},
            "started_at",
            "A consultation cannot be dated in the future.",
        ),
        ({"duration_minutes": 601}, "duration_minutes", "between 0 and 600 minutes"),
        ({"duration_minutes": -1}, "duration_minutes", "between 0 and 600 minutes"),
        ({"channel": "fax"}, "channel", "Choose one of the listed values."),
        ({"language": "es"}, "language", "Choose one of the listed values."),
        (
            {"residence_country": "FR", "residence_region": None},
            "residence_country",
            "Choose one of the listed values.",
        ),
        ({"work_country": "LU"}, "work_country", "Choose one of the listed values."),
        ({"profile": "tourist"}, "profile", "Choose one of the listed values."),
        ({"status": "done"}, "status", "Choose one of the listed values."),
        (
            {"residence_region": "NRW"},
            "residence_region",
            "NRW is not a region of BE.",
        ),
        (
            {"work_region": "Vlaanderen"},
            "work_region",
            "Vlaanderen is not a region of NL.",
        ),
        ({"home_work_percent": 101}, "home_work_percent", "between 0 and 100%"),
        ({"topics": ()}, "topics", "Choose at least one topic."),
        (
            {"question": "q" * 4_001},
            "question",
            "At most 4000 characters; this text has 4001.",
        ),
        (
            {"advice": "a" * 8_001},
            "advice",
            "At most 8000 characters; this text has 8001.",
        ),
        (
            {"follow_up_on": dt.date(2026, 3, 15)},
            "follow_up_on",
            "The follow-up date lies before the consultation.",
        ),
        (
            {"follow_up_on": TODAY + dt.timedelta(days=2 * 366 + 1)},
            "follow_up_on",
            "The follow-up date is more than two years away.",
        ),
        ({"status": "follow_up"}, "follow_up_on", "Give the date for the follow-up."),
    ],
)
def test_each_rule_has_its_field_and_message(
    change: dict[str, object], field: str, message: str
) -> None:
    found = problems_of(dataclasses.replace(VALID, **change))  # type: ignore[arg-type]
    assert list(found) == [field]
    assert message in found[field]


def test_a_few_minutes_ahead_is_a_clock_difference_not_the_future() -> None:
    ahead = dataclasses.replace(VALID, started_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5))
    assert problems_of(ahead, dt.date.today()) == {}


def test_regions_belong_to_their_country() -> None:
    for country, region in (("DE", "NRW"), ("DE", "Niedersachsen"), ("BE", "Wallonië")):
        data = dataclasses.replace(VALID, residence_country=country, residence_region=region)
        assert problems_of(data) == {}
    # The Netherlands is counted without regions; an empty region is no region.
    assert problems_of(dataclasses.replace(VALID, work_region="")) == {}


def test_every_problem_is_reported_at_once() -> None:
    broken = dataclasses.replace(VALID, channel="fax", topics=(), home_work_percent=-1)
    assert set(problems_of(broken)) == {"channel", "topics", "home_work_percent"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"full_name": "   "}, "full_name", "The citizen's name is required."),
        ({"full_name": "n" * 201}, "full_name", "At most 200 characters"),
        ({"email": "ann@@example.be"}, "email", "This is not a valid e-mail address."),
        ({"phone": "014 41"}, "phone", "This is not a valid phone number for BE."),
        ({"phone": "+33 1 42 68 53 00"}, "phone", "Give a Dutch, German or Belgian phone number."),
        ({"phone": "call me"}, "phone", "This is not a phone number."),
        ({"postcode": "23000"}, "postcode", "A postcode in BE looks like 2300."),
        ({"street": "s" * 201}, "street", "At most 200 characters"),
        ({"town": "t" * 101}, "town", "At most 100 characters"),
        ({"email": "e" * 190 + "@example.de"}, "email", "At most 200 characters"),
        ({"language": "pl"}, "citizen_language", "Choose one of the listed values."),
    ],
)
def test_citizen_rules(change: dict[str, object], field: str, message: str) -> None:
    citizen = dataclasses.replace(CITIZEN, **change)  # type: ignore[arg-type]
    found = problems_of(dataclasses.replace(VALID, citizen=citizen))
    assert list(found) == [field]
    assert message in found[field]


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("j.krueger@example.de", True),
        ("ann-sofie.peeters@gemeente.be", True),
        ("jürgen@müller.de", True),
        ("no-at-sign.example.nl", False),
        ("two@@example.nl", False),
        ("trailing-dot@example.", False),
        ("", False),
    ],
)
def test_email_addresses(address: str, valid: bool) -> None:
    message = email_problem(address)
    assert (message is None) == valid
    if not valid:
        assert message == "This is not a valid e-mail address."


@pytest.mark.parametrize(
    ("number", "country"),
    [
        ("+31 6 12345678", "NL"),
        ("06 12345678", "NL"),
        ("053 480 1234", "NL"),
        ("+49 2562 12345", "DE"),
        ("0241 8060", "DE"),
        ("+49 151 23456789", "DE"),
        ("014 41 12 34", "BE"),
        ("+32 470 12 34 56", "BE"),
        # The citizen's country guides local numbers; a full number may be any of the three.
        ("+31 6 12345678", "BE"),
    ],
)
def test_valid_phone_numbers(number: str, country: str) -> None:
    assert phone_problem(number, country) is None


@pytest.mark.parametrize(
    ("number", "country", "message"),
    [
        ("06 1234", "NL", "This is not a valid phone number for NL."),
        ("+31 6 1234", "NL", "This is not a valid phone number for NL."),
        ("+49 2562 1", "DE", "This is not a valid phone number for DE."),
        ("014 41", "BE", "This is not a valid phone number for BE."),
        ("+33 1 42 68 53 00", "NL", "Give a Dutch, German or Belgian phone number."),
        ("+44 20 7946 0958", "BE", "Give a Dutch, German or Belgian phone number."),
        ("bel me", "NL", "This is not a phone number."),
    ],
)
def test_invalid_phone_numbers(number: str, country: str, message: str) -> None:
    assert phone_problem(number, country) == message


def test_phone_numbers_are_written_the_same_however_typed() -> None:
    assert normalise_phone("0612345678", "NL") == normalise_phone("+31 6 12 34 56 78", "DE")
    assert normalise_phone("0612345678", "NL") == "+31 6 12345678"


@pytest.mark.parametrize(
    ("postcode", "country", "valid"),
    [
        ("1234 AB", "NL", True),
        ("1234AB", "NL", True),
        ("7511 ja", "NL", True),
        ("0123 AB", "NL", False),
        ("1234 A", "NL", False),
        ("12345", "NL", False),
        ("48599", "DE", True),
        ("01067", "DE", True),
        ("4859", "DE", False),
        ("48599 Gronau", "DE", False),
        ("2300", "BE", True),
        ("0300", "BE", False),
        ("23000", "BE", False),
    ],
)
def test_postcodes(postcode: str, country: str, valid: bool) -> None:
    message = postcode_problem(postcode, country)
    assert (message is None) == valid
    if not valid:
        example = {"NL": "1234 AB", "DE": "52062", "BE": "2300"}[country]
        assert message == f"A postcode in {country} looks like {example}."


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Haar BSN is 111222333, graag bewaren", "bsn", "111222333"),
        ("BSN 1112.22.333", "bsn", "1112.22.333"),
        ("rekening NL91 ABNA 0417 1643 00 voor de teruggave", "iban", "NL91 ABNA 0417 1643 00"),
        ("iban nl91abna0417164300", "iban", "NL91ABNA0417164300"),
        ("rijksregisternummer 85.07.30-000.61", "be_nn", "85.07.30-000.61"),
        ("Steuer-ID 86095742719 liegt vor", "de_idnr", "86095742719"),
    ],
)
def test_identifiers_in_notes_are_found(text: str, kind: str, found: str) -> None:
    hits = find_identifiers(text)
    assert [(hit.kind, hit.text) for hit in hits] == [(kind, found)]
    assert hits[0].label  # named for the adviser, in the UI language


@pytest.mark.parametrize(
    "text",
    [
        "klantnummer 123456789",  # nine digits failing the eleven-test: not a BSN
        "Bel 0612345678 of 053-4801234",
        "+49 2562 123456",
        "afspraak op 14-03-2025 om 10:30, vervolg 2025-03-28",
        "7511 JA Enschede, 48599 Gronau, 2300 Turnhout",
        "bruto € 3.456,78 per maand, 12 maanden, 1.234.567 euro vermogen",
        "dossier 12345678901 van de Belastingdienst",
        "NL00 ABNA 0000 0000 00",
        "",
    ],
)
def test_ordinary_numbers_are_not_flagged(text: str) -> None:
    assert find_identifiers(text) == []


def test_each_identifier_is_reported_once() -> None:
    hits = find_identifiers("BSN 111222333, nogmaals: 111222333; Steuer-ID 86095742719")
    assert [hit.kind for hit in hits] == ["de_idnr", "bsn"]
