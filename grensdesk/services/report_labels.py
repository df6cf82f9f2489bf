"""What a report's tables, rows and values are called, in the reader's language.

The PDF and the screen show labels and Babel-formatted numbers in the coordinator's
language; the CSV keeps the codes (machine-readable) and plain numbers.
"""

from __future__ import annotations

from typing import Final

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from grensdesk.i18n import N_, locale_for, translate_in
from grensdesk.services.labels import CHANNEL_LABELS, LANGUAGE_LABELS, PROFILE_LABELS
from grensdesk.services.report_months import MonthWindow, month_window
from grensdesk.services.report_types import MonthlyReport, ReportRow

SUPPRESSED: Final = "<5"
NO_VALUE: Final = "–"

TABLE_TITLES: Final = {
    "overview": N_("Consultations and time spent"),
    "channel": N_("Consultations by channel"),
    "language": N_("Consultations by language"),
    "profile": N_("Consultations by profile"),
    "direction": N_("Where people live and work"),
    "topic": N_("Topics"),
    "office": N_("Consultations by office"),
    "escalations": N_("Escalations to the back office"),
    "escalation_topic": N_("Escalations opened by topic"),
    "escalation_office": N_("Escalations answered by organisation"),
    "letters": N_("Letters by language"),
}
MEASURE_LABELS: Final = {
    "consultations": N_("Consultations"),
    "time_spent": N_("Time spent (hours)"),
    "median_duration": N_("Median duration (minutes)"),
    "escalations_opened": N_("Opened"),
    "escalations_answered": N_("Answered"),
    "answer_days_median": N_("Median working days to answer"),
    "answer_days_p90": N_("90th percentile of working days to answer"),
    "answered_in_time": N_("Answered within the deadline"),
    "escalations_open": N_("Open at month end"),
}
COUNTRY_CODES: Final = {"NL": "NL", "DE": "DE", "BE": "BE"}


class Labels:
    """Translations and number formats of one language, for one report."""

    def __init__(self, report: MonthlyReport, language: str) -> None:
        self.report = report
        self.language = language
        self.locale = locale_for(language)

    def __call__(self, message: str) -> str:
        return translate_in(self.language, message)

    def table_title(self, key: str) -> str:
        return self(TABLE_TITLES[key])

    def month_name(self, month: str) -> str:
        """ "March 2026" in the reader's language."""
        return format_date(
            self.window.first_day(self.window.months.index(month)), "LLLL y", locale=self.locale
        )

    def short_month(self, month: str) -> str:
        return format_date(
            self.window.first_day(self.window.months.index(month)), "LLL yy", locale=self.locale
        )

    @property
    def window(self) -> MonthWindow:
        return month_window(self.report.month)

    def scope(self) -> str:
        if not self.report.offices:
            return self(N_("Whole border"))
        return ", ".join(self.report.office_names.get(code, code) for code in self.report.offices)

    def row_label(self, table: str, row: ReportRow) -> str:
        code = row.category
        if row.measure in MEASURE_LABELS:
            return self(MEASURE_LABELS[row.measure])
        if table in ("channel",):
            return self(CHANNEL_LABELS.get(code, code))
        if table == "profile":
            return self(PROFILE_LABELS.get(code, code))
        if table in ("language", "letters"):
            return self(LANGUAGE_LABELS.get(code, code))
        if table == "direction":
            home, _sep, work = code.partition(">")
            return self(N_("lives {home} → works {work}")).format(home=home, work=work)
        if table in ("topic", "escalation_topic"):
            name = self.report.topic_names.get(code, {}).get(self.language, code)
            if row.measure == "topic_share":
                return self(N_("{topic}: share of consultations")).format(topic=name)
            return name
        if table in ("office", "escalation_office"):
            if code == "-":
                return self(N_("Unknown"))
            return self.report.office_names.get(code, code)
        return code

    def value(self, row: ReportRow, index: int) -> str:
        """A cell as the reader sees it: Babel's number format, "<5", or a dash."""
        if row.is_suppressed(index):
            return SUPPRESSED
        value = row.values[index]
        if value is None:
            return NO_VALUE
        if row.unit == "share":
            return format_percent(value, "#,##0.0%", locale=self.locale)
        if row.unit == "count":
            return format_decimal(value, "#,##0", locale=self.locale)
        return format_decimal(value, "#,##0.#", locale=self.locale)
