"""Checking one import row: every problem it has, or the row ready to write.

Offices, advisers and topics are resolved against the ``ImportContext`` read for the file;
the consultation itself is checked by the same rules as the form (``validation``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from grensdesk.i18n import _
from grensdesk.models import (
    CHANNELS,
    CONSULTATION_STATUSES,
    COUNTRIES,
    LANGUAGES,
    PROFILES,
)
from grensdesk.services.consultation_import_cells import Cells, Report
from grensdesk.services.consultation_import_lookup import ImportContext
from grensdesk.services.consultation_import_types import (
    CITIZEN_COLUMNS,
    COLUMNS,
    DEFAULT_STATUS,
    MAX_SOURCE_REF,
    REQUIRED_COLUMNS,
    ImportProblem,
    WrongWidth,
)
from grensdesk.services.consultations import CitizenInput, ConsultationInput
from grensdesk.services.validation import consultation_problems, find_identifiers

_ALLOWED: Final = {
    "channel": CHANNELS,
    "language": LANGUAGES,
    "residence_country": COUNTRIES,
    "work_country": COUNTRIES,
    "profile": PROFILES,
    "status": CONSULTATION_STATUSES,
    "citizen_language": LANGUAGES,
    "citizen_country": COUNTRIES,
}
# consultation_problems names citizen fields as the form does; the file names them so.
_CITIZEN_FIELD_COLUMNS: Final = {
    "full_name": "citizen_name",
    "email": "citizen_email",
    "phone": "citizen_phone",
    "street": "citizen_street",
    "postcode": "citizen_postcode",
    "town": "citizen_town",
    "citizen_language": "citizen_language",
}
# Stands in for a start that could not be read, so the other checks still run.
_UNREADABLE_START: Final = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class PreparedRow:
    """A row without problems, resolved to ids and ready to write."""

    line: int
    office_id: int
    adviser_id: int
    source_ref: str
    data: ConsultationInput
    topic_ids: tuple[int, ...]


def prepare_row(
    line: int, values: object, context: ImportContext
) -> tuple[PreparedRow | None, list[ImportProblem]]:
    """The row ready to write, or every problem it has."""
    problems: list[ImportProblem] = []

    def problem(field: str | None, message: str) -> None:
        problems.append(ImportProblem(line, field, message))

    if isinstance(values, WrongWidth):
        problem(
            None,
            _("This row has {found} values; the header has {expected} columns.").format(
                found=values.found, expected=values.expected
            ),
        )
        return None, problems
    if not isinstance(values, Mapping):
        problem(None, _("Each item of the list must be an object with the columns as keys."))
        return None, problems
    for key in values:
        if key not in COLUMNS:
            problem(str(key), _("Unknown column {name}.").format(name=key))
    cells = Cells(values, problem)
    for name in REQUIRED_COLUMNS:
        if name not in cells.failed and cells.is_blank(name):
            problem(name, _("This column needs a value."))
            cells.failed.add(name)

    source_ref = cells.text("source_ref")
    if len(source_ref) > MAX_SOURCE_REF:
        problem("source_ref", _("At most {limit} characters.").format(limit=MAX_SOURCE_REF))
    office_code = cells.text("office")
    office_id = context.offices.get(office_code)
    if office_id is None and office_code:
        problem("office", _("Unknown office {code}.").format(code=office_code))
    username = cells.text("adviser")
    adviser = context.advisers.get(username)
    if adviser is None and username:
        problem("adviser", _("Unknown user {username}.").format(username=username))
    elif adviser is not None and office_id is not None and adviser[1] != office_id:
        problem(
            "adviser",
            _("{username} does not work at {office}.").format(
                username=username, office=office_code
            ),
        )
    if office_id is not None and source_ref:
        key = (office_id, source_ref)
        if key in context.earlier:
            problem(
                "source_ref",
                _("{ref} of {office} was imported before.").format(
                    ref=source_ref, office=office_code
                ),
            )
        elif key in context.seen:
            problem(
                "source_ref",
                _("{ref} of {office} is already on line {line}.").format(
                    ref=source_ref, office=office_code, line=context.seen[key]
                ),
            )
        else:
            context.seen[key] = line
    topic_codes = cells.topics()
    unknown = [code for code in topic_codes if code not in context.topics]
    if unknown:
        problem("topics", _("Unknown topic {code}.").format(code=", ".join(unknown)))
        cells.failed.add("topics")

    started_at = cells.moment("started_at")
    language = cells.text("language")
    status = cells.text("status") or DEFAULT_STATUS
    data = ConsultationInput(
        started_at=started_at or _UNREADABLE_START,
        duration_minutes=cells.integer("duration_minutes") or 0,
        channel=cells.text("channel"),
        language=language,
        residence_country=cells.text("residence_country").upper(),
        residence_region=cells.text("residence_region") or None,
        work_country=cells.text("work_country").upper(),
        work_region=cells.text("work_region") or None,
        profile=cells.text("profile"),
        home_work_percent=cells.integer("home_work_percent"),
        topics=topic_codes,
        question=cells.text("question"),
        advice=cells.text("advice"),
        follow_up_on=cells.date("follow_up_on"),
        status=status,
        citizen=_citizen(cells, language, problem),
    )
    for column in ("question", "advice"):
        for hit in find_identifiers(getattr(data, column)):
            problem(
                column,
                _("The text holds {identifier} ({text}); remove it before importing.").format(
                    identifier=hit.label, text=hit.text
                ),
            )
    for found in consultation_problems(data, context.today):
        field = _CITIZEN_FIELD_COLUMNS.get(found.field or "", found.field)
        if field in cells.failed or (field == "follow_up_on" and started_at is None):
            continue  # already reported as unreadable
        if field == "citizen_language" and cells.is_blank("citizen_language"):
            continue  # taken over from the consultation, whose language is reported
        message = str(found)
        if field in _ALLOWED:
            message = _unknown_value(cells.text(field) if field != "status" else status, field)
        problem(field, message)
    if problems or office_id is None or adviser is None:
        return None, problems
    return (
        PreparedRow(
            line=line,
            office_id=office_id,
            adviser_id=adviser[0],
            source_ref=source_ref,
            data=data,
            topic_ids=tuple(context.topics[code] for code in dict.fromkeys(topic_codes)),
        ),
        [],
    )


def _unknown_value(value: str, field: str) -> str:
    return _("Unknown value {value}; use one of: {allowed}.").format(
        value=value or '""', allowed=", ".join(_ALLOWED[field])
    )


def _citizen(cells: Cells, language: str, problem: Report) -> CitizenInput | None:
    """The citizen's details, only with consent: personal data needs it."""
    given = [name for name in CITIZEN_COLUMNS if not cells.is_blank(name)]
    consent = cells.consent()
    if not given:
        return None
    if consent is not True:
        if consent is False:
            for name in given:
                problem(
                    name,
                    _("Personal details are imported only with the citizen's consent "
                      "(consent: yes)."),
                )  # fmt: skip
        return None
    country = cells.text("citizen_country").upper() or None
    if country is not None and country not in COUNTRIES:
        problem("citizen_country", _unknown_value(country, "citizen_country"))
        country = None
    return CitizenInput(
        full_name=cells.text("citizen_name"),
        email=cells.text("citizen_email"),
        phone=cells.text("citizen_phone"),
        street=cells.text("citizen_street"),
        postcode=cells.text("citizen_postcode").upper(),
        town=cells.text("citizen_town"),
        country=country,
        language=cells.text("citizen_language") or language,
    )
