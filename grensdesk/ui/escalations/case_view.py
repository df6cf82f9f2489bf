"""One escalation: the situation, the question, the thread, the history, who else has it open.

Everything a person wrote is escaped before it becomes rich text. Internal notes are marked
as such (and the backend never sends them to the front office).

Signals:
    action_requested(str): a button was pressed; the key of a ``CaseAction``.
"""

from __future__ import annotations

import html
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.context import Actor
from grensdesk.services.escalations import EscalationDetail, EscalationMessage
from grensdesk.ui.consultation.choices import COUNTRY_LABELS, LANGUAGE_LABELS, PROFILE_LABELS
from grensdesk.ui.escalations.actions import CASE_ACTIONS
from grensdesk.ui.escalations.labels import due_text, message_label, status_label, urgency_label

PRESENCE_STYLE: Final = "background: #e8f0fa; color: #1f3d63; padding: 4px 6px; border-radius: 3px;"
MESSAGE_STYLE: Final = "color: #b00020;"
NOTE_BACKGROUND: Final = "#fff4ce"
ANSWER_BACKGROUND: Final = "#e6f4ea"


def _text(value: str) -> str:
    """Escaped, with line breaks kept."""
    return html.escape(value).replace("\n", "<br>")


def _heading(text: str) -> str:
    return f"<h4 style='margin: 8px 0 2px 0; color: #1f3d63'>{html.escape(text)}</h4>"


