"""Consultations from the registration system the offices shared before GrensDesk.

``grensdesk consultations import FILE`` reads CSV or JSON (docs/consultation-import.md).
An import is all or nothing: every row is checked first, every problem is reported with
its line number, and only a file without problems is written, in one transaction.
A row remembers its id in the old system (``source_ref``), so importing the same file
twice is refused instead of counting the consultations twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, cast

from sqlalchemy import Table, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import _, ngettext
from grensdesk.models import (
    CHANNELS,
    CONSULTATION_STATUSES,
    COUNTRIES,
    LANGUAGES,
    PROFILES,
    Citizen,
    Consultation,
    Office,
    Topic,
    UserAccount,
    consultation_topic,
)
from grensdesk.services.consultations import (
    CitizenInput,
    ConsultationInput,
    citizen_columns,
    consultation_columns,
)
from grensdesk.services.context import BORDER_ZONE, Actor, require_role
from grensdesk.services.errors import ServiceError, ValidationError
from grensdesk.services.events import record_event
from grensdesk.services.validation import consultation_problems, find_identifiers

# Offices in the Netherlands, Germany and Belgium all keep Central European time.
FORMATS: Final = ("csv", "json")
MAX_SOURCE_REF: Final = 80
# Rows per statement when looking up earlier imports; well below every engine's limit.
_LOOKUP_CHUNK: Final = 500

REQUIRED_COLUMNS: Final = (
    "source_ref",
    "office",
    "adviser",
    "started_at",
    "duration_minutes",
    "channel",
    "language",
    "residence_country",
    "work_country",
    "profile",
    "topics",
)
CITIZEN_COLUMNS: Final = (
    "citizen_name",
    "citizen_email",
    "citizen_phone",
    "citizen_street",
    "citizen_postcode",
    "citizen_town",
    "citizen_country",
    "citizen_language",
)
OPTIONAL_COLUMNS: Final = (
    "residence_region",
    "work_region",
    "home_work_percent",
    "question",
    "advice",
    "follow_up_on",
    "status",
    "consent",
    *CITIZEN_COLUMNS,
)
COLUMNS: Final = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
# Imported consultations are history: without a status they count as closed, so that an
# import does not fill every office's list of open cases.
DEFAULT_STATUS: Final = "closed"
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
_YES: Final = frozenset({"yes", "y", "ja", "j", "oui", "true", "1"})
_NO: Final = frozenset({"", "no", "n", "nee", "nein", "non", "false", "0"})
_JSON_SPACE: Final = re.compile(r"[ \t\n\r]*")
# Declarative models keep their Table here; typed as the wider FromClause.
_CITIZEN: Final = cast(Table, Citizen.__table__)
_CONSULTATION: Final = cast(Table, Consultation.__table__)
# Stands in for a start that could not be read, so the other checks still run.
_UNREADABLE_START: Final = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ImportProblem:
    """Why one row (or the file) cannot be imported; ``line`` counts from 1."""

    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field is None:
            return _("Line {line}: {message}").format(line=self.line, message=self.message)
        return _("Line {line}, {field}: {message}").format(
            line=self.line, field=self.field, message=self.message
        )


class ConsultationImportError(ServiceError):
    """The file has problems; nothing was imported. ``problems`` lists every one by line."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.line)
        count = len(self.problems)
        super().__init__(
            ngettext(
                "Nothing was imported: the file has {count} problem.",
                "Nothing was imported: the file has {count} problems.",
                count,
            ).format(count=count)
        )


@dataclass(frozen=True)
class ImportResult:
    consultations: int
    citizens: int
    per_office: tuple[tuple[str, int], ...]


Record = tuple[int, object]
"""One row as read from the file: the line it starts on, and its values (a mapping)."""
_Report = Callable[[str | None, str], None]


@dataclass(frozen=True)
class _Prepared:
    line: int
    office_id: int
    adviser_id: int
    source_ref: str
    data: ConsultationInput
    topic_ids: tuple[int, ...]


@dataclass
class _Context:
    """What the rows are checked against, read once for the whole file."""

    offices: dict[str, int]
    advisers: dict[str, tuple[int, int]]
    topics: dict[str, int]
    earlier: set[tuple[int, str]]
    seen: dict[tuple[int, str], int]
    today: dt.date


