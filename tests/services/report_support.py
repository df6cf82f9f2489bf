"""Known data for the report tests, and the figures it must give, counted out by hand.

The expected figures are computed here in plain Python over the very rows inserted —
independently of the SQL in ``grensdesk.services.report_*`` — so a test can compare
every cell of a report with them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from grensdesk.bootstrap import Database
from grensdesk.models import (
    CHANNELS,
    LANGUAGES,
    PROFILES,
    Citizen,
    Consultation,
    Escalation,
    EscalationMessage,
    Letter,
    Office,
    Topic,
    UserAccount,
    consultation_topic,
)
from grensdesk.services.context import BORDER_ZONE
from grensdesk.services.working_days import calendar_for, working_days_between

REPORT_MONTH = "2026-03"
# Consultation offices: two GIPs, a consultation site of GIP-AACHEN, a Flemish GIP.
OFFICES = ("GIP-EUREGIO", "GIP-AACHEN", "GIP-AACHEN-EURODE", "GIP-VDAB-TURNHOUT")
ANSWERING = ("SVB-BDZ", "BD-GWO", "RVA-ONEM")
TOPICS = ("tax", "social_security", "pension", "health_insurance", "vehicles")
COUNTRIES = ("NL", "DE", "BE")
# Moments right at month boundaries in Dutch time (winter and summer time).
BOUNDARIES = (
    dt.datetime(2026, 2, 28, 22, 59, tzinfo=dt.UTC),  # 23:59 on 28 February: February
    dt.datetime(2026, 2, 28, 23, 0, tzinfo=dt.UTC),  # 00:00 on 1 March: March
    dt.datetime(2026, 3, 31, 21, 59, tzinfo=dt.UTC),  # 23:59 on 31 March (CEST): March
    dt.datetime(2026, 3, 31, 22, 0, tzinfo=dt.UTC),  # 00:00 on 1 April: April
    dt.datetime(2025, 3, 31, 21, 30, tzinfo=dt.UTC),  # 23:30 on 31 March 2025: last year
)


@dataclass(frozen=True)
class KnownConsultation:
    office: str
    started_at: dt.datetime
    duration: int
    channel: str
    language: str
    residence: str
    work: str
    profile: str
    topics: tuple[str, ...]
    with_citizen: bool
    id: int = 0


@dataclass(frozen=True)
class KnownEscalation:
    consultation: int  # index into the consultations
    topic: str
    answering: str | None
    created_at: dt.datetime
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None
    returned_at: dt.datetime | None
    due_on: dt.date
    paused: int


@dataclass(frozen=True)
class KnownLetter:
    consultation: int
    language: str
    created_at: dt.datetime


@dataclass
class KnownData:
    consultations: list[KnownConsultation] = field(default_factory=list)
    escalations: list[KnownEscalation] = field(default_factory=list)
    letters: list[KnownLetter] = field(default_factory=list)
    office_codes: dict[str, str] = field(default_factory=dict)  # consultation office -> itself


def local_month(moment: dt.datetime) -> str:
    return moment.astimezone(BORDER_ZONE).strftime("%Y-%m")


def window_months(month: str) -> list[str]:
    year, number = (int(part) for part in month.split("-"))
    months = []
    for back in range(12, -1, -1):
        total = year * 12 + number - 1 - back
        months.append(f"{total // 12:04d}-{total % 12 + 1:02d}")
    return months


def _moment(rng: random.Random) -> dt.datetime:
    """Anywhere from January 2025 to May 2026, any hour (also the night, near midnight)."""
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    return start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 515))


def build_known_data(seed: int = 7, count: int = 260) -> KnownData:
    rng = random.Random(seed)
    data = KnownData()
    moments = [*BOUNDARIES, *(_moment(rng) for _ in range(count))]
    # A few bunched in the report month at one office, so that the external report has
    # counts above and below 5 next to each other.
    moments += [dt.datetime(2026, 3, 10 + n, 9, tzinfo=dt.UTC) for n in range(12)]
    for number, moment in enumerate(moments):
        topics = tuple(rng.sample(TOPICS, rng.choice((1, 1, 2, 3))))
        data.consultations.append(
            KnownConsultation(
                office=OFFICES[number % len(OFFICES)] if number < len(moments) - 12 else OFFICES[0],
                started_at=moment,
                duration=rng.choice((5, 10, 15, 20, 25, 30, 45, 60, 90, 31, 33)),
                channel=rng.choice(CHANNELS),
                language=rng.choice(LANGUAGES),
                residence=rng.choice(COUNTRIES),
                work=rng.choice(COUNTRIES),
                profile=rng.choice(PROFILES),
                topics=topics,
                with_citizen=rng.random() < 0.4,
            )
        )
    for number in range(90):
        created = _moment(rng)
        answered = None
        closed = None
        returned = None
        roll = rng.random()
        if roll < 0.65:
            answered = created + dt.timedelta(hours=rng.randrange(2, 24 * 30))
            if rng.random() < 0.5:
                closed = answered + dt.timedelta(days=rng.randrange(0, 10))
        elif roll < 0.75:
            returned = created + dt.timedelta(hours=rng.randrange(1, 24 * 10))
            closed = returned + dt.timedelta(days=rng.randrange(1, 5))
        data.escalations.append(
            KnownEscalation(
                consultation=number % len(data.consultations),
                topic=rng.choice(TOPICS),
                answering=rng.choice((*ANSWERING, None)),
                created_at=created,
                answered_at=answered,
                closed_at=closed,
                returned_at=returned,
                due_on=created.astimezone(BORDER_ZONE).date() + dt.timedelta(days=14),
                paused=rng.choice((0, 0, 0, 1, 2)),
            )
        )
    for number in range(70):
        data.letters.append(
            KnownLetter(number * 3 % len(data.consultations), rng.choice(LANGUAGES), _moment(rng))
        )
    return data


def insert_known_data(database: Database, data: KnownData) -> KnownData:
    """Insert the rows (ids assigned by the database); returns the data with the ids."""
    with database.sessions.begin() as session:
        offices = dict(session.execute(select(Office.code, Office.id)).all())
        topics = dict(session.execute(select(Topic.code, Topic.id)).all())
        adviser = session.scalar(select(UserAccount.id).where(UserAccount.username == "anna"))
        expert = session.scalar(select(UserAccount.id).where(UserAccount.username == "markus"))
        inserted = []
        for known in data.consultations:
            citizen_id = None
            if known.with_citizen:
                citizen_id = session.execute(
                    insert(Citizen)
                    .values(
                        full_name="Jürgen Krüger",
                        email="j.krueger@example.de",
                        street="Bahnhofstraße 3",
                        town="Gronau",
                        language="de",
                        consent_at=known.started_at,
                        version=1,
                    )
                    .returning(Citizen.id)
                ).scalar_one()
            new_id = session.execute(
                insert(Consultation)
                .values(
                    office_id=offices[known.office],
                    adviser_id=adviser,
                    citizen_id=citizen_id,
                    started_at=known.started_at,
                    duration_minutes=known.duration,
                    channel=known.channel,
                    language=known.language,
                    residence_country=known.residence,
                    work_country=known.work,
                    profile=known.profile,
                    question="Wohnt in Gronau, arbeitet in Enschede",
                    advice="",
                    status="closed",
                    created_at=known.started_at,
                    updated_at=known.started_at,
                    version=1,
                )
                .returning(Consultation.id)
            ).scalar_one()
            session.execute(
                insert(consultation_topic),
                [{"consultation_id": new_id, "topic_id": topics[code]} for code in known.topics],
            )
            inserted.append(_with_id(known, new_id))
        for known_escalation in data.escalations:
            _insert_escalation(session, known_escalation, inserted, offices, topics, expert)
        for number, letter in enumerate(data.letters):
            consultation = inserted[letter.consultation]
            session.execute(
                insert(Letter).values(
                    consultation_id=consultation.id,
                    office_id=offices[consultation.office],
                    year=letter.created_at.year,
                    sequence=number + 1,
                    reference=f"TEST/{number + 1}",
                    language=letter.language,
                    locale="nl_NL",
                    snapshot=letter_snapshot(consultation.id, letter.language),
                    sha256="0" * 64,
                    size_bytes=1,
                    page_count=1,
                    created_by_name="Anna de Vries",
                    created_at=letter.created_at,
                )
            )
    return KnownData(inserted, data.escalations, data.letters)


def letter_snapshot(consultation_id: int, language: str) -> str:
    """A letter's snapshot as the letters write it (reports never read it; retention does)."""
    from grensdesk.services.letter_content import Contact, LetterContent

    values: dict[str, Any] = {}
    for item in dataclasses.fields(LetterContent):
        kind = str(item.type)
        if kind == "Contact":
            values[item.name] = Contact(name="GrenzInfoPunkt EUREGIO")
        elif kind.startswith("tuple"):
            values[item.name] = ()
        elif kind.startswith("dict"):
            values[item.name] = {}
        elif "None" in kind:
            values[item.name] = None
        elif kind == "int":
            values[item.name] = 1
        else:
            values[item.name] = ""
    values.update(
        consultation_id=consultation_id, language=language, salutation="Sehr geehrter Herr Krüger,"
    )
    values["recipient"] = ("Jürgen Krüger", "Bahnhofstraße 3", "48599 Gronau")
    return LetterContent(**values).to_json()


