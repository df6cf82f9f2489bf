"""A monthly report as a workbook: a cover sheet, then one sheet per table.

Each table sheet has a line per category: its name in the reader's language, its code,
the month, the previous month, the same month last year, and the twelve months of the
trend. Cells hold real numbers with a number format (counts, hours, percentages), so a
coordinator can compute on them; only a withheld small count is the text "<5".
"""

from __future__ import annotations

import io
from typing import Final

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from grensdesk.i18n import N_
from grensdesk.services.report_labels import SUPPRESSED, Labels
from grensdesk.services.report_months import CURRENT, LAST_YEAR, PREVIOUS
from grensdesk.services.report_types import MonthlyReport, ReportRow, ReportTable

NUMBER_FORMATS: Final = {
    "count": "#,##0",
    "hours": "#,##0.0",
    "minutes": "0.0",
    "days": "0.0",
    "share": "0.0%",
}
BOLD: Final = Font(bold=True)
# Excel refuses sheet names longer than 31 characters or with []:*?/\ in them.
SHEET_NAME_LIMIT: Final = 31


def report_xlsx(report: MonthlyReport, language: str) -> bytes:
    labels = Labels(report, language)
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = _sheet_name(labels(N_("Report")), set())
    _cover(cover, report, labels)
    used = {cover.title}
    for table in report.tables:
        sheet = book.create_sheet(_sheet_name(labels.table_title(table.key), used))
        used.add(sheet.title)
        _table_sheet(sheet, table, labels)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title)[:SHEET_NAME_LIMIT]
    name, number = cleaned, 2
    while name in used:
        suffix = f" ({number})"
        name = cleaned[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    return name


def _cover(sheet: Worksheet, report: MonthlyReport, labels: Labels) -> None:
    sheet["A1"] = labels(N_("Monthly activity report"))
    sheet["A1"].font = Font(bold=True, size=14)
    lines = [
        (labels(N_("Month")), labels.month_name(report.month)),
        (labels(N_("Offices")), labels.scope()),
        (
            labels(N_("Version")),
            labels(N_("External: counts below 5 are shown as <5"))
            if report.external
            else labels(N_("Internal")),
        ),
        (labels(N_("Generated")), report.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
    ]
    if not report.has_data:
        lines.append(("", labels(N_("There was no activity in this month for these offices."))))
    for number, (name, value) in enumerate(lines, start=3):
        sheet.cell(number, 1, name).font = BOLD
        sheet.cell(number, 2, value)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 60


def _table_sheet(sheet: Worksheet, table: ReportTable, labels: Labels) -> None:
    months = labels.window.months
    sheet["A1"] = labels.table_title(table.key)
    sheet["A1"].font = Font(bold=True, size=12)
    if not table.available:
        sheet["A3"] = labels(N_("Not available: this database has no such data."))
        return
    # Tables without a trend (topics) were counted for the compared months only.
    trend = list(range(1, len(months))) if table.trend else []
    headers = [
        labels(N_("Category")),
        labels(N_("Code")),
        labels.month_name(months[CURRENT]),
        labels(N_("Previous month")),
        labels(N_("Same month last year")),
        *(labels.short_month(months[index]) for index in trend),
    ]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(3, column, header)
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="left" if column <= 2 else "right", wrap_text=True)
    for number, row in enumerate(table.rows, start=4):
        sheet.cell(number, 1, labels.row_label(table.key, row))
        sheet.cell(number, 2, _code(row))
        for column, index in enumerate((CURRENT, PREVIOUS, LAST_YEAR, *trend), start=3):
            _number(sheet, number, column, row, index)
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 18
    for column in range(3, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    sheet.freeze_panes = "C4"


def _code(row: ReportRow) -> str:
    """The CSV's codes, so a sheet can be matched with the CSV: the measure for a single
    figure, the category otherwise (a topic's share marked as such)."""
    if row.category == "all":
        return row.measure
    if row.measure == "topic_share":
        return f"{row.category}:share"
    return row.category


def _number(sheet: Worksheet, line: int, column: int, row: ReportRow, index: int) -> None:
    if row.is_suppressed(index):
        cell = sheet.cell(line, column, SUPPRESSED)
        cell.alignment = Alignment(horizontal="right")
        return
    value = row.values[index]
    if value is None:
        return
    number = round(value) if row.unit == "count" else value
    cell = sheet.cell(line, column, number)
    cell.number_format = NUMBER_FORMATS.get(row.unit, "General")
