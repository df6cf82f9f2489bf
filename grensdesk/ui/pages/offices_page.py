"""The office directory: every GIP, consultation site and back-office organisation."""

from __future__ import annotations

import html

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from grensdesk.i18n import N_, _
from grensdesk.services.offices import KIND_LABELS, OfficeSummary, list_offices
from grensdesk.ui.context import AppContext
from grensdesk.ui.pages.base import Page
from grensdesk.ui.table_model import Column, RecordTableModel

COLUMNS: list[Column[OfficeSummary]] = [
    Column(N_("Name"), lambda o: o.name),
    Column(N_("Kind"), lambda o: _(KIND_LABELS[o.kind])),
    Column(N_("Border"), lambda o: o.border),
    Column(N_("Town"), lambda o: f"{o.town} ({o.country})"),
    Column(N_("Region served"), lambda o: o.region),
]


class OfficesPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model: RecordTableModel[OfficeSummary] = RecordTableModel(COLUMNS)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter = QLineEdit()
        self.filter.setObjectName("office_filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self._filter_label = QLabel()
        self._filter_label.setBuddy(self.filter)

        self.table = QTableView()
        self.table.setObjectName("offices")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)

        self.details = QLabel()
        self.details.setObjectName("office_details")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setOpenExternalLinks(True)
        self.details.setMinimumWidth(260)

        top = QHBoxLayout()
        top.addWidget(self._filter_label)
        top.addWidget(self.filter, 1)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self._filter_label.setText(_("&Find office:"))
        self.filter.setPlaceholderText(_("name, town, code or region"))
        self.model.retranslate()
        self._show_details()

    def refresh(self) -> None:
        sessions, actor = self.context.database.sessions, self.context.actor
        self.context.tasks.run(lambda: list_offices(sessions, actor), self._loaded_offices)

    def _loaded_offices(self, offices: list[OfficeSummary]) -> None:
        # The service sorts by name; measuring columns once beats ResizeToContents mode,
        # which re-measures every cell on each layout change.
        self.model.set_rows(offices)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        if offices:
            self.table.selectRow(0)

    def _show_details(self, *_args: object) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.details.setText(_("Select an office to see its details."))
            return
        office = self.model.row_at(self.proxy.mapToSource(index).row())
        self.details.setText(office_details_html(office))


def office_details_html(office: OfficeSummary) -> str:
    """Escaped: office data never becomes markup."""

    def labelled(label: str, value: str) -> str:
        return f"<p>{html.escape(label)}: {html.escape(value)}</p>"

    kind = _(KIND_LABELS[office.kind])
    parts = [f"<h3>{html.escape(office.name)}</h3>", f"<p>{html.escape(kind)}"]
    if office.border:
        parts.append(f" · {html.escape(office.border)}")
    parts.append("</p><p>")
    if office.address:
        parts.append(f"{html.escape(office.address)}<br>")
    parts.append(f"{html.escape(office.town)} ({html.escape(office.country)})</p>")
    if office.phone:
        parts.append(labelled(_("Phone"), office.phone))
    if office.email:
        parts.append(labelled(_("E-mail"), office.email))
    if office.website:
        url = html.escape(office.website, quote=True)
        parts.append(f'<p><a href="{url}">{html.escape(office.website)}</a></p>')
    parts.append(labelled(_("Languages"), ", ".join(office.languages)))
    parts.append(labelled(_("Code"), office.code))
    if office.source:
        source = labelled(_("Source"), office.source)
        parts.append(f"<small>{source}</small>")
    return "".join(parts)
