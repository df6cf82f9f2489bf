"""The parts of a report that rest on other parts of GrensDesk: escalations and letters.

Each section brings its queries and how its tables are laid out. When the part it reads
is not installed (its models cannot be imported), the section still appears, marked as
not available, so a report never fails for want of it and never pretends it had zeros.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from grensdesk.models import LANGUAGES
from grensdesk.services.report_figures import Figures, Step, empty_series
from grensdesk.services.report_types import ReportRow, ReportTable

ESCALATION_TABLES: Final = ("escalations", "escalation_topic", "escalation_office")
LETTER_TABLES: Final = ("letters",)


@dataclass(frozen=True)
class Section:
    name: str
    steps: tuple[Step, ...]
    layout: Callable[[Figures, Sequence[str]], list[ReportTable]]
    table_keys: tuple[str, ...]
    available: bool = True

    def tables(self, figures: Figures, topic_order: Sequence[str]) -> list[ReportTable]:
        if not self.available:
            return [ReportTable(key, (), available=False) for key in self.table_keys]
        return self.layout(figures, topic_order)


def _rows(
    figures: Figures, measure: str, unit: str, order: Sequence[str] = (), keep_empty: bool = False
) -> tuple[ReportRow, ...]:
    found = figures.get(measure, {})
    codes = [code for code in order if keep_empty or code in found]
    codes += sorted(code for code in found if code not in order)
    fill: float | None = 0 if unit == "count" else None
    return tuple(
        ReportRow(measure, code, unit, tuple(found.get(code) or empty_series(fill)))
        for code in codes
    )


def _escalation_layout(figures: Figures, topic_order: Sequence[str]) -> list[ReportTable]:
    overview = (
        *_rows(figures, "escalations_opened", "count", ("all",), keep_empty=True),
        *_rows(figures, "escalations_answered", "count", ("all",), keep_empty=True),
        *_rows(figures, "answer_days_median", "days", ("all",), keep_empty=True),
        *_rows(figures, "answer_days_p90", "days", ("all",), keep_empty=True),
        *_rows(figures, "answered_in_time", "share", ("all",), keep_empty=True),
        *_rows(figures, "escalations_open", "count", ("all",), keep_empty=True),
    )
    return [
        ReportTable("escalations", overview),
        ReportTable("escalation_topic", _rows(figures, "escalation_topic", "count", topic_order)),
        ReportTable("escalation_office", _rows(figures, "escalation_office", "count")),
    ]


def _letter_layout(figures: Figures, topic_order: Sequence[str]) -> list[ReportTable]:
    del topic_order
    return [ReportTable("letters", _rows(figures, "letters", "count", LANGUAGES, keep_empty=True))]


def _escalation_section() -> Section:
    try:
        from grensdesk.services.report_escalations import (
            answer_times,
            escalation_counts,
            open_at_month_end,
        )
    except ImportError:
        return Section("escalations", (), _escalation_layout, ESCALATION_TABLES, available=False)
    return Section(
        "escalations",
        (escalation_counts, open_at_month_end, answer_times),
        _escalation_layout,
        ESCALATION_TABLES,
    )


def _letter_section() -> Section:
    try:
        from grensdesk.services.report_letters import letters_by_language
    except ImportError:
        return Section("letters", (), _letter_layout, LETTER_TABLES, available=False)
    return Section("letters", (letters_by_language,), _letter_layout, LETTER_TABLES)


ESCALATION_SECTION: Final = _escalation_section()
LETTER_SECTION: Final = _letter_section()
