"""Reports: a coordinator picks a month and offices, sees the figures, and exports them.

The report is computed off the GUI thread (``TaskRunner``); a progress bar follows the
queries and Cancel (or Escape) stops the work between two of them. Exports render and
write the file in the background too, whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Final

from babel.dates import format_date
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.context import BORDER_ZONE
from grensdesk.services.errors import ServiceError
from grensdesk.services.offices import OfficeSummary, list_offices
from grensdesk.services.report_files import render_report, write_atomically
from grensdesk.services.report_labels import Labels
from grensdesk.services.report_months import CURRENT, LAST_YEAR, PREVIOUS
from grensdesk.services.report_types import MonthlyReport, ReportTable
from grensdesk.services.reports import (
    ReportCancelledError,
    monthly_report,
    record_report_export,
)
from grensdesk.ui.context import AppContext
from grensdesk.ui.pages.base import Page
from grensdesk.ui.reports.chart import BarChart

MONTHS_OFFERED: Final = 36
REPORT_OFFICE_KINDS: Final = ("euregio", "gip", "site")
TREND_ROWS: Final = {"overview": "consultations", "escalations": "escalations_opened"}
FILE_FILTERS: Final = {"pdf": "PDF (*.pdf)", "csv": "CSV (*.csv)", "xlsx": "Excel (*.xlsx)"}
ERROR_STYLE: Final = "color: #b00020;"


class _ProgressRelay(QObject):
    """Carries progress from the worker thread to the progress bar (a queued signal)."""

    progressed = Signal(int, int)


class ReportTab(QWidget):
    """One table of the report: the figures and a chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.chart = BarChart()
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.chart, 2)

    def show_table(self, table: ReportTable, labels: Labels) -> None:
        months = labels.window.months
        self.note.setVisible(not table.available or not table.rows)
        self.note.setText(
            _("Not available: this database has no such data.")
            if not table.available
            else _("None.")
        )
        headers = [
            _("Category"),
            labels.month_name(months[CURRENT]),
            _("Previous month"),
            _("Same month last year"),
        ]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setRowCount(len(table.rows))
        for line, row in enumerate(table.rows):
            self.table.setItem(line, 0, QTableWidgetItem(labels.row_label(table.key, row)))
            for column, index in enumerate((CURRENT, PREVIOUS, LAST_YEAR), start=1):
                item = QTableWidgetItem(labels.value(row, index))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(line, column, item)
        self._chart(table, labels)

    def _chart(self, table: ReportTable, labels: Labels) -> None:
        locale = labels.locale

        def count(value: float) -> str:
            return i18n.format_number(round(value), locale)

        if table.key in TREND_ROWS and table.available:
            row = table.row(TREND_ROWS[table.key])
            self.chart.show_trend(
                _("Twelve months: {measure}").format(measure=labels.row_label(table.key, row)),
                [labels.short_month(month) for month in labels.window.months[1:]],
                list(row.trend),
                count,
                {index - 1 for index in row.suppressed if index > 0},
            )
            return
        rows = [row for row in table.rows if row.unit == "count" and (row.current or 0) > 0]
        if len(rows) < 2:
            self.chart.clear()
            return
        rows.sort(key=lambda row: -(row.current or 0))
        self.chart.show_breakdown(
            labels.month_name(labels.report.month),
            [labels.row_label(table.key, row) for row in rows[:10]],
            [row.current for row in rows[:10]],
            count,
        )


