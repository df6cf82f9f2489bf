"""Escalate the open consultation to the back office.

Topic (from the consultation's topics), the question (from the consultation), what has been
checked already, urgency, and whether the citizen consents to passing on personal data.
Without consent the expert sees only the situation and the question, and the dialog says so.
Errors are shown next to the field; on any failure everything typed stays in the dialog.

Signals:
    escalated(object): saved; the new ``EscalationDetail``.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.errors import ServiceError, ValidationError
from grensdesk.services.escalations import (
    AnsweringOffice,
    EscalationDetail,
    EscalationInput,
    escalate,
)
from grensdesk.services.topics import TopicSummary
from grensdesk.ui.context import AppContext
from grensdesk.ui.escalations.action_dialog import is_ctrl_enter
from grensdesk.ui.escalations.case_actions import explain
from grensdesk.ui.escalations.labels import URGENCY_LABELS

ERROR_STYLE: Final = "color: #b00020;"
NO_CONSENT_STYLE: Final = "background: #fff4ce; color: #5c4400; padding: 4px 6px;"
CONSENT_STYLE: Final = "background: #e6f4ea; color: #1e4620; padding: 4px 6px;"


class EscalateDialog(QDialog):
    escalated = Signal(object)

    def __init__(
        self,
        context: AppContext,
        consultation_id: int,
        topics: list[TopicSummary],
        consultation_topics: tuple[str, ...],
        question: str,
        offices: list[AnsweringOffice] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("escalate_dialog")
        self.setModal(True)
        self.context = context
        self.consultation_id = consultation_id
        self.saving = False
        self.errors: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}

        self.topic = QComboBox()
        self.topic.setObjectName("escalation_topic")
        language = i18n.current_language()
        # The consultation's own topics first: one of them is almost always the one.
        ordered = sorted(topics, key=lambda topic: topic.code not in consultation_topics)
        for topic in ordered:
            self.topic.addItem(topic.name(language), topic.code)
        if consultation_topics:
            self.topic.setCurrentIndex(max(0, self.topic.findData(consultation_topics[0])))
        self.question = QPlainTextEdit(question)
        self.question.setObjectName("escalation_question")
        self.question.setTabChangesFocus(True)
        self.checked = QPlainTextEdit()
        self.checked.setObjectName("escalation_checked")
        self.checked.setTabChangesFocus(True)
        self.answering_office = QComboBox()
        self.answering_office.setObjectName("escalation_answering_office")
        self.answering_office.addItem("", None)  # any expert in the field; named in retranslate
        for office in offices or []:
            self.answering_office.addItem(office.name, office.id)
        self.urgency = QComboBox()
        self.urgency.setObjectName("escalation_urgency")
        for code, label in URGENCY_LABELS.items():
            self.urgency.addItem(_(label), code)
        self.consent = QCheckBox()
        self.consent.setObjectName("escalation_consent")
        self.consent.setChecked(False)  # only when the citizen says yes, here and now
        self.consent_note = QLabel()
        self.consent_note.setObjectName("escalation_consent_note")
        self.consent_note.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("escalation_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.send_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.send)
        # Inside a text box Ctrl+Enter sends too, even where the shortcut does not reach
        # (a window manager that has not activated the dialog yet).
        for text_box in (self.question, self.checked):
            text_box.installEventFilter(self)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget in (
            ("topic", self.topic),
            ("question", self.question),
            ("checked_already", self.checked),
            ("answering_office_id", self.answering_office),
            ("urgency", self.urgency),
        ):
            self._row(form, key, widget)
        column = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        column.addWidget(self.intro)
        column.addLayout(form, 1)
        column.addWidget(self.consent)
        consent_error = QLabel()
        consent_error.setStyleSheet(ERROR_STYLE)
        consent_error.hide()
        self.errors["share_personal_data"] = consent_error
        column.addWidget(consent_error)
        column.addWidget(self.consent_note)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self.consent.toggled.connect(lambda _on: self._show_consent())
        self.retranslate_ui()
        self.resize(600, 520)
        self.question.setFocus()

    def _row(self, form: QFormLayout, key: str, field: QWidget) -> None:
        caption = QLabel()
        caption.setBuddy(field)
        error = QLabel()
        error.setObjectName(f"escalation_error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        holder = QVBoxLayout()
        holder.setSpacing(2)
        holder.addWidget(field)
        holder.addWidget(error)
        form.addRow(caption, holder)
        self.captions[key] = caption
        self.errors[key] = error

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Escalate to the back office"))
        self.intro.setText(
            _("Consultation {id}: the back office answers within the agreed working days.").format(
                id=self.consultation_id
            )
        )
        self.captions["topic"].setText(_("&Field"))
        self.captions["question"].setText(_("&Question"))
        self.captions["checked_already"].setText(_("C&hecked already"))
        self.captions["answering_office_id"].setText(_("&Back office"))
        self.answering_office.setItemText(0, _("Any expert in this field"))
        self.captions["urgency"].setText(_("&Urgency"))
        self.checked.setPlaceholderText(
            _("What you have looked up or tried, so the expert does not repeat it")
        )
        self.consent.setText(_("The citizen &consents to passing on personal data"))
        self.send_button.setText(_("&Escalate"))
        self.send_button.setToolTip(_("Escalate (Ctrl+Enter)"))
        self._show_consent()

    def _show_consent(self) -> None:
        if self.consent.isChecked():
            self.consent_note.setText(
                _("The expert sees the citizen's name and contact details with the question.")
            )
            self.consent_note.setStyleSheet(CONSENT_STYLE)
        else:
            self.consent_note.setText(
                _(
                    "Without consent no personal data is passed on: the expert sees only the "
                    "situation and the question."
                )
            )
            self.consent_note.setStyleSheet(NO_CONSENT_STYLE)

    # ---- input and errors ------------------------------------------------------------------

    def to_input(self) -> EscalationInput:
        return EscalationInput(
            topic=str(self.topic.currentData() or ""),
            question=self.question.toPlainText().strip(),
            checked_already=self.checked.toPlainText().strip(),
            urgency=str(self.urgency.currentData()),
            share_personal_data=self.consent.isChecked(),
            answering_office_id=self.answering_office.currentData(),
        )

    def clear_errors(self) -> None:
        self.message.clear()
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_error(self, error: BaseException) -> None:
        field = error.field or "" if isinstance(error, ValidationError) else ""
        label = self.errors.get(field)
        if label is None:
            self.message.setText(explain(error))
            return
        label.setText(str(error))
        label.show()
        widget = {
            "topic": self.topic,
            "question": self.question,
            "checked_already": self.checked,
            "urgency": self.urgency,
            "answering_office_id": self.answering_office,
            "share_personal_data": self.consent,
        }.get(field)
        if widget is not None:
            widget.setFocus()

    # ---- saving ----------------------------------------------------------------------------

    def send(self) -> None:
        if self.saving:
            return
        self.clear_errors()
        data = self.to_input()
        if not data.question:
            self.show_error(ValidationError(_("Write the question for the expert."), "question"))
            return
        if not data.topic:
            self.show_error(ValidationError(_("Choose the field of the question."), "topic"))
            return
        self.saving = True
        self.send_button.setEnabled(False)
        sessions, actor, consultation_id = (
            self.context.database.sessions,
            self.context.actor,
            self.consultation_id,
        )
        self.context.tasks.run(
            lambda: escalate(sessions, actor, consultation_id, data),
            self._saved,
            self._failed,
            owner=self,
        )

    def _saved(self, detail: EscalationDetail) -> None:
        self.saving = False
        self.escalated.emit(detail)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.send_button.setEnabled(True)
        problems = getattr(error, "problems", None)
        if isinstance(error, ServiceError) and isinstance(problems, list):
            for problem in problems:
                self.show_error(problem)
            return
        self.show_error(error)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if is_ctrl_enter(event):
            self.send()
            return True
        return super().eventFilter(watched, event)