def _with_id(known: KnownConsultation, new_id: int) -> KnownConsultation:
    from dataclasses import replace

    return replace(known, id=new_id)


def _insert_escalation(
    session: Session,
    known: KnownEscalation,
    consultations: list[KnownConsultation],
    offices: dict[str, int],
    topics: dict[str, int],
    expert: int | None,
) -> None:
    consultation = consultations[known.consultation]
    status = "new"
    if known.answered_at is not None:
        status = "answered"
    if known.returned_at is not None:
        status = "returned"
    if known.closed_at is not None:
        status = "closed"
    escalation_id = session.execute(
        insert(Escalation)
        .values(
            consultation_id=consultation.id,
            office_id=offices[consultation.office],
            answering_office_id=offices[known.answering] if known.answering else None,
            topic_id=topics[known.topic],
            urgency="normal",
            status=status,
            # Without an answering office the assignee's office (SVB-BDZ) answers.
            assignee_id=expert,
            question="Kindergeld?",
            started_on=known.created_at.astimezone(BORDER_ZONE).date(),
            due_on=known.due_on,
            paused_working_days=known.paused,
            created_at=known.created_at,
            updated_at=known.created_at,
            answered_at=known.answered_at,
            closed_at=known.closed_at,
            version=1,
        )
        .returning(Escalation.id)
    ).scalar_one()
    if known.returned_at is not None:
        session.execute(
            insert(EscalationMessage).values(
                escalation_id=escalation_id,
                kind="return",
                text="Geen vraag voor ons",
                created_at=known.returned_at,
            )
        )


