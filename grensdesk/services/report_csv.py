"""A monthly report as one tidy CSV table (columns documented in docs/reports.md).

One line per figure of the report's month: month, office (the report's scope), measure,
category (codes, not translations: the file is for further processing), unit, value,
and the same figure in the previous month and in the same month last year. Numbers are
plain (a full stop for decimals, no thousands separator), shares are fractions (0.25);
"<5" is a withheld small count, an empty cell a figure that has no value (the median of
no consultations). Sections whose data is not available have no lines.
"""

from __future__ import annotations

import csv
import io
from typing import Final

from grensdesk.services.report_months import CURRENT, LAST_YEAR, PREVIOUS
from grensdesk.services.report_types import MonthlyReport, ReportRow

COLUMNS: Final = (
    "month",
    "office",
    "measure",
    "category",
    "unit",
    "value",
    "previous_month",
    "same_month_last_year",
)
DECIMALS: Final = {"count": 0, "hours": 2, "minutes": 1, "days": 1, "share": 4}


def plain_number(row: ReportRow, index: int) -> str:
    if row.is_suppressed(index):
        return "<5"
    value = row.values[index]
    if value is None:
        return ""
    decimals = DECIMALS.get(row.unit, 2)
    if decimals == 0:
        return str(round(value))
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def report_csv(report: MonthlyReport) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read ü and é right."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for table in report.tables:
        for row in table.rows:
            writer.writerow(
                (
                    report.month,
                    report.scope,
                    row.measure,
                    row.category,
                    row.unit,
                    plain_number(row, CURRENT),
                    plain_number(row, PREVIOUS),
                    plain_number(row, LAST_YEAR),
                )
            )
    return buffer.getvalue().encode("utf-8-sig")
