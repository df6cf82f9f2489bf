"""The escalation figures of a monthly report: opened, answered, answer times, still open.

Counts are grouped by the database like the consultation figures. Answer times are in
working days on the answering office's calendar (weekends and that country's or German
state's public holidays, ``working_days``) from the day the clock started (``started_on``:
the day of escalating, or of the adviser's reply that reopened the case) to the day of
the answer, minus the working days the case waited for information from the adviser —
the same clock the deadline runs on. A holiday calendar is not something SQL knows, so the
database groups the answered escalations by (month, answering office, day opened, day
answered, days paused) and only those groups — not the escalations — are counted out in
Python, each once, weighted by how many escalations share it.

Median: the mean of the two middle values (of one, when the count is odd).
90th percentile: nearest rank, the value at position ceil(0.9 n) in ascending order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy import ColumnElement, and_, case, func, literal_column, or_, select
from sqlalchemy.orm import Session, aliased

from grensdesk.models import Office, Topic, UserAccount
from grensdesk.models.escalations import Escalation, EscalationMessage
from grensdesk.services.context import BORDER_ZONE
from grensdesk.services.report_figures import Figures, empty_series, month_index
from grensdesk.services.report_months import WINDOW, MonthWindow
from grensdesk.services.working_days import calendar_for, working_days_between

UNKNOWN_OFFICE: Final = "-"


def _scoped(office_ids: Sequence[int] | None) -> list[Any]:
    return [] if office_ids is None else [Escalation.office_id.in_(office_ids)]


def local_date(column: Any, dialect: str, window: MonthWindow) -> ColumnElement[Any]:
    """The calendar day, in the border's clock, of the UTC moment in ``column``.

    PostgreSQL converts itself; SQLite has no time zones, so the expression adds the
    offset (+1 or +2 hours) that held at that moment, picked with a CASE over the
    daylight-saving changes of the years concerned.
    """
    if dialect == "postgresql":
        return func.date(func.timezone(literal_column("'Europe/Amsterdam'"), column))
    years = range(window.start.year - 2, window.end.year + 1)
    summer = [_summer_time(year) for year in years]
    modifier = case(
        *(
            (and_(column >= start, column < end), literal_column("'+2 hours'"))
            for start, end in summer
        ),
        else_=literal_column("'+1 hours'"),
    )
    return func.date(column, modifier)


def _summer_time(year: int) -> tuple[dt.datetime, dt.datetime]:
    """When summer time starts and ends in ``year`` (UTC): found from the zone itself."""
    changes: list[dt.datetime] = []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    offset = moment.astimezone(BORDER_ZONE).utcoffset()
    while moment.year == year and len(changes) < 2:
        following = moment + dt.timedelta(hours=1)
        now = following.astimezone(BORDER_ZONE).utcoffset()
        if now != offset:
            changes.append(following)
            offset = now
        # Whole days until close to a change, then hour by hour; the offset changes twice.
        moment = following if following.month in (3, 10) else following + dt.timedelta(hours=23)
    start, end = (changes + [dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)] * 2)[:2]
    return start, end


def escalation_counts(
    session: Session, window: MonthWindow, office_ids: Sequence[int] | None
) -> Figures:
    """Opened per month and topic; answered per month and answering organisation."""
    opened_rows = (
        select(month_index(Escalation.created_at, window).label("m"), Escalation.topic_id)
        .where(
            Escalation.created_at >= window.start,
            Escalation.created_at < window.end,
            *_scoped(office_ids),
        )
        .subquery("opened")
    )
    figures: Figures = {
        "escalations_opened": {"all": empty_series()},
        "escalations_answered": {"all": empty_series()},
        "escalation_topic": {},
        "escalation_office": {},
    }
    for month, code, count in session.execute(
        select(opened_rows.c.m, Topic.code, func.count())
        .join(Topic, Topic.id == opened_rows.c.topic_id)
        .group_by(opened_rows.c.m, Topic.code)
    ):
        figures["escalation_topic"].setdefault(code, empty_series())[month] = int(count)
        total = figures["escalations_opened"]["all"]
        total[month] = (total[month] or 0) + int(count)
    assignee = aliased(UserAccount)
    answered_rows = (
        select(
            month_index(Escalation.answered_at, window).label("m"),
            func.coalesce(Escalation.answering_office_id, assignee.office_id).label("office_id"),
        )
        .outerjoin(assignee, assignee.id == Escalation.assignee_id)
        .where(
            Escalation.answered_at >= window.start,
            Escalation.answered_at < window.end,
            *_scoped(office_ids),
        )
        .subquery("answered")
    )
    for month, code, count in session.execute(
        select(answered_rows.c.m, Office.code, func.count())
        .outerjoin(Office, Office.id == answered_rows.c.office_id)
        .group_by(answered_rows.c.m, Office.code)
    ):
        key = code or UNKNOWN_OFFICE
        figures["escalation_office"].setdefault(key, empty_series())[month] = int(count)
        total = figures["escalations_answered"]["all"]
        total[month] = (total[month] or 0) + int(count)
    return figures


def open_at_month_end(
    session: Session, window: MonthWindow, office_ids: Sequence[int] | None
) -> Figures:
    """Escalations opened before a month's end and neither answered, returned nor closed by
    then: thirteen conditional counts in one pass."""
    returned = (
        select(
            EscalationMessage.escalation_id,
            func.min(EscalationMessage.created_at).label("returned_at"),
        )
        .where(EscalationMessage.kind == "return")
        .group_by(EscalationMessage.escalation_id)
        .subquery("returned")
    )

    def still_open(end: dt.datetime) -> ColumnElement[bool]:
        return and_(
            Escalation.created_at < end,
            *(
                or_(moment.is_(None), moment >= end)
                for moment in (Escalation.answered_at, Escalation.closed_at, returned.c.returned_at)
            ),
        )

    counts = [
        func.sum(case((still_open(window.month_end(month)), 1), else_=0)) for month in range(WINDOW)
    ]
    found = session.execute(
        select(*counts)
        .outerjoin(returned, returned.c.escalation_id == Escalation.id)
        .where(Escalation.created_at < window.end, *_scoped(office_ids))
    ).one()
    return {"escalations_open": {"all": [int(value or 0) for value in found]}}


def answer_times(
    session: Session, window: MonthWindow, office_ids: Sequence[int] | None
) -> Figures:
    """Median and 90th percentile of working days to answer, and the share on time."""
    dialect = session.get_bind().dialect.name
    calendar_office = aliased(Office)
    answered_on = local_date(Escalation.answered_at, dialect, window)
    rows = (
        select(
            month_index(Escalation.answered_at, window).label("m"),
            calendar_office.country.label("country"),
            calendar_office.region.label("region"),
            Escalation.started_on.label("opened_on"),
            answered_on.label("answered_on"),
            Escalation.paused_working_days.label("paused"),
            case((answered_on <= Escalation.due_on, 1), else_=0).label("on_time"),
        )
        # The deadline's calendar: the answering office's, or while there was none the
        # escalating office's (as the escalations themselves count it).
        .join(
            calendar_office,
            calendar_office.id
            == func.coalesce(Escalation.answering_office_id, Escalation.office_id),
        )
        .where(
            Escalation.answered_at >= window.start,
            Escalation.answered_at < window.end,
            *_scoped(office_ids),
        )
        .subquery("answers")
    )
    grouped = select(
        rows.c.m,
        rows.c.country,
        rows.c.region,
        rows.c.opened_on,
        rows.c.answered_on,
        rows.c.paused,
        func.sum(rows.c.on_time),
        func.count(),
    ).group_by(
        rows.c.m, rows.c.country, rows.c.region, rows.c.opened_on, rows.c.answered_on, rows.c.paused
    )
    spans: list[dict[int, int]] = [{} for _ in range(WINDOW)]
    on_time = [0] * WINDOW
    for month, country, region, opened, answered, paused, in_time, count in session.execute(
        grouped
    ):
        calendar = calendar_for(country or "NL", region)
        days = max(0, working_days_between(_day(opened), _day(answered), calendar) - int(paused))
        spans[month][days] = spans[month].get(days, 0) + int(count)
        on_time[month] += int(in_time or 0)
    medians = empty_series(None)
    p90 = empty_series(None)
    shares = empty_series(None)
    for month, histogram in enumerate(spans):
        answered_count = sum(histogram.values())
        if not answered_count:
            continue
        medians[month] = (
            _at(histogram, (answered_count - 1) // 2) + _at(histogram, answered_count // 2)
        ) / 2
        p90[month] = _at(histogram, math.ceil(0.9 * answered_count) - 1)
        shares[month] = on_time[month] / answered_count
    return {
        "answer_days_median": {"all": medians},
        "answer_days_p90": {"all": p90},
        "answered_in_time": {"all": shares},
    }


def _day(value: object) -> dt.date:
    """SQLite's date() gives text, PostgreSQL's a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _at(histogram: dict[int, int], position: int) -> int:
    """The value at ``position`` (from 0) of the sorted values the histogram counts."""
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen > position:
            return value
    raise IndexError(position)