# --- the expected figures, counted by hand -------------------------------------------------

Expected = dict[tuple[str, str], list[Any]]


def included_offices(codes: tuple[str, ...]) -> set[str]:
    """The consultation offices a choice covers (GIP-AACHEN covers its Eurode site)."""
    if not codes:
        return set(OFFICES)
    chosen = set(codes)
    if "GIP-AACHEN" in chosen:
        chosen.add("GIP-AACHEN-EURODE")
    return chosen & set(OFFICES)


def expected_consultation_figures(
    data: KnownData, month: str, codes: tuple[str, ...] = ()
) -> Expected:
    months = window_months(month)
    offices = included_offices(codes)
    by_month: dict[str, list[KnownConsultation]] = defaultdict(list)
    for row in data.consultations:
        if row.office in offices:
            by_month[local_month(row.started_at)].append(row)
    expected: Expected = defaultdict(lambda: [0] * 13)
    for index, name in enumerate(months):
        rows = by_month.get(name, [])
        expected["consultations", "all"][index] = len(rows)
        expected["time_spent", "all"][index] = sum(row.duration for row in rows) / 60
        for measure, key in (
            ("channel", lambda r: r.channel),
            ("language", lambda r: r.language),
            ("profile", lambda r: r.profile),
            ("direction", lambda r: f"{r.residence}>{r.work}"),
            ("office", lambda r: r.office),
        ):
            for category, count in Counter(key(row) for row in rows).items():
                expected[measure, category][index] = count
        for row in rows:
            for topic in row.topics:
                expected["topic_mentions", topic][index] += 1
    for index, name in enumerate(months):
        rows = by_month.get(name, [])
        medians = expected["median_duration", "all"]
        medians[index] = statistics.median(row.duration for row in rows) if rows else None
        for topic in TOPICS:
            mentions = expected["topic_mentions", topic][index]
            shares = expected["topic_share", topic]
            shares[index] = mentions / len(rows) if rows else None
    return dict(expected)


