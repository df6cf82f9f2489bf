"""``grensdesk report monthly``: files for scheduled runs, one clear line for bad input."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from grensdesk.bootstrap import connect
from grensdesk.db import parse_database_url
from tests.services.report_support import (
    REPORT_MONTH,
    build_known_data,
    expected_consultation_figures,
    insert_known_data,
)
from tests.test_cli import run


@pytest.fixture
def filled_url(database_url: str) -> str:
    database = connect(parse_database_url(database_url))
    try:
        insert_known_data(database, build_known_data())
    finally:
        database.dispose()
    return database_url


def report(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    return run(capsys, "--database", url, "report", "monthly", *args)


def test_csv_for_one_gip_with_its_sites(
    capsys: pytest.CaptureFixture[str], filled_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "aachen.csv"
    code, out, err = report(
        capsys, filled_url, "--month", REPORT_MONTH, "--office", "GIP-AACHEN",
        "--format", "csv", "--output", str(target),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert str(target) in out
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    by_key = {(row["measure"], row["category"]): row for row in rows}
    expected = expected_consultation_figures(build_known_data(), REPORT_MONTH, ("GIP-AACHEN",))
    assert by_key["consultations", "all"]["value"] == str(expected["consultations", "all"][12])
    assert {row["office"] for row in rows} == {"GIP-AACHEN"}
    assert {key[1] for key in by_key if key[0] == "office"} == {"GIP-AACHEN", "GIP-AACHEN-EURODE"}


def test_xlsx_and_pdf_by_file_name(
    capsys: pytest.CaptureFixture[str], filled_url: str, tmp_path: Path
) -> None:
    book_path = tmp_path / "border.xlsx"
    code, _out, err = report(
        capsys, filled_url, "--month", REPORT_MONTH, "--external", "--output", str(book_path)
    )
    assert (code, err) == (0, "")
    book = openpyxl.load_workbook(book_path)
    assert len(book.sheetnames) > 5
    pdf_path = tmp_path / "border.pdf"
    code, _out, err = report(
        capsys, filled_url, "--month", REPORT_MONTH, "--language", "en", "--output", str(pdf_path)
    )
    assert (code, err) == (0, "")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert "March 2026" in text and "Whole border" in text


def test_an_empty_month_is_an_empty_report_not_an_error(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "empty.pdf"
    code, out, err = report(capsys, database_url, "--month", "2019-02", "--output", str(target))
    assert (code, err) == (0, "")
    assert "No activity in 2019-02" in out
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "no activity" in text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--month", "2026-13"), "2026-13 is not a month of the form YYYY-MM"),
        (("--month", "March"), "March is not a month of the form YYYY-MM"),
        (("--month", "2026-03", "--office", "GIP-NOWHERE"), "Unknown office GIP-NOWHERE."),
    ],
)
def test_bad_input_is_one_line_and_leaves_no_file(
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    tmp_path: Path,
    arguments: tuple[str, ...],
    message: str,
) -> None:
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    code, out, err = report(capsys, database_url, *arguments, "--output", str(target))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("grensdesk: ") and message in err
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_unknown_format_and_missing_folder(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    code, _out, err = report(capsys, database_url, "--month", "2026-03", "--output", "x.txt")
    assert code == 2 and "choose pdf, csv or xlsx" in err
    missing = tmp_path / "nowhere" / "r.csv"
    code, _out, err = report(capsys, database_url, "--month", "2026-03", "--output", str(missing))
    assert code == 2 and "does not exist" in err and err.count("\n") == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_folder_that_takes_no_files_is_one_line_too(
    capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    # /proc refuses new files even to root, unlike a chmod-ed folder in a test run as root.
    code, _out, err = report(capsys, database_url, "--month", "2026-03", "--output", "/proc/r.csv")
    assert code == 2 and err.count("\n") == 1 and "Could not write /proc/r.csv" in err
