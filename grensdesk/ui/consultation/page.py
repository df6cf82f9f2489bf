"""The adviser's home: the office's consultations beside the form, and nothing ever lost.

While the form has unsaved changes it is written to a local draft every few seconds; a
draft found at the next start (after a crash or a lost connection) is offered back.

Signals:
    find_rules_requested(object, object): the adviser wants the comparisons for the form's
        situation (a ``Situation``) and consultation id (None while it is unsaved).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.drafts import Draft, discard_draft, load_drafts, save_draft
from grensdesk.i18n import _
from grensdesk.services.accounts import office_advisers
from grensdesk.services.consultations import (
    ConsultationDetail,
    ConsultationInput,
    ConsultationInvalidError,
    get_consultation,
    save_consultation,
)
from grensdesk.services.errors import ConflictError, ServiceError, ValidationError
from grensdesk.services.knowledge import AttachedComparison, list_attached
from grensdesk.services.knowledge_search import Situation
from grensdesk.services.topics import list_topics
from grensdesk.services.validation import consultation_problems, find_identifiers
from grensdesk.ui.consultation.choices import choose
from grensdesk.ui.consultation.form import ConsultationForm
from grensdesk.ui.consultation.list_view import ConsultationList
from grensdesk.ui.context import AppContext
from grensdesk.ui.escalations.consultation_panel import ConsultationEscalations
from grensdesk.ui.letters.panel import ConsultationLetters
from grensdesk.ui.pages.base import Page

DRAFT_INTERVAL_MS = 3_000
NEW_DRAFT_KEY = "new"


class ConsultationPage(Page):
    find_rules_requested = Signal(object, object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.list = ConsultationList(context)
        self.form = ConsultationForm()
        self.new_button = QPushButton()
        self.new_button.setObjectName("new_consultation")
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_consultation")
        self.close_button = QPushButton()
        self.close_button.setObjectName("close_consultation")
        self.save_button.setDefault(True)
        # Beside the topics in the form, where the adviser's eyes are (not the button row,
        # which has no room to spare in a narrow window).
        self.find_rules_button = self.form.find_rules_button
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.form, 1)
        # The consultation's escalations, their answers arriving live; Escalate… (Ctrl+E).
        self.escalations = ConsultationEscalations(context)
        right_column.addWidget(self.escalations)
        # The consultation's letters (reopen one with Enter); Letter… (Ctrl+P).
        self.letters = ConsultationLetters(context)
        right_column.addWidget(self.letters)
        right_column.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([480, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.dirty = False
        self.saving = False
        self._draft_timer = QTimer(self)
        self._draft_timer.setInterval(DRAFT_INTERVAL_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        self._draft_key = NEW_DRAFT_KEY
        self._shortcuts = [
            QShortcut(QKeySequence.StandardKey.New, self, self.new_consultation),
            QShortcut(QKeySequence.StandardKey.Save, self, lambda: self.save()),
            QShortcut(QKeySequence("Ctrl+Shift+S"), self, self.save_and_close),
            QShortcut(QKeySequence("Ctrl+L"), self, self.list.table.setFocus),
            QShortcut(QKeySequence("Ctrl+F"), self, self.list.text.setFocus),
            QShortcut(QKeySequence("Ctrl+K"), self, self.find_rules),
            QShortcut(QKeySequence("Ctrl+E"), self, self.escalate),
            QShortcut(QKeySequence("Ctrl+P"), self, self.letter),
        ]
        for shortcut in self._shortcuts:
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Lambdas: clicked(bool) would otherwise land in save()'s first parameter.
        self.new_button.clicked.connect(lambda: self.new_consultation())
        self.save_button.clicked.connect(lambda: self.save())
        self.close_button.clicked.connect(lambda: self.save_and_close())
        self.find_rules_button.clicked.connect(lambda: self.find_rules())
        self.form.changed.connect(self._form_changed)
        self.list.open_requested.connect(self.open_consultation)
        self.escalations.escalate_requested.connect(self.escalate)
        self.letters.letter_requested.connect(self.letter)
        self.retranslate_ui()

    # ---- page ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.new_button.setText(_("&New"))
        self.new_button.setToolTip(
            _("New consultation ({key})").format(
                key=QKeySequence(QKeySequence.StandardKey.New).toString()
            )
        )
        self.save_button.setText(_("&Save"))
        self.save_button.setToolTip(QKeySequence(QKeySequence.StandardKey.Save).toString())
        self.close_button.setText(_("Save and c&lose"))
        self.close_button.setToolTip(_("Save and close the consultation (Ctrl+Shift+S)"))
        self.find_rules_button.setText(_("Find &rules (Ctrl+K)"))
        self.find_rules_button.setToolTip(
            _("The knowledge-base comparisons that fit this citizen's situation")
        )
        self.form.retranslate_ui()
        self.list.retranslate_ui()
        self.escalations.retranslate_ui()
        self.letters.retranslate_ui()

    def activate(self) -> None:
        first = not self._loaded
        super().activate()
        if first:
            self._offer_drafts()
        self.form.started_at.setFocus()

    def refresh(self) -> None:
        sessions, actor = self.context.database.sessions, self.context.actor
        self.context.tasks.run(
            lambda: (list_topics(sessions), office_advisers(sessions, actor)),
            self._choices_loaded,
        )
        self.list.reload()

    def _choices_loaded(self, loaded: tuple[Any, list[tuple[int, str]]]) -> None:
        topics, advisers = loaded
        self.form.set_topics(topics)
        self.list.set_topics(topics)
        self.list.set_advisers(advisers)

    # ---- starting and opening --------------------------------------------------------------

    def new_consultation(self) -> None:
        if not self._may_leave_form():
            return
        self._discard_current_draft()
        self.form.start_new()
        self.dirty = False
        self._draft_key = NEW_DRAFT_KEY
        self.escalations.show_for(None)
        self.letters.show_for(None)
        self.form.started_at.setFocus()

    def open_consultation(self, consultation_id: int) -> None:
        if self.form.consultation_id == consultation_id or not self._may_leave_form():
            return
        sessions, actor = self.context.database.sessions, self.context.actor
        self.context.tasks.run(
            lambda: get_consultation(sessions, actor, consultation_id),
            self._opened,
            self._failed,
        )

    def _opened(self, detail: ConsultationDetail) -> None:
        self._discard_current_draft()
        self.form.load(detail)
        self.dirty = False
        self._draft_key = f"consultation-{detail.id}"
        self.form.show_message(
            _("Last changed by {name}.").format(name=detail.updated_by_name) if detail else ""
        )
        self.reload_attached(detail.id)
        self.escalations.show_for(detail.id)
        self.letters.show_for(detail.id)

    def _may_leave_form(self) -> bool:
        """Unsaved changes are never thrown away without asking."""
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self,
            _("Unsaved consultation"),
            _("The consultation in the form has unsaved changes. Leave it anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ---- the knowledge base -----------------------------------------------------------------

    def find_rules(self) -> None:
        """Ask for the comparisons that fit what the form says now (saved or not)."""
        data = self.form.to_input()
        situation = Situation(
            residence=data.residence_country,
            work=data.work_country,
            profile=data.profile,
            home_work_percent=data.home_work_percent,
            topics=data.topics,
            residence_region=data.residence_region,
            work_region=data.work_region,
        )
        self.find_rules_requested.emit(situation, self.form.consultation_id)

    def escalate(self) -> None:
        """The Escalate dialog, prefilled with the form's topics and question."""
        self.escalations.escalate(
            self.form.consultation_id, self.form.topic_codes(), self.form.question.toPlainText()
        )

    def letter(self) -> None:
        """The letter preview for the open consultation, written from what is saved."""
        if self.form.consultation_id is None or self.dirty:
            self.form.show_message(
                _("Save the consultation first: the letter is written from what is saved."),
                error=True,
            )
            return
        self.letters.new_letter()

    def reload_attached(self, consultation_id: int) -> None:
        sessions, actor = self.context.database.sessions, self.context.actor
        language = i18n.current_language()
        self.context.tasks.run(
            lambda: list_attached(sessions, actor, consultation_id, language),
            lambda attached: self._attached_loaded(consultation_id, attached),
            owner=self,
        )

    def _attached_loaded(self, consultation_id: int, attached: list[AttachedComparison]) -> None:
        if self.form.consultation_id == consultation_id:
            self.form.show_attached(attached)

    # ---- saving ----------------------------------------------------------------------------

    def save_and_close(self) -> None:
        choose(self.form.status, "closed")
        self.save()

    def save(self, overwrite_version: int | None = None) -> None:
        if self.saving:
            return
        self.form.clear_errors()
        data = self.form.to_input()
        problems = consultation_problems(data, dt.date.today())  # pure checks: instant
        if problems:
            self._show_problems(problems)
            return
        if overwrite_version is None and not self._identifiers_accepted(data):
            return
        expected = overwrite_version if overwrite_version is not None else self.form.version
        sessions, actor = self.context.database.sessions, self.context.actor
        consultation_id = self.form.consultation_id
        self.saving = True
        self.write_draft()  # whatever happens to the save, the draft holds what was typed
        self.context.tasks.run(
            lambda: save_consultation(sessions, actor, data, consultation_id, expected),
            self._saved,
            self._save_failed,
        )

    def _identifiers_accepted(self, data: ConsultationInput) -> bool:
        hits = find_identifiers(f"{data.question}\n{data.advice}")
        if not hits:
            return True
        found = "\n".join(f"• {hit.label}: {hit.text}" for hit in hits)
        answer = QMessageBox.warning(
            self,
            _("Personal identifier in the notes"),
            _(
                "The notes seem to contain:\n{found}\n\nGrensDesk must not store national "
                "identification or account numbers. Go back and remove them?"
            ).format(found=found),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Ignore,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.form.question.setFocus()
            return False
        return True

    def _show_problems(self, problems: list[ValidationError] | list[ServiceError]) -> None:
        fields: list[str | None] = []
        for problem in problems:
            if isinstance(problem, ValidationError):
                self.form.show_error(problem)
                fields.append(problem.field)
            else:
                self.form.show_message(str(problem), error=True)
        self.form.focus_first_error(fields)

    def _saved(self, detail: ConsultationDetail) -> None:
        self.saving = False
        self._discard_current_draft()
        self.form.load(detail)
        self.dirty = False
        self._draft_key = f"consultation-{detail.id}"
        self.form.show_message(_("Saved."))
        self.list.reload()
        self.reload_attached(detail.id)
        self.escalations.show_for(detail.id)
        self.letters.show_for(detail.id)

    def _save_failed(self, error: BaseException) -> None:
        self.saving = False
        if isinstance(error, ConflictError):
            self._resolve_conflict(error)
        elif isinstance(error, ConsultationInvalidError):
            self._show_problems(error.problems)
        elif isinstance(error, ServiceError):
            self.form.show_message(str(error), error=True)
        else:
            self.form.show_message(
                _(
                    "The consultation could not be saved ({reason}). What you typed is kept "
                    "on this computer as a draft; save again when the database is back."
                ).format(reason=_first_line(error)),
                error=True,
            )

    def ask_conflict(self, error: ConflictError) -> str:
        """Reload theirs, keep mine, or cancel: the adviser decides, never GrensDesk."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Changed by someone else"))
        box.setText(str(error))
        reload_button = box.addButton(_("&Reload their version"), QMessageBox.ButtonRole.ResetRole)
        keep_button = box.addButton(_("&Keep mine"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is keep_button:
            return "keep"
        if box.clickedButton() is reload_button:
            return "reload"
        return "cancel"

    def _resolve_conflict(self, error: ConflictError) -> None:
        choice = self.ask_conflict(error)
        if choice == "keep":
            self.save(overwrite_version=error.current_version)
        elif choice == "reload" and self.form.consultation_id is not None:
            self.dirty = False
            consultation_id = self.form.consultation_id
            self.form.consultation_id = None  # so that open_consultation does not skip it
            self.open_consultation(consultation_id)
        else:
            self.form.show_message(str(error), error=True)

    def _failed(self, error: BaseException) -> None:
        self.form.show_message(str(error), error=True)

    # ---- drafts ----------------------------------------------------------------------------

    def shut_down(self) -> None:
        # Unsaved work stays as a draft; the next start offers it back.
        self.write_draft()
        self._draft_timer.stop()
        self.form.stop_clock()

    def _form_changed(self) -> None:
        self.dirty = True
        if not self._draft_timer.isActive():
            self._draft_timer.start()

    def write_draft(self) -> None:
        if not self.dirty:
            self._draft_timer.stop()
            return
        draft = Draft(
            key=self._draft_key,
            username=self.context.actor.username,
            saved_at=dt.datetime.now(dt.UTC),
            consultation_id=self.form.consultation_id,
            version=self.form.version,
            form=self.form.draft_state(),
        )
        directory = self.context.settings.drafts_dir / self.context.actor.username
        self.context.tasks.run(lambda: save_draft(directory, draft), lambda _path: None)

    def _discard_current_draft(self) -> None:
        self._draft_timer.stop()
        directory = self.context.settings.drafts_dir / self.context.actor.username
        key = self._draft_key
        self.context.tasks.run(lambda: discard_draft(directory, key), lambda _none: None)

    def _offer_drafts(self) -> None:
        directory = self.context.settings.drafts_dir / self.context.actor.username
        username = self.context.actor.username
        self.context.tasks.run(lambda: load_drafts(directory, username), self._drafts_found)

    def _drafts_found(self, drafts: list[Draft]) -> None:
        if not drafts:
            return
        draft = drafts[0]
        when = draft.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        answer = QMessageBox.question(
            self,
            _("Restore unsaved consultation"),
            _(
                "GrensDesk found a consultation that was not saved (last typed at {time}). "
                "Restore it into the form? (Discard throws it away.)"
            ).format(time=when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            directory = self.context.settings.drafts_dir / self.context.actor.username
            self.context.tasks.run(lambda: discard_draft(directory, draft.key), lambda _n: None)
            return
        self.form.restore_draft(draft.form, draft.consultation_id, draft.version)
        self._draft_key = draft.key
        self.dirty = True
        self.form.show_message(_("Restored from the draft; save it to keep it."))


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