def answering_calendars(database: Database) -> dict[str, tuple[str, str | None]]:
    """Where each office sits (its holidays are the ones that count)."""
    with database.sessions() as session:
        return {
            code: (country, region)
            for code, country, region in session.execute(
                select(Office.code, Office.country, Office.region).where(
                    Office.code.in_((*ANSWERING, *OFFICES))
                )
            )
        }


def expected_escalation_figures(
    data: KnownData,
    month: str,
    answering_country: dict[str, tuple[str, str | None]],
    codes: tuple[str, ...] = (),
) -> Expected:
    months = window_months(month)
    offices = included_offices(codes)
    expected: Expected = defaultdict(lambda: [0] * 13)
    spans: dict[int, list[int]] = defaultdict(list)
    in_time: Counter[int] = Counter()
    for escalation in data.escalations:
        if data.consultations[escalation.consultation].office not in offices:
            continue
        opened = local_month(escalation.created_at)
        if opened in months:
            index = months.index(opened)
            expected["escalations_opened", "all"][index] += 1
            expected["escalation_topic", escalation.topic][index] += 1
        if escalation.answered_at is not None and local_month(escalation.answered_at) in months:
            index = months.index(local_month(escalation.answered_at))
            answering = escalation.answering or "SVB-BDZ"
            expected["escalations_answered", "all"][index] += 1
            expected["escalation_office", answering][index] += 1
            # The deadline's calendar: the answering office's, else the escalating one's.
            calendar_office = (
                escalation.answering or data.consultations[escalation.consultation].office
            )
            country, region = answering_country[calendar_office]
            opened_on = escalation.created_at.astimezone(BORDER_ZONE).date()
            answered_on = escalation.answered_at.astimezone(BORDER_ZONE).date()
            days = working_days_between(opened_on, answered_on, calendar_for(country, region))
            spans[index].append(max(0, days - escalation.paused))
            in_time[index] += answered_on <= escalation.due_on
        for index, name in enumerate(months):
            end = _month_end(name)
            ended = [
                moment
                for moment in (escalation.answered_at, escalation.closed_at, escalation.returned_at)
                if moment is not None and moment < end
            ]
            if escalation.created_at < end and not ended:
                expected["escalations_open", "all"][index] += 1
    for index in range(13):
        values = sorted(spans.get(index, []))
        expected["answer_days_median", "all"][index] = statistics.median(values) if values else None
        expected["answer_days_p90", "all"][index] = (
            values[math.ceil(0.9 * len(values)) - 1] if values else None
        )
        expected["answered_in_time", "all"][index] = (
            in_time[index] / len(values) if values else None
        )
    return dict(expected)


def expected_letter_figures(data: KnownData, month: str, codes: tuple[str, ...] = ()) -> Expected:
    months = window_months(month)
    offices = included_offices(codes)
    expected: Expected = defaultdict(lambda: [0] * 13)
    for letter in data.letters:
        if data.consultations[letter.consultation].office not in offices:
            continue
        name = local_month(letter.created_at)
        if name in months:
            expected["letters", letter.language][months.index(name)] += 1
    return dict(expected)


def _month_end(month: str) -> dt.datetime:
    year, number = (int(part) for part in month.split("-"))
    following = dt.datetime(year + number // 12, number % 12 + 1, 1, tzinfo=BORDER_ZONE)
    return following.astimezone(dt.UTC)
