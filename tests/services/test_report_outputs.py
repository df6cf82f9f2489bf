"""The report's files read back with their standard readers: csv, openpyxl, pypdf."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from grensdesk.bootstrap import Database
from grensdesk.i18n import translate_in
from grensdesk.services.context import system_actor
from grensdesk.services.report_csv import COLUMNS, report_csv
from grensdesk.services.report_files import render_report, write_atomically
from grensdesk.services.report_labels import TABLE_TITLES
from grensdesk.services.report_months import CURRENT, LAST_YEAR, PREVIOUS
from grensdesk.services.report_pdf import report_pdf
from grensdesk.services.report_types import MonthlyReport
from grensdesk.services.report_xlsx import report_xlsx
from grensdesk.services.reports import monthly_report
from tests.services.report_support import (
    REPORT_MONTH,
    build_known_data,
    expected_consultation_figures,
    insert_known_data,
)


@pytest.fixture
def report(database: Database) -> MonthlyReport:
    insert_known_data(database, build_known_data())
    return monthly_report(database.sessions, system_actor(), REPORT_MONTH)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def number(text: str) -> float | None:
    return None if text == "" else float(text)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_csv_is_one_tidy_table_of_the_report(report: MonthlyReport) -> None:
    rows = csv_rows(report_csv(report))
    assert tuple(rows[0]) == COLUMNS
    assert {row["month"] for row in rows} == {REPORT_MONTH}
    assert {row["office"] for row in rows} == {"ALL"}
    by_key = {(row["measure"], row["category"]): row for row in rows}
    assert len(by_key) == len(rows)
    count = sum(len(table.rows) for table in report.tables if table.available)
    assert len(rows) == count
    for table in report.tables:
        for figure in table.rows:
            line = by_key[figure.measure, figure.category]
            assert line["unit"] == figure.unit
            for column, index in (
                ("value", CURRENT),
                ("previous_month", PREVIOUS),
                ("same_month_last_year", LAST_YEAR),
            ):
                expected = figure.values[index]
                found = number(line[column])
                if expected is None:
                    assert found is None
                else:
                    assert found == pytest.approx(expected, abs=0.006), (line, column)
    expected = expected_consultation_figures(
        build_known_data(), REPORT_MONTH
    )  # ids do not matter for the counts
    assert by_key["consultations", "all"]["value"] == str(expected["consultations", "all"][12])
    assert by_key["channel", "phone"]["previous_month"] == str(expected["channel", "phone"][11])


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_xlsx_has_a_sheet_per_table_with_real_numbers(report: MonthlyReport) -> None:
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "nl")))
    assert len(book.sheetnames) == 1 + len(report.tables)
    overview = book[book.sheetnames[1]]
    assert overview["A1"].value == translate_in("nl", TABLE_TITLES["overview"])
    # Row 4 is the first figure: consultations; C the month, D the previous, E last year.
    figure = report.table("overview").row("consultations")
    assert overview["B4"].value == "consultations"
    assert overview["C4"].value == figure.current
    assert overview["D4"].value == figure.previous
    assert overview["E4"].value == figure.last_year
    assert overview["C4"].data_type == "n" and overview["C4"].number_format == "#,##0"
    hours = overview["C5"]
    assert isinstance(hours.value, float) and hours.number_format == "#,##0.0"
    # The twelve trend months follow: F … Q, the last is the report's month again.
    assert overview["Q4"].value == figure.current
    topics = book[book.sheetnames[1 + [t.key for t in report.tables].index("topic")]]
    shares = [
        topics.cell(line, 3)
        for line in range(4, topics.max_row + 1)
        if str(topics.cell(line, 2).value).endswith(":share")
    ]
    assert shares and all(cell.number_format == "0.0%" for cell in shares)
    assert all(0 <= cell.value <= 1 for cell in shares)
    for sheet in book.worksheets[1:]:
        for line in sheet.iter_rows(min_row=4, min_col=3):
            for cell in line:
                assert cell.value is None or cell.data_type == "n" or cell.value == "<5"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("language", "month_name", "number"),
    [("de", "März 2026", "Monatlicher"), ("nl", "maart 2026", ""), ("en", "March 2026", "")],
)
def test_pdf_text_in_the_readers_language(
    report: MonthlyReport, language: str, month_name: str, number: str
) -> None:
    reader = PdfReader(io.BytesIO(report_pdf(report, language)))
    pages = len(reader.pages)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert month_name in text
    assert f"1 / {pages}" in text or re.search(rf"\b1\b.*\b{pages}\b", text)
    consultations = report.table("overview").row("consultations")
    assert str(int(consultations.current or 0)) in text
    hours = report.table("overview").row("time_spent").current or 0
    decimal = "," if language in ("de", "nl") else "."
    assert f"{hours:.1f}".replace(".", decimal) in text
    del number


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_pdf_numbers_follow_babel_and_pages_are_numbered(report: MonthlyReport) -> None:
    reader = PdfReader(io.BytesIO(report_pdf(report, "en")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for key in TABLE_TITLES:
        if report.table(key).available:
            assert TABLE_TITLES[key] in text
    pages = len(reader.pages)
    assert pages >= 2
    for page_number, page in enumerate(reader.pages, start=1):
        assert f"Page {page_number} of {pages}" in page.extract_text()
    share = report.table("topic").rows[1]
    assert share.unit == "share" and share.current is not None
    assert f"{share.current * 100:.1f}%" in text
    assert "lives DE → works NL" in text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_empty_month_says_so_in_every_format(database: Database) -> None:
    report = monthly_report(database.sessions, system_actor(), "2019-05")
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(report, "en"))).pages
    )
    assert "There was no activity in this month for these offices." in text
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "en")))
    cover = [cell.value for row in book.worksheets[0].iter_rows() for cell in row]
    assert "There was no activity in this month for these offices." in cover
    rows = csv_rows(report_csv(report))
    assert {row["value"] for row in rows if row["unit"] == "count"} == {"0"}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_failed_write_leaves_no_file(report: MonthlyReport, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    target = folder / "report.pdf"
    write_atomically(target, render_report(report, "pdf", "en"))
    assert target.read_bytes().startswith(b"%PDF")
    folder.joinpath("blocked.xlsx").mkdir()  # a folder where the file should go: cannot replace
    with pytest.raises(Exception, match="blocked"):
        write_atomically(folder / "blocked.xlsx", b"data")
    assert sorted(path.name for path in folder.iterdir()) == ["blocked.xlsx", "report.pdf"]
