"""Small counts in an external report: withheld as "<5", and not recoverable from the rest.

Rules (docs/reports.md says the same to the reader):

1. A count of 1 to 4 is withheld (0 is shown: nobody can be recognised in nobody).
2. Where the rows of a table split one total (channels, languages, profiles, directions,
   offices, letters by language, escalations by organisation or topic) and a month has
   exactly one withheld cell, the next smallest non-zero cell of that month is withheld
   too, so that total minus the others does not give the small count back.
3. Figures computed from a withheld count go with it: a topic's share with its mentions;
   time spent and the median duration with a month of fewer than 5 consultations; the
   answer-time figures with fewer than 5 answered escalations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final

from grensdesk.services.report_months import WINDOW
from grensdesk.services.report_types import ReportRow, ReportTable

THRESHOLD: Final = 5
# Tables whose count rows add up to one total (rule 2).
PARTITIONS: Final = frozenset(
    {
        "channel",
        "language",
        "profile",
        "direction",
        "office",
        "letters",
        "escalation_topic",
        "escalation_office",
    }
)
# measure -> the (measure, category) whose count decides whether it may be shown (rule 3).
DEPENDS_ON: Final = {
    "time_spent": ("consultations", "all"),
    "median_duration": ("consultations", "all"),
    "answer_days_median": ("escalations_answered", "all"),
    "answer_days_p90": ("escalations_answered", "all"),
    "answered_in_time": ("escalations_answered", "all"),
}


def is_small(value: float | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def suppress_small_counts(table: ReportTable) -> ReportTable:
    rows = list(table.rows)
    hidden: list[set[int]] = [
        {month for month, value in enumerate(row.values) if is_small(value)}
        if row.unit == "count"
        else set()
        for row in rows
    ]
    if table.key in PARTITIONS:
        _complementary(rows, hidden)
    by_key = {(row.measure, row.category): number for number, row in enumerate(rows)}
    for number, row in enumerate(rows):
        source: tuple[str, str] | None = DEPENDS_ON.get(row.measure)
        if row.measure == "topic_share":
            source = ("topic_mentions", row.category)
        if source is None:
            continue
        if source in by_key:
            hidden[number] |= hidden[by_key[source]]
            basis = rows[by_key[source]].values
            hidden[number] |= {month for month, value in enumerate(basis) if is_small(value)}
    return replace(
        table, rows=tuple(_withheld(row, months) for row, months in zip(rows, hidden, strict=True))
    )


def _complementary(rows: Sequence[ReportRow], hidden: list[set[int]]) -> None:
    counts = [number for number, row in enumerate(rows) if row.unit == "count"]
    for month in range(WINDOW):
        withheld = [number for number in counts if month in hidden[number]]
        if len(withheld) != 1:
            continue
        candidates = [
            number
            for number in counts
            if month not in hidden[number] and (rows[number].values[month] or 0) > 0
        ]
        if candidates:
            smallest = min(candidates, key=lambda number: rows[number].values[month] or 0)
            hidden[smallest].add(month)


def _withheld(row: ReportRow, months: Iterable[int]) -> ReportRow:
    months = frozenset(months)
    if not months:
        return row
    values = tuple(None if month in months else value for month, value in enumerate(row.values))
    return replace(row, values=values, suppressed=row.suppressed | months)
