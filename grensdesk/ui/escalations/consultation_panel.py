"""The open consultation's escalations: status, the expert's answer, and what the adviser can do.

Shown under the consultation form. Answers arrive live (``events_arrived``); the adviser can
escalate (Ctrl+E), give the information the expert asked for, reply, or close from here.

Signals:
    escalate_requested(): the Escalate button was pressed (the page knows the form's content).
"""

from __future__ import annotations

import html
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services import escalations as service
from grensdesk.services.escalation_queue import PRESENCE_EVENTS
from grensdesk.services.escalations import AnsweringOffice, EscalationDetail, EscalationSummary
from grensdesk.services.events import EventRecord
from grensdesk.services.topics import TopicSummary, list_topics
from grensdesk.ui.context import AppContext
from grensdesk.ui.escalations.actions import ACTIONS_BY_KEY
from grensdesk.ui.escalations.case_actions import CaseActions, explain
from grensdesk.ui.escalations.escalate_dialog import EscalateDialog
from grensdesk.ui.escalations.labels import due_text, message_label, status_label

ADVISER_ACTIONS: Final = ("provide_information", "reply", "close")
ERROR_STYLE: Final = "color: #b00020;"
MAX_ROWS: Final = 3


class ConsultationEscalations(QGroupBox):
    escalate_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consultation_escalations")
        self.context = context
        self.consultation_id: int | None = None
        self.rows: list[EscalationSummary] = []
        self.detail: EscalationDetail | None = None
        self.dialog: EscalateDialog | None = None
        self._generation = 0

        self.list = QListWidget()
        self.list.setObjectName("consultation_escalation_list")
        self.messages = QTextBrowser()
        self.messages.setObjectName("consultation_escalation_thread")
        self.messages.setMaximumHeight(130)
        self.message = QLabel()
        self.message.setObjectName("consultation_escalation_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.escalate_button = QPushButton()
        self.escalate_button.setObjectName("escalate")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(self.escalate_button)
        row.addStretch(1)
        for key in ADVISER_ACTIONS:
            button = QPushButton()
            button.setObjectName(f"consultation_{key}")
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, action=key: self.trigger(action))
            self.buttons[key] = button
            row.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        column.addWidget(self.list)
        column.addWidget(self.messages)
        column.addWidget(self.message)
        column.addLayout(row)
        self.case_actions = CaseActions(context, self)
        # Window-wide while the consultation screen shows: the adviser's focus is in the form.
        self._shortcuts = [
            QShortcut(
                QKeySequence(ACTIONS_BY_KEY[key].shortcut),
                self,
                lambda action=key: self.trigger(action),
            )
            for key in ADVISER_ACTIONS
        ]
        for shortcut in self._shortcuts:
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.escalate_button.clicked.connect(lambda: self.escalate_requested.emit())
        self.list.currentRowChanged.connect(self._selected)
        self.case_actions.done.connect(lambda _detail: self.reload())
        self.case_actions.reload_requested.connect(lambda _id: self.reload())
        self.case_actions.message.connect(self.show_message)
        self.retranslate_ui()
        self._show_rows([])

    def retranslate_ui(self) -> None:
        self.setTitle(_("Escalations to the back office"))
        self.escalate_button.setText(_("&Escalate…"))
        self.escalate_button.setToolTip(_("Ask the back office (Ctrl+E)"))
        for key, button in self.buttons.items():
            action = ACTIONS_BY_KEY[key]
            button.setText(_(action.label))
            button.setToolTip(action.shortcut)
        self._show_rows(self.rows)
        self._show_detail(self.detail)

    # ---- loading ---------------------------------------------------------------------------

    def show_for(self, consultation_id: int | None) -> None:
        """The escalations of this consultation (None: a new one, which has none)."""
        if consultation_id != self.consultation_id:
            self.detail = None
            self.show_message("")
        self.consultation_id = consultation_id
        if consultation_id is None:
            self._show_rows([])
            return
        self.reload()

    def reload(self) -> None:
        consultation_id = self.consultation_id
        if consultation_id is None:
            return
        self._generation += 1
        generation = self._generation
        sessions, actor = self.context.database.sessions, self.context.actor
        chosen = self.detail.id if self.detail is not None else None

        def load() -> tuple[list[EscalationSummary], EscalationDetail | None]:
            rows = service.escalations_for_consultation(sessions, actor, consultation_id)
            ids = [row.id for row in rows]
            pick = chosen if chosen in ids else (ids[0] if ids else None)
            detail = service.get_escalation(sessions, actor, pick) if pick is not None else None
            return rows, detail

        self.context.tasks.run(
            load,
            lambda loaded: self._loaded(loaded, generation, consultation_id),
            lambda error: self.show_message(explain(error), error=True),
            owner=self,
        )

    def _loaded(
        self,
        loaded: tuple[list[EscalationSummary], EscalationDetail | None],
        generation: int,
        consultation_id: int,
    ) -> None:
        if generation != self._generation or consultation_id != self.consultation_id:
            return
        rows, detail = loaded
        self.detail = detail
        self._show_rows(rows)
        self._show_detail(detail)

    def _show_rows(self, rows: list[EscalationSummary]) -> None:
        self.rows = rows
        self.list.blockSignals(True)
        self.list.clear()
        for summary in rows:
            item = QListWidgetItem(
                _("{topic} – {status} – due {due}").format(
                    topic=summary.topic_name,
                    status=status_label(summary.status),
                    due=due_text(summary),
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.list.addItem(item)
        chosen = self.detail.id if self.detail is not None else None
        for number, summary in enumerate(rows):
            if summary.id == chosen:
                self.list.setCurrentRow(number)
        self.list.blockSignals(False)
        has_rows = bool(rows)
        self.list.setVisible(has_rows)
        self.messages.setVisible(has_rows)
        row_height = self.list.fontMetrics().height() + 6
        self.list.setFixedHeight(min(max(len(rows), 1), MAX_ROWS) * row_height + 6)
        self.escalate_button.setEnabled(True)

    def _selected(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.detail = None
            escalation_id = self.rows[row].id
            sessions, actor = self.context.database.sessions, self.context.actor
            self.context.tasks.run(
                lambda: service.get_escalation(sessions, actor, escalation_id),
                self._detail_loaded,
                lambda error: self.show_message(explain(error), error=True),
                owner=self,
            )

    def _detail_loaded(self, detail: EscalationDetail) -> None:
        if detail.summary.consultation_id == self.consultation_id:
            self.detail = detail
            self._show_detail(detail)

    def _show_detail(self, detail: EscalationDetail | None) -> None:
        allowed = detail.allowed_actions if detail is not None else frozenset()
        for key, button in self.buttons.items():
            button.setEnabled(key in allowed)
        if detail is None:
            self.messages.clear()
            return
        blocks = []
        for message in detail.messages:
            if message.internal:
                continue  # never shown to the front office (the backend leaves them out too)
            header = _("{kind} – {who}, {when}").format(
                kind=message_label(message.kind),
                who=message.author_name,
                when=i18n.format_datetime(message.created_at.astimezone(), style="short"),
            )
            body = html.escape(message.text).replace("\n", "<br>")
            blocks.append(f"<p><b>{html.escape(header)}</b><br>{body}</p>")
        if detail.cited_versions:
            cited = ", ".join(
                _("{title} (version {number})").format(title=item.title, number=item.number)
                for item in detail.cited_versions
            )
            line = _("Cited: {list}").format(list=cited)
            blocks.append(f"<p><i>{html.escape(line)}</i></p>")
        self.messages.setHtml("".join(blocks))
        self.messages.verticalScrollBar().setValue(self.messages.verticalScrollBar().maximum())

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    # ---- doing -----------------------------------------------------------------------------

    def trigger(self, key: str) -> None:
        button = self.buttons.get(key)
        if self.detail is not None and button is not None and button.isEnabled():
            self.case_actions.start(key, self.detail, lambda: self.detail)

    def escalate(self, consultation_id: int | None, topics: tuple[str, ...], question: str) -> None:
        """Open the Escalate dialog, prefilled from the consultation."""
        if consultation_id is None:
            self.show_message(
                _("Save the consultation first (Ctrl+S); then it can be escalated."), error=True
            )
            return
        sessions = self.context.database.sessions
        self.context.tasks.run(
            lambda: (list_topics(sessions), service.answering_offices(sessions)),
            lambda loaded: self._open_dialog(consultation_id, *loaded, topics, question),
            lambda error: self.show_message(explain(error), error=True),
            owner=self,
        )

    def _open_dialog(
        self,
        consultation_id: int,
        all_topics: list[TopicSummary],
        offices: list[AnsweringOffice],
        topics: tuple[str, ...],
        question: str,
    ) -> None:
        dialog = EscalateDialog(
            self.context,
            consultation_id,
            all_topics,
            topics,
            question,
            offices,
            parent=self.window(),
        )
        dialog.escalated.connect(self._escalated)
        self.dialog = dialog
        dialog.open()

    def _escalated(self, detail: EscalationDetail) -> None:
        self.detail = detail
        self.show_message(_("Escalated. The back office has been told."))
        self.reload()

    # ---- live ------------------------------------------------------------------------------

    def events_arrived(self, events: list[EventRecord]) -> None:
        if self.consultation_id is None:
            return
        mine = {row.id for row in self.rows}
        office = self.context.actor.office_id
        # Presence heartbeats change nothing shown here; a new escalation can only be this
        # consultation's when it comes from this office.
        if any(
            event.entity == "escalation"
            and event.kind not in PRESENCE_EVENTS
            and (
                event.entity_id in mine
                or (event.kind == "escalation.created" and event.office_id == office)
            )
            for event in events
        ):
            self.reload()
