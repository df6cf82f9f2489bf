"""The consultation figures of a monthly report, aggregated by the database.

A report looks at thirteen months (M-12 … M). Each month is read as its own range of the
indexed started_at, with the month boundaries computed beforehand in the border's clock
(so both engines agree and no SQL time-zone function is needed), and grouped in SQL; the
months are glued with UNION ALL. Python only receives the grouped rows: a few thousand at
most, however many consultations there are. Medians come from a histogram of whole
minutes and a running total (window functions, on SQLite and PostgreSQL alike).

Nothing here reads the citizen table or the notes: a report holds no personal data, and
anonymising or erasing a citizen cannot change it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from grensdesk.models import Consultation, Office, Topic, consultation_topic
from grensdesk.services.report_months import CURRENT, LAST_YEAR, PREVIOUS, WINDOW, MonthWindow

# measure -> category -> one value per month of the window (M-12 … M)
Figures = dict[str, dict[str, list[float | None]]]
Step = Callable[[Session, MonthWindow, Sequence[int] | None], Figures]

# The categorical breakdowns that come from one scan (see _breakdowns).
BREAKDOWNS: Final = ("channel", "language", "profile", "direction")
# The months a figure without a trend is counted for.
COMPARED: Final = (LAST_YEAR, PREVIOUS, CURRENT)


def empty_series(fill: float | None = 0) -> list[float | None]:
    return [fill] * WINDOW


def month_index(column: Any, window: MonthWindow) -> ColumnElement[int]:
    """0 … 12: which month of the window the moment in ``column`` falls in.

    For the small tables (escalations, letters); the consultation queries read each month
    as a range of its own instead (see ``_per_month``), which spares SQLite a CASE per row.
    """
    return case(
        *((column < window.bounds[number + 1], number) for number in range(WINDOW)),
        else_=None,
    )


def _per_month(
    window: MonthWindow,
    office_ids: Sequence[int] | None,
    columns: Sequence[Any],
    grouped: Sequence[Any],
    join: tuple[Any, Any] | None = None,
    months: Sequence[int] = range(WINDOW),
) -> CompoundSelect[Any]:
    """One grouped SELECT per month (of the window, or ``months`` of it), glued with UNION ALL.

    Each arm is a range on the indexed started_at, with the month's number as a constant:
    thirteen small sorts instead of one large one with a computed month per row.
    """
    arms = []
    for number in months:
        query = select(literal_column(str(number)).label("m"), *columns).select_from(Consultation)
        if join is not None:
            query = query.join(*join)
        conditions: list[Any] = [
            Consultation.started_at >= window.bounds[number],
            Consultation.started_at < window.bounds[number + 1],
        ]
        if office_ids is not None:
            conditions.append(Consultation.office_id.in_(office_ids))
        arms.append(query.where(*conditions).group_by(*grouped))
    return union_all(*arms)


def _count(value: Any) -> int:
    return int(value or 0)


def _breakdowns(session: Session, window: MonthWindow, office_ids: Sequence[int] | None) -> Figures:
    """Totals, time spent, and counts by channel, language, profile and direction.

    One pass groups the window into a small cube (month x channel x language x profile x
    residence x work); the database then sums that cube once per breakdown. Both engines
    materialise a CTE that is referenced more than once, so the consultations are read once.
    """
    dimensions = (
        Consultation.channel,
        Consultation.language,
        Consultation.profile,
        Consultation.residence_country,
        Consultation.work_country,
    )
    cube = _per_month(
        window,
        office_ids,
        [
            *dimensions,
            func.count().label("n"),
            func.sum(Consultation.duration_minutes).label("minutes"),
        ],
        dimensions,
    ).cte("cube")
    direction = cube.c.residence_country + literal_column("'>'") + cube.c.work_country
    arms: list[Select[Any]] = [
        select(
            literal_column("'consultations'").label("measure"),
            cube.c.m,
            literal_column("'all'").label("category"),
            func.sum(cube.c.n).label("n"),
            func.sum(cube.c.minutes).label("minutes"),
        ).group_by(cube.c.m)
    ]
    for measure, column, grouped in (
        ("channel", cube.c.channel, (cube.c.channel,)),
        ("language", cube.c.language, (cube.c.language,)),
        ("profile", cube.c.profile, (cube.c.profile,)),
        ("direction", direction, (cube.c.residence_country, cube.c.work_country)),
    ):
        arms.append(
            select(
                literal_column(f"'{measure}'").label("measure"),
                cube.c.m,
                column.label("category"),
                func.sum(cube.c.n).label("n"),
                literal_column("0").label("minutes"),
            ).group_by(cube.c.m, *grouped)
        )
    figures: Figures = {
        "consultations": {"all": empty_series()},
        "hours": {"all": empty_series()},
        **{measure: {} for measure in BREAKDOWNS},
    }
    for measure, month, category, count, minutes in session.execute(union_all(*arms)):
        if measure == "consultations":
            figures["consultations"]["all"][month] = _count(count)
            figures["hours"]["all"][month] = _count(minutes) / 60
        else:
            figures[measure].setdefault(category, empty_series())[month] = _count(count)
    return figures


def _topics(session: Session, window: MonthWindow, office_ids: Sequence[int] | None) -> Figures:
    """Mentions per topic: a consultation about tax and pension counts for both.

    Only for the month and the two it is compared with: the join to the topics is the
    costliest read of a report (a probe per consultation), and the trend is drawn for the
    totals. The other months stay None (the table says it has no trend).
    """
    join = (consultation_topic, consultation_topic.c.consultation_id == Consultation.id)
    if session.get_bind().dialect.name == "sqlite":
        # SQLite probes the topics per consultation: a range per month spares a CASE per row.
        counted = _per_month(
            window,
            office_ids,
            [consultation_topic.c.topic_id, func.count().label("n")],
            [consultation_topic.c.topic_id],
            join=join,
            months=COMPARED,
        ).subquery("counted")
    else:
        counted = _topics_in_one_read(window, office_ids, join)
    mentions: dict[str, list[float | None]] = {}
    for month, code, count in session.execute(
        select(counted.c.m, Topic.code, counted.c.n).join(Topic, Topic.id == counted.c.topic_id)
    ):
        mentions.setdefault(code, _compared_series())[month] = _count(count)
    return {"topic_mentions": mentions}


def _topics_in_one_read(
    window: MonthWindow, office_ids: Sequence[int] | None, join: tuple[Any, Any]
) -> Any:
    """The three months in one read: PostgreSQL hashes the join, and one query per month
    would read the whole of consultation_topic once for every month."""
    conditions: list[Any] = [
        or_(
            *(
                and_(
                    Consultation.started_at >= window.bounds[month],
                    Consultation.started_at < window.bounds[month + 1],
                )
                for month in COMPARED
            )
        )
    ]
    if office_ids is not None:
        conditions.append(Consultation.office_id.in_(office_ids))
    rows = (
        select(
            month_index(Consultation.started_at, window).label("m"), consultation_topic.c.topic_id
        )
        .select_from(Consultation)
        .join(*join)
        .where(*conditions)
        .subquery("rows")
    )
    return (
        select(rows.c.m, rows.c.topic_id, func.count().label("n"))
        .group_by(rows.c.m, rows.c.topic_id)
        .subquery("counted")
    )


def _compared_series() -> list[float | None]:
    """0 in the compared months, None (not counted) in the others."""
    series = empty_series(None)
    for month in COMPARED:
        series[month] = 0
    return series


def _median_duration(
    session: Session, window: MonthWindow, office_ids: Sequence[int] | None
) -> Figures:
    """The median length in minutes per month: the middle of a histogram of whole minutes.

    With n consultations (sorted by length, counted from 0) the median is the mean of
    those at positions (n-1)//2 and n//2; a position k holds the first length whose running
    total exceeds k.
    """
    histogram = _per_month(
        window,
        office_ids,
        [Consultation.duration_minutes.label("d"), func.count().label("n")],
        [Consultation.duration_minutes],
    ).subquery("histogram")
    running = select(
        histogram.c.m,
        histogram.c.d,
        func.sum(histogram.c.n)
        .over(partition_by=histogram.c.m, order_by=histogram.c.d)
        .label("upto"),
        func.sum(histogram.c.n).over(partition_by=histogram.c.m).label("total"),
    ).subquery("running")
    query = select(
        running.c.m,
        func.min(case((running.c.upto > (running.c.total - 1) / 2, running.c.d))),
        func.min(case((running.c.upto > running.c.total / 2, running.c.d))),
    ).group_by(running.c.m)
    medians = empty_series(None)
    for month, lower, upper in session.execute(query):
        medians[month] = (int(lower) + int(upper)) / 2
    return {"median_minutes": {"all": medians}}


def _offices(session: Session, window: MonthWindow, office_ids: Sequence[int] | None) -> Figures:
    """Consultations per office (a site counts under its own code)."""
    counted = _per_month(
        window,
        office_ids,
        [Consultation.office_id, func.count().label("n")],
        [Consultation.office_id],
    ).subquery("counted")
    per_office: dict[str, list[float | None]] = {}
    for month, code, count in session.execute(
        select(counted.c.m, Office.code, counted.c.n).join(Office, Office.id == counted.c.office_id)
    ):
        per_office.setdefault(code, empty_series())[month] = _count(count)
    return {"office": per_office}


CONSULTATION_STEPS: Final[tuple[Step, ...]] = (_breakdowns, _topics, _median_duration, _offices)