class ReportsPage(Page):
    """Month, offices, internal or external; Run, then look and export."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.report: MonthlyReport | None = None
        self._cancel: threading.Event | None = None
        self._offices: list[OfficeSummary] = []
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._progressed)

        self.month = QComboBox()
        self.month.setObjectName("month")
        self.offices = QListWidget()
        self.offices.setObjectName("offices")
        self.offices.setMaximumHeight(110)
        self.external = QCheckBox()
        self.external.setObjectName("external")
        self.run_button = QPushButton()
        self.run_button.setObjectName("run")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run_report)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tables")
        self.export_buttons: dict[str, QPushButton] = {}
        for file_format in ("pdf", "csv", "xlsx"):
            button = QPushButton()
            button.setObjectName(f"export_{file_format}")
            button.clicked.connect(lambda _checked=False, f=file_format: self.export(f))
            self.export_buttons[file_format] = button

        self.form = QFormLayout()
        self.month_label = QLabel()
        self.month_label.setBuddy(self.month)
        self.offices_label = QLabel()
        self.offices_label.setBuddy(self.offices)
        self.form.addRow(self.month_label, self.month)
        self.form.addRow(self.offices_label, self.offices)
        self.form.addRow("", self.external)
        actions = QHBoxLayout()
        actions.addWidget(self.run_button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.cancel_button)
        exports = QHBoxLayout()
        exports.addStretch(1)
        for button in self.export_buttons.values():
            exports.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(exports)
        self.setTabOrder(self.month, self.offices)
        self.setTabOrder(self.offices, self.external)
        self.setTabOrder(self.external, self.run_button)
        self.shortcuts = [
            QShortcut(QKeySequence("Ctrl+R"), self, self.run_report),
            QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel),
            QShortcut(QKeySequence("Ctrl+E"), self, lambda: self.export("pdf")),
        ]
        self._fill_months()
        self._set_running(False)
        self.retranslate_ui()

    # ---- texts ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.month_label.setText(_("&Month"))
        self.offices_label.setText(_("&Offices"))
        self.offices.setToolTip(_("Tick none for the whole border; a GIP includes its sites."))
        self.external.setText(_("&External version: counts below 5 shown as <5"))
        self.run_button.setText(_("&Run report"))
        self.run_button.setToolTip("Ctrl+R")
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setToolTip("Esc")
        self.export_buttons["pdf"].setText(_("Export &PDF…"))
        self.export_buttons["csv"].setText(_("Export &CSV…"))
        self.export_buttons["xlsx"].setText(_("Export &XLSX…"))
        self._fill_months()
        self._show_report()

    def _fill_months(self) -> None:
        """The last three years, newest first; the last complete month is chosen."""
        chosen = self.month.currentData()
        today = dt.datetime.now(BORDER_ZONE).date()
        locale = i18n.locale_for(i18n.current_language())
        self.month.blockSignals(True)
        self.month.clear()
        for back in range(MONTHS_OFFERED):
            total = today.year * 12 + today.month - 1 - back
            first = dt.date(total // 12, total % 12 + 1, 1)
            self.month.addItem(
                format_date(first, "LLLL y", locale=locale), f"{first.year:04d}-{first.month:02d}"
            )
        index = self.month.findData(chosen) if chosen else 1
        self.month.setCurrentIndex(max(index, 0))
        self.month.blockSignals(False)

    # ---- offices ------------------------------------------------------------------------------

    def refresh(self) -> None:
        sessions, actor = self.context.database.sessions, self.context.actor
        self.context.tasks.run(lambda: list_offices(sessions, actor), self._loaded_offices)

    def _loaded_offices(self, offices: list[OfficeSummary]) -> None:
        self._offices = [office for office in offices if office.kind in REPORT_OFFICE_KINDS]
        self.offices.clear()
        for office in self._offices:
            item = QListWidgetItem(f"{office.name} ({office.code})")
            item.setData(Qt.ItemDataRole.UserRole, office.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.offices.addItem(item)

    def chosen_offices(self) -> tuple[str, ...]:
        return tuple(
            str(self.offices.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.offices.count())
            if self.offices.item(row).checkState() == Qt.CheckState.Checked
        )

    # ---- running ------------------------------------------------------------------------------

    def run_report(self) -> None:
        if self._cancel is not None:
            return  # one report at a time
        month = str(self.month.currentData())
        codes = self.chosen_offices()
        external = self.external.isChecked()
        cancel = threading.Event()
        self._cancel = cancel
        self._set_running(True)
        self.status.setStyleSheet("")
        self.status.setText(_("Counting…"))
        sessions, actor = self.context.database.sessions, self.context.actor
        relay = self._relay

        def work() -> MonthlyReport:
            return monthly_report(
                sessions,
                actor,
                month,
                codes,
                external=external,
                progress=relay.progressed.emit,
                cancelled=cancel.is_set,
            )

        self.context.tasks.run(work, self._finished, self._failed)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(_("Cancelling…"))

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _finished(self, report: MonthlyReport) -> None:
        self.report = report
        self._cancel = None
        self._set_running(False)
        self._show_report()

    def _failed(self, error: BaseException) -> None:
        self._cancel = None
        self._set_running(False)
        if isinstance(error, ReportCancelledError):
            self.status.setStyleSheet("")
            self.status.setText(_("Cancelled; the figures shown are unchanged."))
            return
        if not isinstance(error, ServiceError):
            raise error
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(str(error))

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)  # busy until the first step reports
        for button in self.export_buttons.values():
            button.setEnabled(not running and self.report is not None)

    def _show_report(self) -> None:
        report = self.report
        current = self.tabs.currentIndex()
        self.tabs.clear()
        if report is None:
            return
        labels = Labels(report, i18n.current_language())
        for table in report.tables:
            tab = ReportTab()
            tab.setObjectName(f"table_{table.key}")
            tab.show_table(table, labels)
            self.tabs.addTab(tab, labels.table_title(table.key))
        self.tabs.setCurrentIndex(max(current, 0))
        summary = _("{month}, {offices}").format(
            month=labels.month_name(report.month), offices=labels.scope()
        )
        if report.external:
            summary += " · " + _("external version")
        if not report.has_data:
            summary += " · " + _("There was no activity in this month for these offices.")
        self.status.setStyleSheet("")
        self.status.setText(summary)

    # ---- export -------------------------------------------------------------------------------

    def export(self, file_format: str) -> None:
        report = self.report
        if report is None or self._cancel is not None:
            return
        suggested = f"grensdesk-{report.month}-{report.scope}.{file_format}"
        path, _chosen = QFileDialog.getSaveFileName(
            self, _("Export report"), suggested, FILE_FILTERS[file_format]
        )
        if not path:
            return
        target = Path(path)
        language = i18n.current_language()
        sessions, actor = self.context.database.sessions, self.context.actor

        def work() -> Path:
            write_atomically(target, render_report(report, file_format, language))
            record_report_export(sessions, actor, report, file_format)
            return target

        self.status.setText(_("Saving…"))
        self.context.tasks.run(work, self._exported, self._failed)

    def _exported(self, path: Path) -> None:
        self.status.setStyleSheet("")
        self.status.setText(_("Saved to {path}.").format(path=path))