def import_consultations(
    sessions: sessionmaker[Session],
    actor: Actor,
    path: Path,
    file_format: str | None = None,
) -> ImportResult:
    """Import a CSV or JSON file (by its extension unless ``file_format`` says)."""
    require_role(actor, "admin", "coordinator")
    chosen = (file_format or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise ValidationError(
            _("Import a .csv or .json file, or give the format; {name} is neither.").format(
                name=path.name
            ),
            field="file",
        )
    try:
        # newline="" keeps line ends inside quoted CSV values as they are.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise ValidationError(
            _("{name} is not UTF-8 text; save it as UTF-8 and import again.").format(
                name=path.name
            ),
            field="file",
        ) from None
    except OSError as error:
        raise ValidationError(
            _("Cannot read {name}: {reason}").format(name=path.name, reason=error.strerror),
            field="file",
        ) from None
    records = read_csv(text) if chosen == "csv" else read_json(text)
    return import_records(sessions, actor, records, source=path.name)


def read_csv(text: str) -> list[Record]:
    """The rows of a CSV text with a header line; ``,``, ``;`` or tab between values."""
    lines = io.StringIO(text, newline="")
    header_line = lines.readline()
    if not header_line.strip():
        raise ConsultationImportError([ImportProblem(1, None, _("The file is empty."))])
    delimiter = max(",;\t", key=header_line.count)
    lines.seek(0)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
        _check_header(header)
        records: list[Record] = []
        line = reader.line_num + 1
        for values in reader:
            start, line = line, reader.line_num + 1
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                records.append((start, _WrongWidth(len(values), len(header))))
            else:
                records.append((start, dict(zip(header, values, strict=True))))
    except csv.Error as error:
        raise ConsultationImportError(
            [
                ImportProblem(
                    reader.line_num,
                    None,
                    _("This is not valid CSV: {reason}").format(reason=str(error)),
                )
            ]
        ) from None
    return records


@dataclass(frozen=True)
class _WrongWidth:
    found: int
    expected: int


def _check_header(header: list[str]) -> None:
    problems = [
        ImportProblem(1, name, _("Unknown column {name}.").format(name=name))
        for name in header
        if name not in COLUMNS
    ]
    problems += [
        ImportProblem(1, name, _("The column {name} appears twice.").format(name=name))
        for name in sorted({name for name in header if header.count(name) > 1})
    ]
    problems += [
        ImportProblem(1, name, _("The column {name} is missing.").format(name=name))
        for name in REQUIRED_COLUMNS
        if name not in header
    ]
    if problems:
        raise ConsultationImportError(problems)


def read_json(text: str) -> list[Record]:
    """The objects of a JSON list, each with the line its ``{`` is on."""
    decoder = json.JSONDecoder()
    counter = _LineCounter(text)

    def skip(position: int) -> int:
        found = _JSON_SPACE.match(text, position)
        return found.end() if found else position

    def fail(position: int, message: str) -> ConsultationImportError:
        return ConsultationImportError([ImportProblem(counter.line_at(position), None, message)])

    position = skip(0)
    if not text.startswith("[", position):
        raise fail(position, _("A JSON import file is a list of objects: [{...}, {...}]."))
    position = skip(position + 1)
    records: list[Record] = []
    if text.startswith("]", position):
        position += 1
    else:
        while True:
            start = position
            try:
                value, position = decoder.raw_decode(text, position)
            except json.JSONDecodeError as error:
                raise ConsultationImportError(
                    [
                        ImportProblem(
                            error.lineno,
                            None,
                            _("This is not valid JSON: {reason}").format(reason=error.msg),
                        )
                    ]
                ) from None
            records.append((counter.line_at(start), value))
            position = skip(position)
            if text.startswith(",", position):
                position = skip(position + 1)
            elif text.startswith("]", position):
                position += 1
                break
            else:
                raise fail(position, _("Expected , or ] after an object."))
    if skip(position) != len(text):
        raise fail(position, _("Nothing may follow the closing ]."))
    return records


