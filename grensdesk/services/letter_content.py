"""What a letter says: every input gathered once into a frozen, fully worded snapshot.

The snapshot holds the final strings in the letter's language (fixed texts from the
catalogs, dates and numbers formatted by Babel, the exact comparison versions' texts), so
the PDF is made from it alone: regenerating a letter never reads the knowledge base, the
catalogs or the office directory again, and gives the same bytes years later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Final

from babel import Locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from grensdesk.i18n import N_, format_date, format_percent, translate_in
from grensdesk.models import (
    Citizen,
    Consultation,
    ConsultationComparison,
    Office,
    Topic,
    UserAccount,
)
from grensdesk.services.context import BORDER_ZONE
from grensdesk.services.knowledge import load_versions, pick_text
from grensdesk.services.labels import COUNTRY_LABELS, PROFILE_LABELS
from grensdesk.services.letter_answer import LetterAnswer, latest_answer

# Bumped when the layout changes; a letter is always rendered by the layout it was issued with.
LETTER_FORMAT: Final = 1
# The organisations that decide on each topic, by office code in resources/seed/offices.toml.
# Only those in a country of the citizen's situation (and on its border) are named.
COMPETENT_OFFICES: Final = {
    "tax": ("BD-GWO",),
    "social_security": ("SVB-BDZ", "SVB-BBZ", "RSZ-ONSS"),
    "health_insurance": ("CZ-VERDRAG", "CAK", "RIZIV-INAMI"),
    "pension": ("SVB-BDZ", "SVB-BBZ", "SFPD"),
    "unemployment": ("UWV", "BA-NORDHORN", "RVA-ONEM", "VDAB"),
    "family_benefits": ("SVB-BDZ", "SVB-BBZ", "FAMILIENKASSE-RPS"),
    "sickness_disability": ("UWV", "RIZIV-INAMI"),
    "self_employment": ("BD-GWO", "RSZ-ONSS"),
}
MAX_ORGANISATIONS: Final = 5
DISCLAIMER: Final = N_(
    "This letter is first-line information based on what you told us on the day of the "
    "consultation. It is not a decision: only the competent institution decides on your "
    "rights and obligations. Rules change; check them before you act."
)
LABELS: Final = {
    "reference": N_("Reference"),
    "date": N_("Date"),
    "adviser": N_("Your adviser"),
    "consultation": N_("Consultation of"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "website": N_("Website"),
    "situation": N_("Your situation"),
    "question": N_("Your question"),
    "advice": N_("Our advice"),
    "comparisons": N_("The rules that apply"),
    "netherlands": N_("In the Netherlands"),
    "practice": N_("What this means for you"),
    "legal_basis": N_("Legal basis"),
    "sources": N_("Sources"),
    "answer": N_("Answer from the back office"),
    "next_steps": N_("Next steps"),
    "closing": N_("Kind regards,"),
    "page": N_("Page {page} of {pages}"),
    # French sets a space before the colon: the separator is the translator's too.
    "pair": N_("{label}: {value}"),
}


@dataclass(frozen=True)
class Contact:
    """An office or organisation and how to reach it; ``note`` says why it is named."""

    name: str
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    website: str = ""
    note: str = ""


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class CitedComparison:
    version_id: int
    heading: str
    fallback_note: str
    dutch_rule: str
    neighbour_label: str
    neighbour_rule: str
    practice: str
    legal_basis: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class LetterContent:
    """Everything printed on the letter, already worded in its language."""

    format: int
    reference: str
    consultation_id: int
    language: str
    locale: str
    issued_at: str  # ISO 8601 in UTC: the PDF's creation date
    issued_by: str
    letterhead: Contact
    return_line: str
    recipient: tuple[str, ...]
    info: tuple[tuple[str, str], ...]  # the information block beside the address
    subject: str
    salutation: str
    situation: str
    question: str
    advice: str
    comparisons: tuple[CitedComparison, ...]
    answer_heading: str
    answer: str
    next_steps_intro: str
    next_steps: tuple[Contact, ...]
    closing: str
    adviser_name: str
    adviser_office: str
    disclaimer: str
    labels: dict[str, str]
    comparison_version_ids: tuple[int, ...]
    answer_id: int | None

    def to_json(self) -> str:
        """Canonical JSON: the same content always gives the same text."""
        return json.dumps(
            dataclasses.asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )

    def without_personal_data(self) -> LetterContent:
        """What may stay after the retention period: no address, name or notes."""
        return dataclasses.replace(
            self, recipient=(), salutation="", question="", advice="", answer=""
        )

    @classmethod
    def from_json(cls, raw: str) -> LetterContent:
        data: dict[str, Any] = json.loads(raw)
        data["letterhead"] = _contact(data["letterhead"])
        data["recipient"] = tuple(data["recipient"])
        data["info"] = tuple((label, value) for label, value in data["info"])
        data["comparisons"] = tuple(
            CitedComparison(
                **{**item, "sources": tuple(Source(**source) for source in item["sources"])}
            )
            for item in data["comparisons"]
        )
        data["next_steps"] = tuple(_contact(item) for item in data["next_steps"])
        data["comparison_version_ids"] = tuple(data["comparison_version_ids"])
        return cls(**data)


def _contact(data: dict[str, Any]) -> Contact:
    return Contact(**{**data, "address": tuple(data["address"])})


def letter_locale(language: str, residence_country: str) -> str:
    """The Babel locale of a letter: the reader's conventions.

    Dutch is written nl_BE for a citizen who lives in Belgium (address country, else the
    consultation's country of residence) and nl_NL otherwise; French is fr_BE (the
    French-speaking citizens at these borders are Belgian), German de_DE, English en_GB.
    """
    if language == "nl":
        return "nl_BE" if residence_country == "BE" else "nl_NL"
    return {"de": "de_DE", "fr": "fr_BE", "en": "en_GB"}[language]


def gather_content(
    session: Session,
    consultation: Consultation,
    language: str,
    *,
    reference: str,
    issued_at: dt.datetime,
    issued_by: str,
) -> LetterContent:
    """Read every input of the letter once and word it in ``language``."""

    def t(message: str) -> str:
        return translate_in(language, message)

    citizen = (
        session.get(Citizen, consultation.citizen_id)
        if consultation.citizen_id is not None
        else None
    )
    if citizen is not None and citizen.anonymised_at is not None:
        citizen = None
    residence = (citizen.country if citizen and citizen.country else None) or (
        consultation.residence_country
    )
    locale = letter_locale(language, residence)
    office = session.get(Office, consultation.office_id)
    assert office is not None
    parent = session.get(Office, office.parent_id) if office.parent_id is not None else None
    adviser = session.get(UserAccount, consultation.adviser_id)
    adviser_name = adviser.full_name if adviser is not None else ""
    letterhead = _letterhead(office, parent)
    topics = _topic_names(session, consultation, language)
    comparisons = _comparisons(session, consultation.id, language, locale)
    answer = latest_answer(session, consultation.id)
    issued_day = issued_at.astimezone(BORDER_ZONE).date()
    consulted_day = consultation.started_at.astimezone(BORDER_ZONE).date()
    info = [
        (t(LABELS["reference"]), reference),
        (t(LABELS["date"]), format_date(issued_day, locale, "long")),
        (t(LABELS["consultation"]), format_date(consulted_day, locale, "long")),
        (t(LABELS["adviser"]), adviser_name),
    ]
    if letterhead.phone:
        info.append((t(LABELS["phone"]), letterhead.phone))
    return LetterContent(
        format=LETTER_FORMAT,
        reference=reference,
        consultation_id=consultation.id,
        language=language,
        locale=locale,
        issued_at=issued_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        issued_by=issued_by,
        letterhead=letterhead,
        return_line=" · ".join(part for part in (letterhead.name, *letterhead.address) if part),
        recipient=_recipient(citizen, office.country, language),
        info=tuple((label, value) for label, value in info if value),
        subject=t(N_("Your consultation at {office} on {date}")).format(
            office=office.name, date=format_date(consulted_day, locale, "long")
        ),
        salutation=(
            t(N_("Dear {name},")).format(name=citizen.full_name)
            if citizen is not None and citizen.full_name
            else t(N_("Dear Sir or Madam,"))
        ),
        situation=_situation(consultation, topics, language, locale),
        question=consultation.question.strip(),
        advice=consultation.advice.strip(),
        comparisons=tuple(comparisons),
        answer_heading=_answer_heading(answer, language, locale),
        answer=answer.text.strip() if answer is not None else "",
        next_steps_intro=t(
            N_(
                "The organisations below decide on your situation. Contact them with your "
                "questions and applications, and mention this letter."
            )
        ),
        next_steps=tuple(_next_steps(session, consultation, language, letterhead)),
        closing=t(LABELS["closing"]),
        adviser_name=adviser_name,
        adviser_office=office.name,
        disclaimer=t(DISCLAIMER),
        labels={key: t(message) for key, message in LABELS.items()},
        comparison_version_ids=tuple(item.version_id for item in comparisons),
        answer_id=answer.id if answer is not None else None,
    )


def _letterhead(office: Office, parent: Office | None) -> Contact:
    """The office's details; a consultation site borrows what it lacks from its GIP."""

    def pick(field: str) -> str:
        own = str(getattr(office, field) or "")
        return own or (str(getattr(parent, field) or "") if parent is not None else "")

    return Contact(
        name=office.name,
        address=_address_lines(pick("address"), office.town),
        phone=pick("phone"),
        email=pick("email"),
        website=pick("website"),
    )


