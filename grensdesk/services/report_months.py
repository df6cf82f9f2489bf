"""The months a monthly report looks at, with their boundaries in the border's clock.

A report for month M compares it with M-1 and with M-12 and draws the twelve months up
to M: so every figure is read for the thirteen months M-12 … M in one pass. A month
starts at midnight in Dutch (and German and Belgian) time, not at midnight UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from grensdesk.services.consultation_queries import month_bounds
from grensdesk.services.context import BORDER_ZONE

WINDOW: Final = 13  # M-12 … M
CURRENT: Final = WINDOW - 1
PREVIOUS: Final = WINDOW - 2
LAST_YEAR: Final = 0


@dataclass(frozen=True)
class MonthWindow:
    """Thirteen months ending at the report's month; ``bounds`` has fourteen UTC moments."""

    months: tuple[str, ...]
    bounds: tuple[dt.datetime, ...]

    @property
    def month(self) -> str:
        return self.months[CURRENT]

    @property
    def start(self) -> dt.datetime:
        return self.bounds[0]

    @property
    def end(self) -> dt.datetime:
        return self.bounds[-1]

    def month_end(self, index: int) -> dt.datetime:
        """The first moment after month ``index`` (UTC)."""
        return self.bounds[index + 1]

    def first_day(self, index: int) -> dt.date:
        return self.bounds[index].astimezone(BORDER_ZONE).date()


def month_window(month: str) -> MonthWindow:
    """The window ending at ``month`` (``YYYY-MM``); a malformed month is a ValidationError."""
    start, _end = month_bounds(month)  # validates, with the message people know
    local = start.astimezone(BORDER_ZONE)
    year, number = local.year, local.month
    firsts = []
    for back in range(WINDOW - 1, -2, -1):  # 12 months back … the month after
        total = year * 12 + (number - 1) - back
        firsts.append(dt.datetime(total // 12, total % 12 + 1, 1, tzinfo=BORDER_ZONE))
    months = tuple(f"{first.year:04d}-{first.month:02d}" for first in firsts[:-1])
    return MonthWindow(months=months, bounds=tuple(first.astimezone(dt.UTC) for first in firsts))