class _LineCounter:
    """Line numbers of increasing positions, counting each newline once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.line = 1

    def line_at(self, position: int) -> int:
        if position < self.position:
            return self.text.count("\n", 0, position) + 1
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


def import_records(
    sessions: sessionmaker[Session],
    actor: Actor,
    records: Sequence[Record],
    source: str = "",
) -> ImportResult:
    """Check every record, then write all of them in one transaction, or none."""
    require_role(actor, "admin", "coordinator")
    if not records:
        raise ConsultationImportError([ImportProblem(1, None, _("The file has no rows."))])
    try:
        with sessions.begin() as session:
            context = _context(session, records)
            prepared: list[_Prepared] = []
            problems: list[ImportProblem] = []
            for line, values in records:
                row, row_problems = _prepare(line, values, context)
                problems += row_problems
                if row is not None:
                    prepared.append(row)
            if problems:
                raise ConsultationImportError(problems)
            result = _write(session, actor, prepared, source)
    except IntegrityError as error:
        # Only a concurrent import of the same references gets past the check above.
        if "source_ref" not in str(error.orig):
            raise
        raise ConsultationImportError(
            [
                ImportProblem(
                    1,
                    "source_ref",
                    _(
                        "Another import wrote some of these consultations meanwhile; "
                        "import the file again to see which."
                    ),
                )
            ]
        ) from error
    return result


def _context(session: Session, records: Sequence[Record]) -> _Context:
    offices = dict(session.execute(select(Office.code, Office.id)).all())
    advisers = {
        username: (user_id, office_id)
        for username, user_id, office_id in session.execute(
            select(UserAccount.username, UserAccount.id, UserAccount.office_id)
        )
    }
    topics = dict(session.execute(select(Topic.code, Topic.id)).all())
    refs = sorted(
        {
            str(values["source_ref"]).strip()
            for _line, values in records
            if isinstance(values, Mapping) and isinstance(values.get("source_ref"), str | int)
        }
    )
    office_ids = {
        offices[code]
        for _line, values in records
        if isinstance(values, Mapping)
        and isinstance(values.get("office"), str)
        and (code := str(values["office"]).strip()) in offices
    }
    earlier: set[tuple[int, str]] = set()
    for chunk in _chunks(refs, _LOOKUP_CHUNK):
        for office_id, source_ref in session.execute(
            select(Consultation.office_id, Consultation.source_ref).where(
                Consultation.office_id.in_(office_ids), Consultation.source_ref.in_(chunk)
            )
        ):
            earlier.add((office_id, source_ref or ""))
    return _Context(offices, advisers, topics, earlier, {}, dt.date.today())


def _chunks(values: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _prepare(
    line: int, values: object, context: _Context
) -> tuple[_Prepared | None, list[ImportProblem]]:
    """The row ready to write, or every problem it has."""
    problems: list[ImportProblem] = []

    def problem(field: str | None, message: str) -> None:
        problems.append(ImportProblem(line, field, message))

    if isinstance(values, _WrongWidth):
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
    cells = _Cells(values, problem)
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
        _Prepared(
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


def _citizen(cells: _Cells, language: str, problem: _Report) -> CitizenInput | None:
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


class _Cells:
    """Typed reading of one row's values; a value that cannot be read is reported once."""

    def __init__(self, values: Mapping[Any, object], problem: _Report) -> None:
        self.values = values
        self.problem = problem
        self.failed: set[str] = set()

    def _fail(self, name: str, message: str) -> None:
        if name not in self.failed:
            self.failed.add(name)
            self.problem(name, message)

    def is_blank(self, name: str) -> bool:
        value = self.values.get(name)
        return value is None or (isinstance(value, str) and not value.strip()) or value == []

    def text(self, name: str) -> str:
        value = self.values.get(name)
        if value is None or name in self.failed:
            return ""
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # ids of the old system are often numbers
        self._fail(name, _("Give text here."))
        return ""

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = value.strip().removesuffix("%").strip() if isinstance(value, str) else None
        if value is None or text == "":
            return None
        if text is not None and re.fullmatch(r"-?[0-9]+", text):
            return int(text)
        self._fail(name, _("{value} is not a whole number.").format(value=value))
        return None

    def moment(self, name: str) -> dt.datetime | None:
        text = self.text(name)
        if not text:
            return None
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            parsed = None
        if parsed is None or (len(text) <= 10 and "T" not in text):
            self._fail(
                name,
                _(
                    "{value} is not a date and time such as 2025-03-14T10:30+01:00 "
                    "or 2025-03-14 10:30."
                ).format(value=text),
            )
            return None
        if parsed.tzinfo is not None:
            return parsed.astimezone(dt.UTC)
        local = parsed.replace(tzinfo=BORDER_ZONE)
        if local.astimezone(dt.UTC).astimezone(BORDER_ZONE).replace(tzinfo=None) != parsed:
            self._fail(
                name,
                _("{value} does not exist in Dutch time: the clocks were put forward.").format(
                    value=text
                ),
            )
            return None
        return local.astimezone(dt.UTC)

    def date(self, name: str) -> dt.date | None:
        text = self.text(name)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self._fail(name, _("{value} is not a date such as 2025-03-28.").format(value=text))
            return None

    def topics(self) -> tuple[str, ...]:
        value = self.values.get("topics")
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            items: Iterable[str] = value
        elif isinstance(value, str):
            items = value.replace(",", ";").split(";")
        elif value is None:
            return ()
        else:
            self._fail("topics", _("Give the topic codes separated by semicolons."))
            return ()
        return tuple(code for item in items if (code := item.strip().lower()))

    def consent(self) -> bool | None:
        """True or False; None when the value cannot be read (and is reported)."""
        value = self.values.get("consent")
        if isinstance(value, bool):
            return value
        text = self.text("consent").lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        self._fail("consent", _("Write yes or no."))
        return None