def _address_lines(address: str, town: str) -> tuple[str, ...]:
    lines = [line.strip() for line in address.split("\n") if line.strip()]
    if town and not any(town in line for line in lines):
        lines.append(town)
    return tuple(lines)


def _recipient(citizen: Citizen | None, office_country: str, language: str) -> tuple[str, ...]:
    if citizen is None:
        return ()
    lines = [citizen.full_name, citizen.street, f"{citizen.postcode} {citizen.town}".strip()]
    if citizen.country and citizen.country != office_country:
        # Post abroad: the country goes last, in capitals (UPU convention).
        lines.append(translate_in(language, COUNTRY_LABELS[citizen.country]).upper())
    return tuple(line for line in lines if line.strip())


def _topic_names(session: Session, consultation: Consultation, language: str) -> list[str]:
    column = getattr(Topic, f"name_{language}")
    return [
        str(name)
        for name in session.scalars(
            select(column)
            .join(Consultation.topics)
            .where(Consultation.id == consultation.id)
            .order_by(Topic.position)
        )
    ]


def _country(code: str, region: str | None, language: str) -> str:
    name = translate_in(language, COUNTRY_LABELS.get(code, code))
    return f"{name} ({region})" if region else name


def _situation(consultation: Consultation, topics: list[str], language: str, locale: str) -> str:
    def t(message: str) -> str:
        return translate_in(language, message)

    parts = [
        t(N_("Country of residence: {residence}. Country of work: {work}.")).format(
            residence=_country(
                consultation.residence_country, consultation.residence_region, language
            ),
            work=_country(consultation.work_country, consultation.work_region, language),
        ),
        t(N_("Your situation: {profile}.")).format(
            profile=t(PROFILE_LABELS.get(consultation.profile, PROFILE_LABELS["other"]))
        ),
    ]
    if consultation.home_work_percent is not None:
        parts.append(
            t(N_("You work {share} of your working time from home.")).format(
                share=format_percent(consultation.home_work_percent / 100, locale)
            )
        )
    if topics:
        parts.append(t(N_("We talked about: {topics}.")).format(topics=", ".join(topics)))
    return " ".join(parts)


