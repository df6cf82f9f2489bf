"""The escalations page: the queue (overdue first) beside the open case, updated live.

Experts see the escalations for their topics; advisers see their office's. New and changed
cases arrive without refreshing (``events_arrived``), and the ones changed by someone else
are marked until opened.

Signals:
    viewed(): the page was shown (the window clears its count of new items).
    opened(int): the case with this id was opened (it is no longer new to this person).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _, ngettext
from grensdesk.services import escalations as service
from grensdesk.services.escalation_queue import PRESENCE_EVENTS
from grensdesk.services.escalations import EscalationDetail, EscalationSummary
from grensdesk.services.events import EventRecord
from grensdesk.services.topics import TopicSummary, list_topics
from grensdesk.ui.context import AppContext
from grensdesk.ui.escalations.actions import CASE_ACTIONS
from grensdesk.ui.escalations.case_actions import CaseActions, explain
from grensdesk.ui.escalations.case_view import CaseView
from grensdesk.ui.escalations.labels import STATUS_LABELS
from grensdesk.ui.escalations.queue_model import (
    OFFICE_COLUMN,
    QueueModel,
    is_due_soon,
    is_overdue,
)
from grensdesk.ui.pages.base import Page

RELOAD_DELAY_MS: Final = 150  # a burst of events becomes one reload
HEARTBEAT_MS: Final = 45_000  # presence: well inside the backend's viewer timeout
OPEN_FILTER: Final = "open"  # the default: what still needs work
ALL_FILTER: Final = "all"


class EscalationsPage(Page):
    viewed = Signal()
    opened = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        actor = context.actor
        self._topics: list[TopicSummary] = []
        self.unseen: set[int] = set()
        self.open_id: int | None = None
        self._closing = False
        self._queue_generation = 0
        self._case_generation = 0

        self.status_filter = QComboBox()
        self.status_filter.setObjectName("escalation_status_filter")
        self._status_label = QLabel()
        self._status_label.setBuddy(self.status_filter)
        self.topic_filter = QComboBox()
        self.topic_filter.setObjectName("escalation_topic_filter")
        self._topic_label = QLabel()
        self._topic_label.setBuddy(self.topic_filter)
        self.model = QueueModel(front_office=not actor.has_role("expert"))
        self.table = QTableView()
        self.table.setObjectName("escalation_queue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The office names are long; they give way (elided) so that the deadline stays readable.
        header.setSectionResizeMode(OFFICE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.summary = QLabel()
        self.summary.setObjectName("escalation_summary")
        self.summary.setWordWrap(True)
        self.case = CaseView(actor)
        self.case_actions = CaseActions(context, self)

        filters = QHBoxLayout()
        filters.addWidget(self._status_label)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self._topic_label)
        filters.addWidget(self.topic_filter, 1)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(filters)
        left_column.addWidget(self.table, 1)
        left_column.addWidget(self.summary)
        # The queue across the whole width (six columns and a deadline in words), the open
        # case below it.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(self.case)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 440])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload_queue)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)
        self._shortcuts = [
            QShortcut(QKeySequence("Ctrl+L"), self, self.table.setFocus),
        ]
        for action in CASE_ACTIONS:
            if action.key in self.case.buttons:
                self._shortcuts.append(
                    QShortcut(
                        QKeySequence(action.shortcut),
                        self,
                        lambda key=action.key: self.case.trigger(key),
                    )
                )
        for shortcut in self._shortcuts:
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.table.activated.connect(self._activated)
        self.status_filter.currentIndexChanged.connect(lambda _index: self.reload_queue())
        self.topic_filter.currentIndexChanged.connect(lambda _index: self.reload_queue())
        self.case.action_requested.connect(self._action_requested)
        self.case_actions.done.connect(self._action_done)
        self.case_actions.reload_requested.connect(self._reload_after_refusal)
        self.case_actions.message.connect(self.case.show_message)
        self.retranslate_ui()

    # ---- page ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self._status_label.setText(_("&Status:"))
        self._topic_label.setText(_("&Topic:"))
        # Before the first fill there is no choice yet: start with what still needs work.
        chosen = self.status_filter.currentData() if self.status_filter.count() else OPEN_FILTER
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        # Experts: what still needs work; advisers: everything not closed yet (answers too).
        current = _("Still open") if "expert" in self.context.actor.roles else _("Not closed")
        self.status_filter.addItem(current, OPEN_FILTER)
        for status, label in STATUS_LABELS.items():
            self.status_filter.addItem(_(label), status)
        self.status_filter.addItem(_("All"), ALL_FILTER)
        index = self.status_filter.findData(chosen)
        self.status_filter.setCurrentIndex(index if index >= 0 else 0)
        self.status_filter.blockSignals(False)
        self._fill_topics()
        self.model.retranslate()
        self.case.retranslate_ui()
        self._show_summary()

    def _fill_topics(self) -> None:
        chosen = self.topic_filter.currentData()
        language = i18n.current_language()
        mine = set(self.context.actor.topics)
        self.topic_filter.blockSignals(True)
        self.topic_filter.clear()
        self.topic_filter.addItem(_("All"), None)
        for topic in self._topics:
            if not mine or topic.code in mine:
                self.topic_filter.addItem(topic.name(language), topic.code)
        self.topic_filter.setCurrentIndex(max(0, self.topic_filter.findData(chosen)))
        self.topic_filter.blockSignals(False)

    def activate(self) -> None:
        first = not self._loaded
        super().activate()
        self.viewed.emit()
        self.table.setFocus()
        if not first and self.open_id is not None:
            self._beat()  # back on this page: the case is open here again
            self._heartbeat.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # Another page: colleagues should not see this desk as looking at the case.
        if not self._closing:
            self._stop_viewing()
        super().hideEvent(event)

    def refresh(self) -> None:
        self._loaded = True
        if not self._topics:
            sessions = self.context.database.sessions
            self.context.tasks.run(lambda: list_topics(sessions), self._topics_loaded)
        self.reload_queue()
        if self.open_id is not None:
            self.open_case(self.open_id)

    def _topics_loaded(self, topics: list[TopicSummary]) -> None:
        self._topics = topics
        self._fill_topics()

    def shut_down(self) -> None:
        # No more background work once the window closes (its database is disposed next);
        # the presence row simply expires (VIEWER_TIMEOUT).
        self._closing = True
        self._heartbeat.stop()
        self._reload_timer.stop()

    # ---- the queue -------------------------------------------------------------------------

    def reload_queue(self) -> None:
        self._reload_timer.stop()
        self._queue_generation += 1
        generation = self._queue_generation
        sessions, actor = self.context.database.sessions, self.context.actor
        status, topic = self.status_filter.currentData(), self.topic_filter.currentData()

        def load() -> list[EscalationSummary]:
            if status == OPEN_FILTER:  # the service's default: what is still current
                return service.list_queue(sessions, actor, None, topic)
            if status == ALL_FILTER:
                rows = [
                    row
                    for code in STATUS_LABELS
                    for row in service.list_queue(sessions, actor, code, topic)
                ]
                return sorted(rows, key=lambda row: (row.due_on, row.id))
            return service.list_queue(sessions, actor, status, topic)

        self.context.tasks.run(
            load,
            lambda rows: self._queue_loaded(rows, generation),
            lambda error: self._queue_failed(error, generation),
            owner=self,
        )

    def _queue_loaded(self, rows: list[EscalationSummary], generation: int) -> None:
        if generation != self._queue_generation:
            return
        current = self.open_id
        self.model.set_rows(rows)
        self.unseen &= {row.id for row in rows}
        self.model.set_unseen(self.unseen)
        if current is not None:
            row = self.model.row_of(current)
            if row >= 0:
                self.table.selectRow(row)
        elif rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_summary()

    def _queue_failed(self, error: BaseException, generation: int) -> None:
        if generation == self._queue_generation:
            self.summary.setText(explain(error))

    def _show_summary(self) -> None:
        rows = self.model.rows
        overdue = sum(1 for row in rows if is_overdue(row))
        soon = sum(1 for row in rows if is_due_soon(row))
        parts = [
            ngettext("{count} escalation", "{count} escalations", len(rows)).format(count=len(rows))
        ]
        if overdue:
            parts.append(
                ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue)
            )
        if soon:
            parts.append(
                ngettext(
                    "{count} due within one working day",
                    "{count} due within one working day",
                    soon,
                ).format(count=soon)
            )
        if self.unseen:
            parts.append(
                ngettext(
                    "{count} new or changed", "{count} new or changed", len(self.unseen)
                ).format(count=len(self.unseen))
            )
        self.summary.setText(" · ".join(parts))

    # ---- one case --------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case(self.model.rows[index.row()].id)

    def open_case(self, escalation_id: int) -> None:
        """Load the case (and say, through the heartbeat, that it is open here)."""
        if escalation_id != self.open_id:
            self._stop_viewing()
            self.case.show_message("")
        self.open_id = escalation_id
        self.opened.emit(escalation_id)
        self.unseen.discard(escalation_id)
        self.model.set_unseen(self.unseen)
        self._show_summary()
        self._load_case(escalation_id, self._next_generation(), self._case_failed, viewing=True)
        self._heartbeat.start()

    def _next_generation(self) -> int:
        """A new load of the case: the results of older ones are dropped from now on."""
        self._case_generation += 1
        return self._case_generation

    def _load_case(
        self,
        escalation_id: int,
        generation: int,
        on_error: Callable[[BaseException, int], None],
        *,
        viewing: bool = False,
    ) -> None:
        """Fetch the case off the GUI thread and show it, unless a newer load has started.

        ``on_error`` gets the error and ``generation``. ``viewing`` first says (again) that
        the case is open here: presence for the others.
        """
        sessions, actor = self.context.database.sessions, self.context.actor

        def load() -> EscalationDetail:
            if viewing:
                service.mark_viewing(sessions, actor, escalation_id)
            return service.get_escalation(sessions, actor, escalation_id)

        self.context.tasks.run(
            load,
            lambda detail: self._case_loaded(detail, generation),
            lambda error: on_error(error, generation),
            owner=self,
        )

    def _case_loaded(self, detail: EscalationDetail, generation: int) -> None:
        if generation != self._case_generation:
            return
        self.case.show_detail(detail)

    def _case_failed(self, error: BaseException, generation: int) -> None:
        if generation == self._case_generation:
            self.case.show_message(explain(error), error=True)

    def _beat(self) -> None:
        """Still looking at it: renew the presence, and pick up who else is looking."""
        if self.open_id is None:
            return
        # A missed heartbeat is harmless; the next one retries.
        self._load_case(
            self.open_id, self._case_generation, lambda _error, _generation: None, viewing=True
        )

    def _stop_viewing(self) -> None:
        if self.open_id is None:
            return
        escalation_id = self.open_id
        sessions, actor = self.context.database.sessions, self.context.actor
        self._heartbeat.stop()
        self.context.tasks.run(
            lambda: service.stop_viewing(sessions, actor, escalation_id),
            lambda _none: None,
            lambda _error: None,
        )

    # ---- actions ---------------------------------------------------------------------------

    def _action_requested(self, key: str) -> None:
        detail = self.case.detail
        if detail is not None:
            self.case_actions.start(key, detail, lambda: self.case.detail)

    def _action_done(self, detail: EscalationDetail) -> None:
        if detail.id == self.open_id:
            self._case_generation += 1  # an older load must not undo what was just saved
            self.case.show_detail(detail)
        self.reload_queue()

    def _reload_after_refusal(self, escalation_id: int) -> None:
        """Show the case as it is now; the refusal's explanation stays on the screen."""
        self.reload_queue()
        if escalation_id != self.open_id:
            return
        self._load_case(
            escalation_id,
            self._next_generation(),
            lambda _error, generation: self._case_gone(generation),
        )

    def _case_gone(self, generation: int) -> None:
        """Claimed by another office, say: no longer this person's to see."""
        if generation == self._case_generation:
            self._stop_viewing()
            self.open_id = None
            message = self.case.message.text()
            self.case.show_detail(None)
            self.case.show_message(message, error=True)

    # ---- live ------------------------------------------------------------------------------

    def events_arrived(self, events: list[EventRecord]) -> None:
        """Someone (maybe on another desk) changed escalations: show it without a refresh."""
        mine = self.context.actor.user_id
        ours = [e for e in events if e.entity == "escalation" and e.entity_id is not None]
        changes = [e for e in ours if e.kind not in PRESENCE_EVENTS]
        self.unseen |= {
            e.entity_id
            for e in changes
            if e.entity_id is not None
            and e.entity_id != self.open_id
            and service.is_relevant(self.context.actor, e)
        }
        if not self._loaded:
            return
        if changes:
            self._reload_timer.start()
        # Someone else's step or presence on the open case: show it (ours are shown already).
        if self.open_id is not None and any(
            e.entity_id == self.open_id and e.actor_id != mine for e in ours
        ):
            self._reload_open_case()

    def _reload_open_case(self) -> None:
        assert self.open_id is not None
        self._load_case(self.open_id, self._next_generation(), self._case_failed)
