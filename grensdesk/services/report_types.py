"""What a monthly report is made of: rows of figures over the window, tables, the report.

Plain frozen dataclasses without any reading or writing, shared by the service that fills
them (``reports``), the privacy rules (``report_privacy``) and the writers (PDF, CSV, XLSX).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final

from grensdesk.services.report_months import CURRENT, LAST_YEAR, PREVIOUS

WHOLE_BORDER: Final = "ALL"


@dataclass(frozen=True)
class ReportRow:
    """One figure over the window: ``values[12]`` is the report's month.

    ``None`` is "no value" (a median of no consultations) or, when the index is in
    ``suppressed``, a small count withheld from an external report ("<5").
    """

    measure: str
    category: str
    unit: str  # count | hours | minutes | days | share
    values: tuple[float | None, ...]
    suppressed: frozenset[int] = frozenset()

    @property
    def current(self) -> float | None:
        return self.values[CURRENT]

    @property
    def previous(self) -> float | None:
        return self.values[PREVIOUS]

    @property
    def last_year(self) -> float | None:
        return self.values[LAST_YEAR]

    @property
    def trend(self) -> tuple[float | None, ...]:
        """The twelve months up to and including the report's month."""
        return self.values[1:]

    def is_suppressed(self, index: int) -> bool:
        return index in self.suppressed


@dataclass(frozen=True)
class ReportTable:
    """One table of the report; ``available`` is False when the database has no such data
    at all (a section whose part of GrensDesk is not installed)."""

    key: str
    rows: tuple[ReportRow, ...]
    available: bool = True
    trend: bool = True  # False: only the month, the previous month and last year are counted

    def row(self, measure: str, category: str = "all") -> ReportRow:
        for row in self.rows:
            if row.measure == measure and row.category == category:
                return row
        raise KeyError((measure, category))


@dataclass(frozen=True)
class MonthlyReport:
    month: str
    months: tuple[str, ...]  # the window, oldest first; months[12] == month
    offices: tuple[str, ...]  # the codes asked for; () is the whole border
    external: bool
    generated_at: dt.datetime
    tables: tuple[ReportTable, ...]
    topic_names: dict[str, dict[str, str]] = field(default_factory=dict)
    office_names: dict[str, str] = field(default_factory=dict)

    @property
    def scope(self) -> str:
        """The office column of the CSV: the chosen codes, or ALL for the whole border."""
        return "+".join(self.offices) if self.offices else WHOLE_BORDER

    @property
    def has_data(self) -> bool:
        """Anything at all happened in the report's month (in the chosen offices)."""
        return any(
            row.unit == "count" and (row.current or row.is_suppressed(CURRENT))
            for table in self.tables
            for row in table.rows
        )

    def table(self, key: str) -> ReportTable:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)