def _comparisons(
    session: Session, consultation_id: int, language: str, locale: str
) -> list[CitedComparison]:
    def t(message: str) -> str:
        return translate_in(language, message)

    ids = list(
        session.scalars(
            select(ConsultationComparison.comparison_version_id)
            .where(ConsultationComparison.consultation_id == consultation_id)
            .order_by(
                ConsultationComparison.attached_at, ConsultationComparison.comparison_version_id
            )
        )
    )
    versions = load_versions(session, ids)
    cited = []
    for version_id in ids:
        version = versions[version_id]
        text, fell_back = pick_text(version.texts, language)
        valid = t(N_("version {number}, valid from {date}")).format(
            number=version.number, date=format_date(version.valid_from, locale, "long")
        )
        neighbour = version.comparison.neighbour_country
        cited.append(
            CitedComparison(
                version_id=version.id,
                heading=f"{text.title} ({valid})",
                fallback_note=t(
                    N_("This text is not available in your language; it is given in {language}.")
                ).format(language=Locale.parse(text.language).get_display_name(locale) or "")
                if fell_back
                else "",
                dutch_rule=text.dutch_rule.strip(),
                neighbour_label=t(N_("In {country}")).format(
                    country=_country(neighbour, version.comparison.region, language)
                ),
                neighbour_rule=text.neighbour_rule.strip(),
                practice=text.practice.strip(),
                legal_basis=text.legal_basis.strip(),
                sources=tuple(Source(s.title, s.url) for s in version.sources),
            )
        )
    return cited


