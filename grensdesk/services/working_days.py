"""Working days on an office's calendar: weekends and the public holidays where it sits.

Deadlines for escalations are counted on the answering office's calendar: Dutch public
holidays, the German state's (NRW and Niedersachsen differ: 1 November versus
31 October) or Belgium's, from the ``holidays`` library.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Final

import holidays

# How the office table names a German state, and the subdivision code ``holidays`` knows it by.
GERMAN_STATES: Final = {
    "NRW": "NW",
    "Nordrhein-Westfalen": "NW",
    "Niedersachsen": "NI",
    "Rheinland-Pfalz": "RP",
    "Saarland": "SL",
}
# Years loaded at once; a calendar extends itself when asked about a later year.
_SPAN: Final = 3


@dataclass(frozen=True)
class Calendar:
    """The public holidays of one country (and German state); weekends are never working days."""

    country: str
    subdivision: str | None = None
    _holidays: holidays.HolidayBase = field(init=False, repr=False, compare=False, hash=False)
    _sorted: list[dt.date] = field(init=False, repr=False, compare=False, hash=False)
    _years: set[int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_holidays", holidays.country_holidays(self.country, subdiv=self.subdivision)
        )
        object.__setattr__(self, "_sorted", [])
        object.__setattr__(self, "_years", set())

    def _ensure(self, year: int) -> None:
        if year in self._years:
            return
        years = self._years | set(range(year - _SPAN, year + _SPAN + 1))
        loaded = holidays.country_holidays(self.country, subdiv=self.subdivision, years=years)
        object.__setattr__(self, "_holidays", loaded)
        self._years.update(years)
        self._sorted[:] = sorted(day for day in loaded if day.weekday() < 5)

    def is_holiday(self, day: dt.date) -> bool:
        self._ensure(day.year)
        return day in self._holidays

    def holiday_name(self, day: dt.date) -> str | None:
        self._ensure(day.year)
        name = self._holidays.get(day)
        return None if name is None else str(name)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def weekday_holidays_between(self, start: dt.date, end: dt.date) -> int:
        """Holidays on Monday–Friday with start < day <= end."""
        self._ensure(start.year)
        self._ensure(end.year)
        return bisect.bisect_right(self._sorted, end) - bisect.bisect_right(self._sorted, start)

    @property
    def label(self) -> str:
        return self.country if self.subdivision is None else f"{self.country}-{self.subdivision}"


@cache
def calendar_for(country: str, region: str | None = None) -> Calendar:
    """The calendar of an office in ``country`` (and, in Germany, its state)."""
    subdivision = GERMAN_STATES.get(region or "") if country == "DE" else None
    if country == "DE" and subdivision is None:
        # Unknown state: only the nationwide holidays, rather than another state's.
        return Calendar("DE")
    return Calendar(country, subdivision)


def _weekdays_between(start: dt.date, end: dt.date) -> int:
    """Monday–Friday days with start < day <= end (0 when end <= start)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = start.weekday()
    for offset in range(1, rest + 1):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def working_days_between(start: dt.date, end: dt.date, calendar: Calendar) -> int:
    """Working days after ``start`` up to and including ``end``; negative when end < start.

    So ``working_days_between(d, add_working_days(d, n, c), c) == n`` for n >= 0.
    """
    if end < start:
        return -working_days_between(end, start, calendar)
    return _weekdays_between(start, end) - calendar.weekday_holidays_between(start, end)


def add_working_days(start: dt.date, count: int, calendar: Calendar) -> dt.date:
    """The ``count``-th working day after ``start`` (``start`` itself when count is 0)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    # Jump whole weeks first, then step over what holidays and the rest still need.
    remaining = count
    while remaining > 0:
        if remaining >= 10:
            target = day + dt.timedelta(weeks=remaining // 5 - 1)
            remaining -= working_days_between(day, target, calendar)
            day = target
            continue
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day
