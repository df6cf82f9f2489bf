"""The rules a consultation must keep, and the identifiers that must not end up in notes.

Pure functions over plain values: the form calls them as the adviser types, the service
calls them again before saving, the import calls them per row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum import iban
from stdnum.be import nn as belgian_national_number
from stdnum.de import idnr as german_tax_id
from stdnum.nl import bsn

from grensdesk.i18n import N_, _
from grensdesk.models import (
    CHANNELS,
    CONSULTATION_STATUSES,
    COUNTRIES,
    LANGUAGES,
    PROFILES,
    REGIONS,
)
from grensdesk.services.errors import ValidationError

if TYPE_CHECKING:
    from grensdesk.services.consultations import CitizenInput, ConsultationInput

MAX_DURATION_MINUTES: Final = 600
MAX_QUESTION: Final = 4_000
MAX_ADVICE: Final = 8_000
MAX_NAME: Final = 200
MAX_ADDRESS_FIELD: Final = 200
# The citizen table's column widths (models/core.py): longer text fails on PostgreSQL.
MAX_TOWN: Final = 100
MAX_EMAIL: Final = 200
MAX_FOLLOW_UP_DAYS: Final = 2 * 366
# Clocks on two desks are never quite the same; a few minutes ahead is not "the future".
CLOCK_SLACK: Final = dt.timedelta(minutes=10)

POSTCODE_PATTERNS: Final = {
    "NL": re.compile(r"^[1-9][0-9]{3} ?[A-Z]{2}$"),
    "DE": re.compile(r"^[0-9]{5}$"),
    "BE": re.compile(r"^[1-9][0-9]{3}$"),
}
POSTCODE_EXAMPLES: Final = {"NL": "1234 AB", "DE": "52062", "BE": "2300"}

IDENTIFIER_LABELS: Final = {
    "bsn": N_("a Dutch citizen service number (BSN)"),
    "iban": N_("a bank account number (IBAN)"),
    "be_nn": N_("a Belgian national register number"),
    "de_idnr": N_("a German tax identification number (Steuer-ID)"),
}
_NINE_DIGITS: Final = re.compile(
    r"(?<![0-9])[0-9]{9}(?![0-9])|(?<![0-9])[0-9]{4}\.[0-9]{2}\.[0-9]{3}(?![0-9])"
)
_ELEVEN_DIGITS: Final = re.compile(r"(?<![0-9])[0-9]{11}(?![0-9])")
_BELGIAN_NN: Final = re.compile(
    r"(?<![0-9])[0-9]{2}\.?[0-9]{2}\.?[0-9]{2}[- ]?[0-9]{3}\.?[0-9]{2}(?![0-9])"
)
_IBAN: Final = re.compile(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b")


@dataclass(frozen=True)
class IdentifierHit:
    kind: str
    text: str

    @property
    def label(self) -> str:
        return _(IDENTIFIER_LABELS[self.kind])


def consultation_problems(data: ConsultationInput, today: dt.date) -> list[ValidationError]:
    """Every rule the consultation breaks, at most one per field."""
    problems: list[ValidationError] = []

    def problem(field: str, message: str) -> None:
        problems.append(ValidationError(message, field=field))

    now = dt.datetime.now(dt.UTC)
    if data.started_at.tzinfo is None or data.started_at > now + CLOCK_SLACK:
        problem("started_at", _("A consultation cannot be dated in the future."))
    if not 0 <= data.duration_minutes <= MAX_DURATION_MINUTES:
        problem(
            "duration_minutes",
            _("The duration is between 0 and {max} minutes.").format(max=MAX_DURATION_MINUTES),
        )
    for field, value, allowed in (
        ("channel", data.channel, CHANNELS),
        ("language", data.language, LANGUAGES),
        ("residence_country", data.residence_country, COUNTRIES),
        ("work_country", data.work_country, COUNTRIES),
        ("profile", data.profile, PROFILES),
        ("status", data.status, CONSULTATION_STATUSES),
    ):
        if value not in allowed:
            problem(field, _("Choose one of the listed values."))
    for field, country, region in (
        ("residence_region", data.residence_country, data.residence_region),
        ("work_region", data.work_country, data.work_region),
    ):
        if region and region not in REGIONS.get(country, ()):
            problem(
                field,
                _("{region} is not a region of {country}.").format(region=region, country=country),
            )
    if data.home_work_percent is not None and not 0 <= data.home_work_percent <= 100:
        problem("home_work_percent", _("The share of work from home is between 0 and 100%."))
    if not data.topics:
        problem("topics", _("Choose at least one topic."))
    if len(data.question) > MAX_QUESTION:
        problem("question", _too_long(MAX_QUESTION, len(data.question)))
    if len(data.advice) > MAX_ADVICE:
        problem("advice", _too_long(MAX_ADVICE, len(data.advice)))
    if data.follow_up_on is not None:
        started = data.started_at.date()
        if data.follow_up_on < started:
            problem("follow_up_on", _("The follow-up date lies before the consultation."))
        elif data.follow_up_on > today + dt.timedelta(days=MAX_FOLLOW_UP_DAYS):
            problem("follow_up_on", _("The follow-up date is more than two years away."))
    if data.status == "follow_up" and data.follow_up_on is None:
        problem("follow_up_on", _("Give the date for the follow-up."))
    if data.citizen is not None:
        problems.extend(citizen_problems(data.citizen, data.residence_country))
    return problems


def _too_long(limit: int, length: int) -> str:
    return _("At most {limit} characters; this text has {length}.").format(
        limit=limit, length=length
    )


def citizen_problems(citizen: CitizenInput, residence_country: str) -> list[ValidationError]:
    problems: list[ValidationError] = []
    name = citizen.full_name.strip()
    if not name:
        problems.append(ValidationError(_("The citizen's name is required."), field="full_name"))
    elif len(name) > MAX_NAME:
        problems.append(ValidationError(_too_long(MAX_NAME, len(name)), field="full_name"))
    if len(citizen.email) > MAX_EMAIL:
        problems.append(ValidationError(_too_long(MAX_EMAIL, len(citizen.email)), field="email"))
    elif citizen.email:
        message = email_problem(citizen.email)
        if message:
            problems.append(ValidationError(message, field="email"))
    country = citizen.country or residence_country
    if citizen.phone:
        message = phone_problem(citizen.phone, country)
        if message:
            problems.append(ValidationError(message, field="phone"))
    if citizen.postcode:
        message = postcode_problem(citizen.postcode, country)
        if message:
            problems.append(ValidationError(message, field="postcode"))
    for field, value, limit in (
        ("street", citizen.street, MAX_ADDRESS_FIELD),
        ("town", citizen.town, MAX_TOWN),
    ):
        if len(value) > limit:
            problems.append(ValidationError(_too_long(limit, len(value)), field=field))
    if citizen.language not in LANGUAGES:
        problems.append(
            ValidationError(_("Choose one of the listed values."), field="citizen_language")
        )
    return problems


def email_problem(address: str) -> str | None:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return _("This is not a valid e-mail address.")
    return None


def phone_problem(number: str, country: str) -> str | None:
    """A phone number must be valid and belong to the Netherlands, Germany or Belgium."""
    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        return _("This is not a phone number.")
    if not phonenumbers.is_valid_number(parsed):
        return _("This is not a valid phone number for {country}.").format(country=country)
    if phonenumbers.region_code_for_number(parsed) not in COUNTRIES:
        return _("Give a Dutch, German or Belgian phone number.")
    return None


def normalise_phone(number: str, country: str) -> str:
    """+31 6 12345678 style, the same however it was typed."""
    parsed = phonenumbers.parse(number, country)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def postcode_problem(postcode: str, country: str) -> str | None:
    pattern = POSTCODE_PATTERNS.get(country)
    if pattern is None or pattern.match(postcode.strip().upper()):
        return None
    return _("A postcode in {country} looks like {example}.").format(
        country=country, example=POSTCODE_EXAMPLES[country]
    )


def find_identifiers(text: str) -> list[IdentifierHit]:
    """National identifiers and account numbers in free text: GrensDesk must not store them."""
    hits: list[IdentifierHit] = []
    seen: set[str] = set()

    def hit(kind: str, found: str) -> None:
        if found not in seen:
            seen.add(found)
            hits.append(IdentifierHit(kind, found))

    for match in _IBAN.finditer(text.upper()):
        found = _valid_iban_prefix(match.group())
        if found is not None:
            hit("iban", found)
    for match in _BELGIAN_NN.finditer(text):
        if belgian_national_number.is_valid(match.group()):
            hit("be_nn", match.group())
    for match in _ELEVEN_DIGITS.finditer(text):
        if german_tax_id.is_valid(match.group()):
            hit("de_idnr", match.group())
    for match in _NINE_DIGITS.finditer(text):
        if bsn.is_valid(match.group()):
            hit("bsn", match.group())
    return hits


def _valid_iban_prefix(candidate: str) -> str | None:
    """The pattern also swallows the words after an IBAN ("NL91 ABNA … 00 VOOR"): drop them."""
    while not iban.is_valid(candidate):
        if " " not in candidate:
            return None
        candidate = candidate.rsplit(" ", 1)[0]
    return candidate