def _answer_heading(answer: LetterAnswer | None, language: str, locale: str) -> str:
    if answer is None:
        return ""
    when = format_date(answer.answered_at.astimezone(BORDER_ZONE).date(), locale, "long")
    if answer.organisation:
        return translate_in(language, "Answer from {organisation} of {date}").format(
            organisation=answer.organisation, date=when
        )
    return translate_in(language, "Answer from the back office of {date}").format(date=when)


def _border_of(consultation: Consultation) -> str:
    countries = {consultation.residence_country, consultation.work_country}
    return "NL-BE" if "BE" in countries else "NL-DE"


def _next_steps(
    session: Session, consultation: Consultation, language: str, letterhead: Contact
) -> list[Contact]:
    """The competent organisations for the consultation's topics, then the office itself.

    An organisation is named when it decides on one of the topics, sits in a country of
    the citizen's situation and (when it serves one border only) on this border.
    """
    countries = {consultation.residence_country, consultation.work_country}
    border = _border_of(consultation)
    codes: dict[str, list[str]] = {}
    column = getattr(Topic, f"name_{language}")
    for topic_code, topic_name in session.execute(
        select(Topic.code, column)
        .join(Consultation.topics)
        .where(Consultation.id == consultation.id)
        .order_by(Topic.position)
    ):
        for office_code in COMPETENT_OFFICES.get(topic_code, ()):
            codes.setdefault(office_code, []).append(str(topic_name))
    if not codes:
        offices: dict[str, Office] = {}
    else:
        offices = {
            office.code: office
            for office in session.scalars(
                select(Office).where(Office.code.in_(codes), Office.active.is_(True))
            )
        }
    steps = []
    for code, topics in codes.items():
        office = offices.get(code)
        if office is None or office.country not in countries:
            continue
        if office.border is not None and office.border != border:
            continue
        steps.append(
            Contact(
                name=office.name,
                address=_address_lines(office.address, office.town),
                phone=office.phone,
                email=office.email,
                website=office.website,
                note=translate_in(language, "Competent for: {topics}").format(
                    topics=", ".join(topics)
                ),
            )
        )
    steps = steps[:MAX_ORGANISATIONS]
    steps.append(
        dataclasses.replace(
            letterhead,
            note=translate_in(language, "For further questions about this letter, contact us."),
        )
    )
    return steps
