"""Reports › a coordinator picks a month, runs, reads the figures, cancels, exports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from grensdesk import i18n
from grensdesk.bootstrap import Database
from grensdesk.i18n import _
from grensdesk.services.context import system_actor
from grensdesk.services.reports import monthly_report
from grensdesk.ui.main_window import MainWindow
from grensdesk.ui.reports import page as page_module
from grensdesk.ui.reports.page import ReportsPage, ReportTab
from tests.services.report_support import (
    REPORT_MONTH,
    build_known_data,
    expected_consultation_figures,
    insert_known_data,
)
from tests.ui.gui_driver import GuiDriver, hold


@pytest.fixture
def filled(database: Database) -> Database:
    insert_known_data(database, build_known_data())
    return database


def open_reports(gui: GuiDriver, window: MainWindow) -> ReportsPage:
    row = next(number for number, spec in enumerate(window.specs) if spec.key == "reports")
    window.page_actions[row].trigger()
    page = window.stack.currentWidget()
    assert isinstance(page, ReportsPage)
    gui.qtbot.waitUntil(lambda: page.offices.count() > 0)
    gui.wait_until_idle()
    return page


def choose_month(page: ReportsPage, month: str) -> None:
    """Down the month list with the keyboard until the month is chosen."""
    page.month.setFocus()
    while page.month.currentData() != month:
        before = page.month.currentIndex()
        page.month.setCurrentIndex(before + 1)
        assert page.month.currentIndex() != before, f"{month} is not offered"


def cell(tab: ReportTab, row: int, column: int) -> str:
    item = tab.table.item(row, column)
    assert item is not None
    return item.text()


def test_choose_a_month_run_and_see_every_figure(
    database_url: str,
    filled: Database,
    gui: GuiDriver,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    gui.start(database_url)
    page = open_reports(gui, gui.sign_in("petra"))
    assert not page.export_buttons["csv"].isEnabled()
    choose_month(page, REPORT_MONTH)
    gui.qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    gui.qtbot.waitUntil(lambda: page.report is not None)
    gui.wait_until_idle()
    expected = expected_consultation_figures(build_known_data(), REPORT_MONTH)
    locale = i18n.locale_for(i18n.current_language())
    overview = page.tabs.widget(0)
    assert isinstance(overview, ReportTab)
    assert page.tabs.tabText(0) == _("Consultations and time spent")
    counts = expected["consultations", "all"]
    assert [cell(overview, 0, column) for column in (1, 2, 3)] == [
        i18n.format_number(counts[12], locale),
        i18n.format_number(counts[11], locale),
        i18n.format_number(counts[0], locale),
    ]
    assert overview.chart.values == counts[1:]
    channels = page.tabs.widget([t.key for t in page.report.tables].index("channel"))
    assert isinstance(channels, ReportTab)
    shown = {
        cell(channels, row, 0): cell(channels, row, 1) for row in range(channels.table.rowCount())
    }
    assert shown[_("Phone")] == i18n.format_number(expected["channel", "phone"][12], locale)
    assert page.export_buttons["csv"].isEnabled()

    target = tmp_path / "maart.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(target), "CSV (*.csv)"))
    )
    gui.qtbot.mouseClick(page.export_buttons["csv"], Qt.MouseButton.LeftButton)
    gui.qtbot.waitUntil(target.exists)
    gui.wait_until_idle()
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    total = next(row for row in rows if row["measure"] == "consultations")
    assert total["value"] == str(counts[12])
    assert str(target) in page.status.text()


def test_cancel_stops_the_report_and_keeps_what_was_shown(
    database_url: str, filled: Database, gui: GuiDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui.start(database_url)
    page = open_reports(gui, gui.sign_in("petra"))
    choose_month(page, REPORT_MONTH)
    release = hold(monkeypatch, page_module, "monthly_report")
    gui.qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.progress.isVisible() and page.cancel_button.isEnabled()
    assert not page.run_button.isEnabled()
    gui.qtbot.keyClick(page, Qt.Key.Key_Escape)
    release.set()
    gui.qtbot.waitUntil(lambda: not page.progress.isVisible())
    gui.wait_until_idle()
    assert page.status.text() == _("Cancelled; the figures shown are unchanged.")
    assert page.report is None and page.tabs.count() == 0
    # Run again, now to the end; external this time: small counts show as <5.
    page.external.setChecked(True)
    gui.qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    gui.qtbot.waitUntil(lambda: page.report is not None)
    gui.wait_until_idle()
    assert page.run_button.isEnabled() and not page.cancel_button.isVisible()
    texts = {
        cell(tab, row, column)
        for index in range(page.tabs.count())
        if isinstance(tab := page.tabs.widget(index), ReportTab)
        for row in range(tab.table.rowCount())
        for column in range(1, 4)
    }
    assert "<5" in texts


def test_an_office_choice_reaches_the_report(
    database_url: str, filled: Database, gui: GuiDriver
) -> None:
    gui.start(database_url)
    page = open_reports(gui, gui.sign_in("petra"))
    choose_month(page, REPORT_MONTH)
    for row in range(page.offices.count()):
        item = page.offices.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == "GIP-AACHEN":
            item.setCheckState(Qt.CheckState.Checked)
    gui.qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    gui.qtbot.waitUntil(lambda: page.report is not None)
    gui.wait_until_idle()
    assert page.report is not None and page.report.offices == ("GIP-AACHEN",)
    direct = monthly_report(filled.sessions, system_actor(), REPORT_MONTH, ("GIP-AACHEN",))
    assert page.report.tables == direct.tables


def test_switching_language_rewrites_the_shown_report(
    database_url: str, filled: Database, gui: GuiDriver
) -> None:
    gui.start(database_url)
    window = gui.sign_in("petra")  # her account says German
    page = open_reports(gui, window)
    choose_month(page, REPORT_MONTH)
    gui.qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    gui.qtbot.waitUntil(lambda: page.report is not None)
    gui.wait_until_idle()
    overview = page.tabs.widget(0)
    assert isinstance(overview, ReportTab)
    assert overview.table.horizontalHeaderItem(1).text() == "März 2026"
    window.language_actions["nl"].trigger()
    gui.wait_until_idle()
    overview = page.tabs.widget(0)
    assert isinstance(overview, ReportTab)
    assert overview.table.horizontalHeaderItem(1).text() == "maart 2026"
    assert page.month.currentText() == "maart 2026"
    assert page.tabs.tabText(0) == i18n.translate_in("nl", "Consultations and time spent")
