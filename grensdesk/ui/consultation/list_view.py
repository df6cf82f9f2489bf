"""The office's consultations, newest first, loaded a page at a time as the adviser scrolls.

Signals:
    open_requested(int): the adviser chose a consultation (Enter or double-click).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import N_, _
from grensdesk.services.consultations import (
    ConsultationFilter,
    ConsultationPage,
    ConsultationRow,
    PageCursor,
    list_consultations,
)
from grensdesk.services.topics import TopicSummary
from grensdesk.ui.consultation.choices import PROFILE_LABELS, STATUS_LABELS, choose, fill
from grensdesk.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex
HEADERS = (N_("Date"), N_("Adviser"), N_("Situation"), N_("Topics"), N_("Status"), N_("Question"))
TEXT_DELAY_MS = 300


class ConsultationListModel(QAbstractTableModel):
    """Rows arrive page by page from the service; Qt asks for more when the view needs it.

    Signals:
        first_page_arrived(): the first rows of a (re)load are in; columns can be measured.
    """

    first_page_arrived = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.rows: list[ConsultationRow] = []
        self.filters = ConsultationFilter()
        self._cursor: PageCursor | None = None
        self._complete = True
        self._loading = False
        self._generation = 0
        self.topic_names: dict[str, str] = {}

    def reload(self, filters: ConsultationFilter) -> None:
        self.filters = filters
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self._cursor = None
        self._complete = False
        self._loading = False
        self.endResetModel()
        self._fetch()

    def _fetch(self) -> None:
        if self._loading or self._complete:
            return
        self._loading = True
        sessions, actor = self.context.database.sessions, self.context.actor
        filters, cursor, generation = self.filters, self._cursor, self._generation
        self.context.tasks.run(
            lambda: list_consultations(sessions, actor, filters, cursor),
            lambda page: self._arrived(page, generation),
            lambda error: self._failed(error, generation),
            owner=self,
        )

    def _arrived(self, page: ConsultationPage, generation: int) -> None:
        if generation != self._generation:
            return  # the filters changed while this page was on its way
        self._loading = False
        self._cursor = page.next_cursor
        self._complete = page.next_cursor is None
        if page.rows:
            first_page = not self.rows
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
            if first_page:
                self.first_page_arrived.emit()

    def _failed(self, error: BaseException, generation: int) -> None:
        if generation == self._generation:
            self._loading = False
            self._complete = True
        self.context.tasks.task_failed.emit(error)

    @property
    def loading(self) -> bool:
        return self._loading

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._complete and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._fetch()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return i18n.format_datetime(row.started_at.astimezone(), style="short")
        if column == 1:
            return row.adviser_name
        if column == 2:
            profile = _(PROFILE_LABELS[row.profile])
            return f"{row.residence_country} → {row.work_country}, {profile}"
        if column == 3:
            return ", ".join(self.topic_names.get(code, code) for code in row.topics)
        if column == 4:
            return _(STATUS_LABELS[row.status])
        text = row.question.replace("\n", " ")
        return text if role == Qt.ItemDataRole.ToolTipRole else text[:80]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(HEADERS) - 1)
            )


class ConsultationList(QWidget):
    open_requested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = ConsultationListModel(context)
        self.table = QTableView()
        self.table.setObjectName("consultations")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))

        self.text = QLineEdit()
        self.text.setObjectName("filter_text")
        self.text.setClearButtonEnabled(True)
        self.topic = QComboBox()
        self.topic.setObjectName("filter_topic")
        self.status = QComboBox()
        self.status.setObjectName("filter_status")
        self.adviser = QComboBox()
        self.adviser.setObjectName("filter_adviser")
        self.period = QCheckBox()
        self.period.setObjectName("filter_period")
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-1))
        self.date_from.setCalendarPopup(True)
        self.date_from.setDisplayFormat("yyyy-MM-dd")
        self.date_to = QDateEdit(QDate.currentDate())
        self.date_to.setCalendarPopup(True)
        self.date_to.setDisplayFormat("yyyy-MM-dd")
        self._text_label = QLabel()
        self._text_label.setBuddy(self.text)
        # Long topic and adviser names must not force the whole window wide.
        for combo in (self.topic, self.status, self.adviser):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(TEXT_DELAY_MS)
        self._debounce.timeout.connect(self.reload)
        self.text.textChanged.connect(lambda _text: self._debounce.start())
        for combo in (self.topic, self.status, self.adviser):
            combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.period.toggled.connect(lambda _on: self.reload())
        self.date_from.dateChanged.connect(lambda _day: self._period_changed())
        self.date_to.dateChanged.connect(lambda _day: self._period_changed())

        grid = QGridLayout()
        grid.addWidget(self._text_label, 0, 0)
        grid.addWidget(self.text, 0, 1, 1, 2)
        grid.addWidget(self.topic, 1, 0, 1, 2)
        grid.addWidget(self.status, 1, 2)
        grid.addWidget(self.adviser, 2, 0, 1, 2)
        grid.addWidget(self.period, 2, 2)
        grid.addWidget(self.date_from, 3, 0, 1, 2)
        grid.addWidget(self.date_to, 3, 2)
        self.count = QLabel()
        self.count.setObjectName("consultation_count")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.model.rowsInserted.connect(lambda *_args: self._show_count())
        self.model.first_page_arrived.connect(self._fit_columns)
        self.model.modelReset.connect(self._show_count)
        self._topics: list[TopicSummary] = []
        self._advisers: list[tuple[int, str]] = []
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self._text_label.setText(_("&Find:"))
        self.text.setPlaceholderText(_("words in the question or the advice"))
        self.period.setText(_("&Period"))
        fill(self.status, STATUS_LABELS, empty=_("every status"))
        self._fill_topics()
        self._fill_advisers()
        self.model.retranslate()
        self._show_count()

    def set_topics(self, topics: list[TopicSummary]) -> None:
        self._topics = topics
        language = i18n.current_language()
        self.model.topic_names = {topic.code: topic.name(language) for topic in topics}
        self._fill_topics()

    def set_advisers(self, advisers: list[tuple[int, str]]) -> None:
        self._advisers = advisers
        self._fill_advisers()

    def _fill_topics(self) -> None:
        language = i18n.current_language()
        self.model.topic_names = {topic.code: topic.name(language) for topic in self._topics}
        chosen = self.topic.currentData()
        self.topic.blockSignals(True)
        self.topic.clear()
        self.topic.addItem(_("every topic"), None)
        for topic in self._topics:
            self.topic.addItem(topic.name(language), topic.code)
        choose(self.topic, chosen)
        self.topic.blockSignals(False)

    def _fill_advisers(self) -> None:
        chosen = self.adviser.currentData()
        self.adviser.blockSignals(True)
        self.adviser.clear()
        self.adviser.addItem(_("every adviser"), None)
        for adviser_id, name in self._advisers:
            self.adviser.addItem(name, adviser_id)
        choose(self.adviser, chosen)
        self.adviser.blockSignals(False)

    def _period_changed(self) -> None:
        if self.period.isChecked():
            self.reload()

    def current_filters(self) -> ConsultationFilter:
        date_from = date_to = None
        if self.period.isChecked():
            start = self.date_from.date().toPython()
            end = self.date_to.date().toPython()
            assert isinstance(start, dt.date) and isinstance(end, dt.date)
            date_from, date_to = start, end
        return ConsultationFilter(
            date_from=date_from,
            date_to=date_to,
            topic=self.topic.currentData(),
            status=self.status.currentData(),
            adviser_id=self.adviser.currentData(),
            text=self.text.text().strip(),
        )

    def reload(self) -> None:
        self._debounce.stop()
        self.model.reload(self.current_filters())

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        more = self.model.canFetchMore()
        self.count.setText(
            _("{count} shown, more below").format(count=shown)
            if more
            else _("{count} shown").format(count=shown)
        )

    def _fit_columns(self) -> None:
        # Measured once per load, on the first page only: cheap, and the columns stay put.
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.open_requested.emit(self.model.rows[row].id)