class CaseView(QWidget):
    action_requested = Signal(str)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case_view")
        self.actor = actor
        self.detail: EscalationDetail | None = None

        self.title = QLabel()
        self.title.setObjectName("case_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 120%; font-weight: bold;")
        self.facts = QLabel()
        self.facts.setObjectName("case_facts")
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setWordWrap(True)
        self.presence = QLabel()
        self.presence.setObjectName("case_presence")
        self.presence.setTextFormat(Qt.TextFormat.PlainText)
        self.presence.setWordWrap(True)
        self.presence.setStyleSheet(PRESENCE_STYLE)
        self.presence.hide()
        self.body = QTextBrowser()
        self.body.setObjectName("case_body")
        self.body.setOpenLinks(False)
        self.messages = QTextBrowser()
        self.messages.setObjectName("case_thread")
        self.messages.setOpenLinks(False)
        self.history = QListWidget()
        self.history.setObjectName("case_history")
        self._thread_label = QLabel()
        self._history_label = QLabel()
        self.message = QLabel()
        self.message.setObjectName("case_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons: dict[str, QPushButton] = {}
        button_grid = QGridLayout()
        visible = [
            action for action in CASE_ACTIONS if action.roles & actor.roles or not actor.roles
        ]
        for number, action in enumerate(visible):
            button = QPushButton()
            button.setObjectName(f"case_{action.key}")
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, key=action.key: self.trigger(key))
            self.buttons[action.key] = button
            button_grid.addWidget(button, 0, number)

        thread_box = QWidget()
        thread_column = QVBoxLayout(thread_box)
        thread_column.setContentsMargins(0, 0, 0, 0)
        thread_column.addWidget(self._thread_label)
        thread_column.addWidget(self.messages, 1)
        history_box = QWidget()
        history_column = QVBoxLayout(history_box)
        history_column.setContentsMargins(0, 0, 0, 0)
        history_column.addWidget(self._history_label)
        history_column.addWidget(self.history, 1)
        # The facts of the case on the left, the conversation and its history on the right.
        conversation = QSplitter(Qt.Orientation.Vertical)
        conversation.addWidget(thread_box)
        conversation.addWidget(history_box)
        conversation.setSizes([300, 110])
        splitter = QSplitter()
        splitter.addWidget(self.body)
        splitter.addWidget(conversation)
        splitter.setSizes([420, 560])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.facts)
        column.addWidget(self.presence)
        column.addWidget(splitter, 1)
        column.addWidget(self.message)
        column.addLayout(button_grid)
        self.retranslate_ui()
        self.show_detail(None)

    # ---- texts -----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self._thread_label.setText(_("Messages"))
        self._history_label.setText(_("History"))
        for action in CASE_ACTIONS:
            button = self.buttons.get(action.key)
            if button is not None:
                button.setText(_(action.label))
                button.setToolTip(action.shortcut)
        self.show_detail(self.detail)

    # ---- showing ---------------------------------------------------------------------------

    def show_detail(self, detail: EscalationDetail | None) -> None:
        self.detail = detail
        allowed = detail.allowed_actions if detail is not None else frozenset()
        for key, button in self.buttons.items():
            button.setEnabled(key in allowed)
        if detail is None:
            self.title.setText(_("Choose an escalation in the list and press Enter."))
            for widget in (self.facts, self.presence):
                widget.clear()
            self.presence.hide()
            self.body.clear()
            self.messages.clear()
            self.history.clear()
            return
        row = detail.summary
        self.title.setText(_("Escalation {id}: {topic}").format(id=row.id, topic=row.topic_name))
        assignee = row.assignee_name or _("(nobody yet)")
        self.facts.setText(
            _("{status} · {urgency} · from {office} · due {due} · assignee: {assignee}").format(
                status=status_label(row.status),
                urgency=urgency_label(row.urgency),
                office=row.office_name,
                due=due_text(row),
                assignee=assignee,
            )
        )
        self.show_viewers(detail)
        self.body.setHtml(self._body_html(detail))
        self.messages.setHtml(self._thread_html(detail.messages))
        self.messages.verticalScrollBar().setValue(self.messages.verticalScrollBar().maximum())
        self.history.clear()
        for step in detail.steps:
            self.history.addItem(
                _("{when} – {step} – {who}").format(
                    when=i18n.format_datetime(step.occurred_at.astimezone(), style="short"),
                    step=step.label,
                    who=step.actor_name,
                )
            )

    def show_viewers(self, detail: EscalationDetail) -> None:
        if not detail.viewers:
            self.presence.hide()
            self.presence.clear()
            return
        names = ", ".join(
            _("{name} ({office})").format(name=viewer.name, office=viewer.office_name)
            for viewer in detail.viewers
        )
        self.presence.setText(_("Also open on another desk: {names}").format(names=names))
        self.presence.show()

    def _body_html(self, detail: EscalationDetail) -> str:
        situation = detail.situation

        def place(country: str, region: str | None) -> str:
            name = _(COUNTRY_LABELS.get(country, country))
            return f"{name} ({region})" if region else name

        lines = [
            _("Lives in {residence}, works in {work}").format(
                residence=place(situation.residence_country, situation.residence_region),
                work=place(situation.work_country, situation.work_region),
            ),
            _(PROFILE_LABELS.get(situation.profile, situation.profile)),
        ]
        if situation.home_work_percent is not None:
            lines.append(
                _("{share} from home").format(
                    share=i18n.format_percent(situation.home_work_percent / 100)
                )
            )
        parts = [_heading(_("Situation")), _text("\n".join(lines))]
        parts += [_heading(_("Question")), _text(detail.question)]
        if detail.checked_already:
            parts += [_heading(_("Checked already")), _text(detail.checked_already)]
        parts.append(_heading(_("Personal data")))
        if detail.citizen is not None:
            citizen = detail.citizen
            contact = [citizen.full_name, citizen.email, citizen.phone]
            contact.append(
                _("writes in {language}").format(
                    language=_(LANGUAGE_LABELS.get(citizen.language, citizen.language))
                )
            )
            parts.append(_text("\n".join(part for part in contact if part)))
        elif detail.share_personal_data:
            parts.append(_text(_("The citizen consented; you may not see their details.")))
        else:
            parts.append(
                _text(_("The citizen did not consent: only the situation and the question."))
            )
        if detail.cited_versions:
            parts.append(_heading(_("Cited comparisons")))
            parts.append(
                _text(
                    "\n".join(
                        _("{title} (version {number})").format(
                            title=cited.title, number=cited.number
                        )
                        for cited in detail.cited_versions
                    )
                )
            )
        return "".join(parts)

    def _thread_html(self, messages: tuple[EscalationMessage, ...]) -> str:
        blocks: list[str] = []
        for message in messages:
            kind = message_label(message.kind)
            if message.internal:
                kind = _("Internal note – not shown to the front office")
            background = (
                NOTE_BACKGROUND
                if message.internal
                else ANSWER_BACKGROUND
                if message.kind == "answer"
                else "transparent"
            )
            header = _("{kind} – {who}, {when}").format(
                kind=kind,
                who=message.author_name,
                when=i18n.format_datetime(message.created_at.astimezone(), style="short"),
            )
            blocks.append(
                f"<table width='100%' cellpadding='4' style='background: {background}; "
                f"margin-bottom: 6px'><tr><td><b>{html.escape(header)}</b><br>"
                f"{_text(message.text)}</td></tr></table>"
            )
        return "".join(blocks)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(MESSAGE_STYLE if error else "")
        self.message.setText(text)

    # ---- actions ---------------------------------------------------------------------------

    def trigger(self, key: str) -> None:
        button = self.buttons.get(key)
        if button is not None and button.isEnabled():
            self.action_requested.emit(key)
