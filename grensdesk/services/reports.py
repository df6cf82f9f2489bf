"""Monthly activity reports for coordinators: figures for one month, an office or the border.

``monthly_report`` reads every figure for the thirteen months M-12 … M (so each can stand
beside the previous month, the same month last year and a twelve-month trend), all of it
aggregated by the database (``report_figures``, ``report_escalations``, ``report_letters``).
The result is a frozen :class:`MonthlyReport` without personal data; ``external=True``
suppresses small counts (``report_privacy``). Writers for PDF, CSV and XLSX take it as is.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Final

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import _
from grensdesk.models import CHANNELS, COUNTRIES, LANGUAGES, PROFILES, Office, Topic
from grensdesk.services.context import Actor, require_role
from grensdesk.services.errors import NotFoundError, ServiceError
from grensdesk.services.events import record_event
from grensdesk.services.report_figures import (
    COMPARED,
    CONSULTATION_STEPS,
    Figures,
    Step,
    empty_series,
)
from grensdesk.services.report_months import month_window
from grensdesk.services.report_privacy import suppress_small_counts
from grensdesk.services.report_sections import ESCALATION_SECTION, LETTER_SECTION, Section
from grensdesk.services.report_types import (  # re-exported: the report's shape
    MonthlyReport,
    ReportRow,
    ReportTable,
)

FORMATS: Final = ("pdf", "csv", "xlsx")
REPORT_CACHE_KIB: Final = 64 * 1024
STALE_STATISTICS_ROWS: Final = 10_000
ANALYSIS_LIMIT: Final = 1_000
log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ReportCancelledError(ServiceError):
    """The person stopped the report before it was finished."""


def monthly_report(
    sessions: sessionmaker[Session],
    actor: Actor,
    month: str,
    office_codes: Sequence[str] = (),
    external: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> MonthlyReport:
    """Every figure of ``month`` for the offices (and their sites), or the whole border.

    A malformed month is a :class:`ValidationError`, an unknown office code a
    :class:`NotFoundError`; both before any figure is read. ``cancelled`` is asked
    between queries; when it says yes, :class:`ReportCancelledError` ends the work.
    """
    require_role(actor, "coordinator", "admin")
    window = month_window(month)
    sections: tuple[Section, ...] = (ESCALATION_SECTION, LETTER_SECTION)
    steps: list[Step] = [*CONSULTATION_STEPS]
    for section in sections:
        steps.extend(section.steps)
    total = len(steps) + 1
    figures: Figures = {}
    with sessions() as session, _sqlite_tuned_for_reports(session):
        office_ids = _office_ids(session, office_codes)
        topics = session.execute(
            select(Topic.code, Topic.name_nl, Topic.name_de, Topic.name_fr, Topic.name_en).order_by(
                Topic.position
            )
        ).all()
        offices = dict(session.execute(select(Office.code, Office.name)).all())
        _report_progress(progress, cancelled, 1, total)
        for number, step in enumerate(steps, start=2):
            figures.update(step(session, window, office_ids))
            _report_progress(progress, cancelled, number, total)
    topic_order = [code for code, *_names in topics]
    tables = [*_consultation_tables(figures, topic_order)]
    for section in sections:
        tables.extend(section.tables(figures, topic_order))
    if external:
        tables = [suppress_small_counts(table) for table in tables]
    return MonthlyReport(
        month=window.month,
        months=window.months,
        offices=tuple(office_codes),
        external=external,
        generated_at=dt.datetime.now(dt.UTC),
        tables=tuple(tables),
        topic_names={
            code: {"nl": nl, "de": de, "fr": fr, "en": en} for code, nl, de, fr, en in topics
        },
        office_names=offices,
    )


def record_report_export(
    sessions: sessionmaker[Session], actor: Actor, report: MonthlyReport, file_format: str
) -> None:
    """Every export is in the audit trail: who passed which figures on, and how."""
    with sessions.begin() as session:
        record_event(
            session,
            "report.exported",
            "report",
            None,
            office_id=actor.office_id or None,
            actor_id=actor.user_id,
            detail=json.dumps(
                {
                    "month": report.month,
                    "offices": list(report.offices),
                    "external": report.external,
                    "format": file_format,
                }
            ),
        )


@contextmanager
def _sqlite_tuned_for_reports(session: Session) -> Iterator[None]:
    """On SQLite: a page cache that holds the indexes a report reads (the default 2 MB
    makes the topic join re-read pages from the OS) and helper threads for large sorts.
    Put back afterwards: the connection returns to the pool."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    _refresh_sqlite_statistics(session)
    cache_size = session.execute(text("PRAGMA cache_size")).scalar_one()
    threads = session.execute(text("PRAGMA threads")).scalar_one()
    session.execute(text(f"PRAGMA cache_size=-{REPORT_CACHE_KIB}"))
    session.execute(text("PRAGMA threads=2"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size={int(cache_size)}"))
        session.execute(text(f"PRAGMA threads={int(threads)}"))


def _refresh_sqlite_statistics(session: Session) -> None:
    """SQLite picks the skip-scan over ``ix_consultation_report_breakdown`` only when its
    statistics say the table is large. Statistics taken on a young database (at migration,
    before the consultations came) are refreshed here, from a sample: milliseconds."""
    engine = session.get_bind()
    assert isinstance(engine, Engine), "reports run on a session bound to an engine"
    with engine.connect() as connection:
        try:
            stat = connection.execute(
                text("SELECT stat FROM sqlite_stat1 WHERE idx = :index"),
                {"index": "ix_consultation_report_breakdown"},
            ).scalar()
        except OperationalError:  # no statistics at all yet
            stat = None
        known = int(str(stat).split()[0]) if stat else 0
        rows = connection.execute(text("SELECT max(rowid) FROM consultation")).scalar() or 0
        if rows <= 2 * known + STALE_STATISTICS_ROWS:
            return
        try:
            connection.execute(text(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}"))
            connection.execute(text("ANALYZE consultation"))
            connection.commit()
        except OperationalError:
            # Busy with a writer: this report is slower, the next one will try again.
            log.info("could not refresh the consultation statistics", exc_info=True)


def _report_progress(
    progress: Progress | None, cancelled: Cancelled | None, done: int, total: int
) -> None:
    if cancelled is not None and cancelled():
        raise ReportCancelledError(_("The report was cancelled."))
    if progress is not None:
        progress(done, total)


def _office_ids(session: Session, codes: Sequence[str]) -> list[int] | None:
    """The offices asked for and everything under them (a GIP's consultation sites, a
    Euregio's GIPs); None for the whole border."""
    if not codes:
        return None
    offices = session.execute(select(Office.id, Office.code, Office.parent_id)).all()
    by_code = {code: office_id for office_id, code, _parent in offices}
    children: dict[int, list[int]] = {}
    for office_id, _code, parent_id in offices:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(office_id)
    unknown = [code for code in codes if code not in by_code]
    if unknown:
        raise NotFoundError(_("Unknown office {code}.").format(code=", ".join(unknown)))
    chosen: set[int] = set()
    waiting = [by_code[code] for code in codes]
    while waiting:
        office_id = waiting.pop()
        if office_id not in chosen:
            chosen.add(office_id)
            waiting.extend(children.get(office_id, ()))
    return sorted(chosen)


def _series(
    figures: Figures, measure: str, category: str, fill: float | None = 0
) -> tuple[float | None, ...]:
    return tuple(figures.get(measure, {}).get(category) or empty_series(fill))


def _ordered(found: Mapping[str, object], order: Sequence[str]) -> list[str]:
    """The fixed categories first, in their usual order; anything unexpected after them."""
    return [*order, *sorted(code for code in found if code not in order)]


def _consultation_tables(figures: Figures, topic_order: Sequence[str]) -> list[ReportTable]:
    total = _series(figures, "consultations", "all")
    overview = ReportTable(
        "overview",
        (
            ReportRow("consultations", "all", "count", total),
            ReportRow("time_spent", "all", "hours", _series(figures, "hours", "all")),
            ReportRow(
                "median_duration", "all", "minutes", _series(figures, "median_minutes", "all", None)
            ),
        ),
    )
    tables = [overview]
    directions = [f"{home}>{work}" for home in COUNTRIES for work in COUNTRIES]
    for key, order in (
        ("channel", CHANNELS),
        ("language", LANGUAGES),
        ("profile", PROFILES),
        ("direction", directions),
    ):
        found = figures.get(key, {})
        codes = _ordered(found, order)
        if key == "direction":
            # Nine possible directions; only those seen in the window are worth a line.
            codes = [code for code in codes if code in found]
        tables.append(
            ReportTable(
                key,
                tuple(ReportRow(key, code, "count", _series(figures, key, code)) for code in codes),
            )
        )
    mentions = figures.get("topic_mentions", {})
    counted = [index for index in range(len(total)) if index in COMPARED]
    topic_rows: list[ReportRow] = []
    # Topics nobody asked about in the whole window would only lengthen the table.
    for code in [code for code in _ordered(mentions, topic_order) if code in mentions]:
        mentioned = _series(figures, "topic_mentions", code, None)
        topic_rows.append(ReportRow("topic_mentions", code, "count", mentioned))
        share = tuple(
            (count or 0) / whole if whole and index in counted else None
            for index, (count, whole) in enumerate(zip(mentioned, total, strict=True))
        )
        topic_rows.append(ReportRow("topic_share", code, "share", share))
    tables.append(ReportTable("topic", tuple(topic_rows), trend=False))
    offices = figures.get("office", {})
    tables.append(
        ReportTable(
            "office",
            tuple(
                ReportRow("office", code, "count", _series(figures, "office", code))
                for code in sorted(offices)
            ),
        )
    )
    return tables
