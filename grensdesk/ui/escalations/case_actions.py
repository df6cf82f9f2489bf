"""Carry out a case action: ask for the text, save through the service, explain a refusal.

Used by the queue page and by the consultation screen alike. Nothing is overwritten: a
save against a stale version comes back as a ConflictError, which is explained (who changed
it) while the case is reloaded; the text typed stays in the open dialog.

Signals:
    done(object): the action was saved; the new ``EscalationDetail``.
    reload_requested(int): the case with this id changed meanwhile: show it afresh.
    message(str, bool): a line for the case view (text, is_error).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from grensdesk.i18n import _
from grensdesk.services import escalations as service
from grensdesk.services.errors import ConflictError, ServiceError
from grensdesk.services.escalations import AlreadyClaimedError, EscalationDetail, ExpertChoice
from grensdesk.ui.context import AppContext
from grensdesk.ui.escalations.action_dialog import ActionDialog
from grensdesk.ui.escalations.comparison_picker import ComparisonPicker

Call = Callable[[], EscalationDetail]


def explain(error: BaseException) -> str:
    """What a person reads when an action was refused or failed."""
    if isinstance(error, AlreadyClaimedError):
        if error.holder:
            return _("Already claimed by {name}. The list has been refreshed.").format(
                name=error.holder
            )
        return str(error)
    if isinstance(error, ConflictError):
        return _("{reason} The case has been reloaded; nothing was overwritten.").format(
            reason=str(error)
        )
    if isinstance(error, ServiceError):
        return str(error)
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return _(
        "This could not be saved ({reason}). What you typed is still here; try again when "
        "the database is reachable."
    ).format(reason=first_line)


class CaseActions(QObject):
    done = Signal(object)
    reload_requested = Signal(int)
    message = Signal(str, bool)

    def __init__(self, context: AppContext, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.context = context
        self.parent_widget = parent_widget
        self.dialog: ActionDialog | None = None
        self.reassign_to: QComboBox | None = None
        self.picker: ComparisonPicker | None = None

    # ---- starting --------------------------------------------------------------------------

    def start(
        self, key: str, detail: EscalationDetail, current: Callable[[], EscalationDetail | None]
    ) -> None:
        """Begin action ``key`` on ``detail``; ``current`` gives the newest detail at send time
        (the case may be reloaded while the dialog is open)."""
        if key == "claim":
            escalation_id = detail.id
            sessions, actor = self.context.database.sessions, self.context.actor
            self._run(partial(service.claim, sessions, actor, escalation_id), detail.id, None)
            return
        dialog = self._dialog_for(key, detail)
        self.dialog = dialog
        dialog.submitted.connect(lambda: self._send(key, dialog, current))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: ActionDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.picker = None
            self.reassign_to = None

    def _dialog_for(self, key: str, detail: EscalationDetail) -> ActionDialog:
        parent = self.parent_widget
        if key == "request_information":
            return ActionDialog(
                _("Ask the adviser for information"),
                _("What do you need to know? The deadline pauses until the adviser answers."),
                _("Send &question"),
                parent=parent,
            )
        if key == "provide_information":
            return ActionDialog(
                _("Give the information asked for"),
                _("Your answer to the expert's question; the deadline runs again."),
                _("Send &information"),
                parent=parent,
            )
        if key == "note":
            return ActionDialog(
                _("Internal note"),
                _("Only the back office sees this note; the front office never does."),
                _("Add &note"),
                parent=parent,
            )
        if key == "answer":
            self.picker = ComparisonPicker(self.context, detail)
            return ActionDialog(
                _("Answer the escalation"),
                _("Your answer to the adviser. Tick the comparisons it relies on, if any."),
                _("Send &answer"),
                extra=self.picker,
                parent=parent,
            )
        if key == "return":
            return ActionDialog(
                _("Return the escalation"),
                _("Why is this not a question for the back office? The adviser reads this."),
                _("&Return"),
                parent=parent,
            )
        if key == "reassign":
            return self._reassign_dialog(detail)
        if key == "reply":
            return ActionDialog(
                _("Reply to the expert"),
                _("Your reply or follow-up question; the expert sees it in the case."),
                _("Send &reply"),
                parent=parent,
            )
        return ActionDialog(
            _("Close the escalation"),
            _("A closing remark, if you like. A closed escalation cannot be changed."),
            _("&Close escalation"),
            text_required=False,
            parent=parent,
        )

    def _reassign_dialog(self, detail: EscalationDetail) -> ActionDialog:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        combo = QComboBox()
        combo.setObjectName("reassign_to")
        label = QLabel(_("&To:"))
        label.setBuddy(combo)
        column.addWidget(label)
        column.addWidget(combo)
        column.addStretch(1)
        self.reassign_to = combo
        sessions, actor, escalation_id = (
            self.context.database.sessions,
            self.context.actor,
            detail.id,
        )
        self.context.tasks.run(
            lambda: service.assignable_experts(sessions, actor, escalation_id),
            lambda people: self._candidates_loaded(combo, people),
            lambda error: self.dialog.show_error(explain(error)) if self.dialog else None,
            owner=combo,
        )
        return ActionDialog(
            _("Reassign the escalation"),
            _("Why (optional): the colleague reads it in the case."),
            _("Re&assign"),
            text_required=False,
            extra=holder,
            parent=self.parent_widget,
        )

    def _candidates_loaded(self, combo: QComboBox, people: list[ExpertChoice]) -> None:
        combo.clear()
        mine = self.context.actor.user_id
        for person in people:
            if person.user_id != mine:
                combo.addItem(
                    _("{name} ({office})").format(name=person.name, office=person.office_name),
                    person.user_id,
                )

    # ---- sending ---------------------------------------------------------------------------

    def _send(
        self, key: str, dialog: ActionDialog, current: Callable[[], EscalationDetail | None]
    ) -> None:
        detail = current()
        if detail is None:
            return
        sessions, actor = self.context.database.sessions, self.context.actor
        escalation_id, version, text = detail.id, detail.version, dialog.message_text()
        call: Call
        if key == "request_information":
            call = partial(
                service.request_information, sessions, actor, escalation_id, version, text
            )
        elif key == "provide_information":
            call = partial(
                service.provide_information, sessions, actor, escalation_id, version, text
            )
        elif key == "note":
            call = partial(service.add_internal_note, sessions, actor, escalation_id, version, text)
        elif key == "answer":
            cited = self.picker.version_ids() if self.picker is not None else ()
            call = partial(service.answer, sessions, actor, escalation_id, version, text, cited)
        elif key == "return":
            call = partial(service.return_escalation, sessions, actor, escalation_id, version, text)
        elif key == "reassign":
            target = self.reassign_to.currentData() if self.reassign_to is not None else None
            if target is None:
                dialog.show_error(_("Choose the colleague who takes the case over."))
                return
            to_user = int(target)
            call = partial(service.reassign, sessions, actor, escalation_id, version, to_user, text)
        elif key == "reply":
            call = partial(service.reply, sessions, actor, escalation_id, version, text)
        else:
            call = partial(service.close, sessions, actor, escalation_id, version, text)
        dialog.set_busy(True)
        self._run(call, escalation_id, dialog)

    def _run(self, call: Call, escalation_id: int, dialog: ActionDialog | None) -> None:
        self.context.tasks.run(
            call,
            lambda detail: self._saved(detail, dialog),
            lambda error: self._failed(error, escalation_id, dialog),
            owner=self,
        )

    def _saved(self, detail: EscalationDetail, dialog: ActionDialog | None) -> None:
        if dialog is not None:
            dialog.accept()
        self.message.emit("", False)
        self.done.emit(detail)

    def _failed(
        self, error: BaseException, escalation_id: int, dialog: ActionDialog | None
    ) -> None:
        text = explain(error)
        if dialog is not None and dialog.isVisible():
            dialog.show_error(text)
        self.message.emit(text, True)
        if isinstance(error, ConflictError | AlreadyClaimedError):
            self.reload_requested.emit(escalation_id)