def _write(session: Session, actor: Actor, rows: list[_Prepared], source: str) -> ImportResult:
    """Bulk inserts: a statement per table per batch, never a round trip per row."""
    now = dt.datetime.now(dt.UTC)
    citizen_rows = [
        {**citizen_columns(row.data.citizen), "consent_at": row.data.started_at, "version": 1}
        for row in rows
        if row.data.citizen is not None
    ]
    citizen_ids = iter(_insert_returning_ids(session, _CITIZEN, citizen_rows))
    consultation_rows = [
        {
            **consultation_columns(row.data),
            "office_id": row.office_id,
            "adviser_id": row.adviser_id,
            # Consent is taken to have been given at the consultation, in the old system.
            "citizen_id": next(citizen_ids) if row.data.citizen is not None else None,
            "source_ref": row.source_ref,
            "created_at": now,
            "updated_at": now,
            "updated_by_id": actor.user_id,
            "version": 1,
        }
        for row in rows
    ]
    ids = _insert_returning_ids(session, _CONSULTATION, consultation_rows)
    links = [
        {"consultation_id": consultation_id, "topic_id": topic_id}
        for consultation_id, row in zip(ids, rows, strict=True)
        for topic_id in row.topic_ids
    ]
    _insert_all(session, consultation_topic, links)
    codes = {office_id: code for code, office_id in _office_codes(session, rows)}
    per_office: dict[int, list[int]] = {}
    for consultation_id, row in zip(ids, rows, strict=True):
        per_office.setdefault(row.office_id, []).append(consultation_id)
    for office_id, office_ids in sorted(per_office.items()):
        # One event per office and import: the rows carry their own source_ref, and one
        # event wakes the office's screens once instead of ten thousand times.
        record_event(
            session,
            "consultation.imported",
            "consultation",
            None,
            office_id=office_id,
            actor_id=actor.user_id,
            detail=json.dumps(
                {
                    "count": len(office_ids),
                    "source": source,
                    "first_id": min(office_ids),
                    "last_id": max(office_ids),
                }
            ),
        )
    return ImportResult(
        consultations=len(rows),
        citizens=len(citizen_rows),
        per_office=tuple(
            sorted((codes[office_id], len(found)) for office_id, found in per_office.items())
        ),
    )


def _insert_returning_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows; their new ids in the order of ``rows``.

    PostgreSQL: the ids are drawn from the table's sequence first and the rows go in by
    COPY. A multi-row INSERT … RETURNING of 1,000 rows by 22 columns took 0.7 s there
    (10,000 consultations: 7 s); COPY takes a fraction of that. SQLite inserts in
    batches through SQLAlchemy, which is fast enough there.
    """
    if not rows:
        return []
    if session.get_bind().dialect.name != "postgresql":
        result = session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        return list(result.scalars())
    ids = list(
        session.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                "FROM generate_series(1, :count)"
            ),
            {"table": table.name, "count": len(rows)},
        )
    )
    _copy(session, table, [{"id": id_, **row} for id_, row in zip(ids, rows, strict=True)])
    return ids


def _insert_all(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        _copy(session, table, rows)
    else:
        session.execute(insert(table), rows)


def _copy(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """COPY … FROM STDIN on the session's own connection, inside its transaction."""
    columns = list(rows[0])
    # Column names come from the models, never from the file.
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    driver = session.connection().connection.driver_connection
    assert driver is not None
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[column] for column in columns])
    except session.get_bind().dialect.loaded_dbapi.IntegrityError as error:
        # Straight from the driver: wrapped as SQLAlchemy would, for one except clause.
        raise IntegrityError(statement, None, error) from error


def _office_codes(session: Session, rows: list[_Prepared]) -> list[tuple[str, int]]:
    office_ids = {row.office_id for row in rows}
    return [
        (code, office_id)
        for code, office_id in session.execute(
            select(Office.code, Office.id).where(Office.id.in_(office_ids))
        )
    ]
