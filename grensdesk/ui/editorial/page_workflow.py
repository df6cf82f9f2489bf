"""The editorial workflow's steps: submit, publish, send back, new version, discard, retire.

Four eyes: the author of a version can save and submit it, never publish it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox

from grensdesk.i18n import _
from grensdesk.services.errors import EditConflictError
from grensdesk.services.knowledge import ComparisonDetail
from grensdesk.services.knowledge_editorial import (
    discard_draft,
    draft_new_version,
    publish,
    retire,
    submit_for_review,
)
from grensdesk.services.knowledge_review_queue import load_editable, send_back
from grensdesk.ui.editorial.page_base import EDIT_TAB, REVIEW_TAB, EditorialPageBase


class WorkflowActions(EditorialPageBase):
    """Each step runs in the background, then opens the version it produced."""

    def submit(self) -> None:
        """Submit the draft for review; unsaved changes are saved first."""
        current = self.current
        if current is None or current.state != "draft" or self.busy:
            return
        if self.dirty:
            self.save(then=self._submit_saved)
            return
        self._run_transition(
            lambda sessions, actor: submit_for_review(
                sessions, actor, current.version_id, current.lock_version
            ),
            _("Submitted for review: another editor must now publish it."),
        )

    def _submit_saved(self) -> None:
        version_id = self._follow_up_version
        sessions, actor = self.context.database.sessions, self.context.actor

        def work() -> ComparisonDetail:
            editable = load_editable(sessions, actor, version_id)
            return submit_for_review(sessions, actor, version_id, editable.lock_version)

        self._run(work, _("Submitted for review: another editor must now publish it."))

    def publish(self) -> None:
        current = self.current
        if current is None or current.state != "in_review" or self.busy:
            return
        if self._is_mine(current):
            self._show_message(
                _(
                    "Four eyes: you wrote this version, so another editor must review and "
                    "publish it."
                ),
                error=True,
            )
            return
        self._run_transition(
            lambda sessions, actor: publish(
                sessions, actor, current.version_id, current.lock_version
            ),
            _("Published: advisers see this version now."),
            REVIEW_TAB,
        )

    def send_back(self) -> None:
        current = self.current
        if current is None or current.state != "in_review" or self.busy:
            return
        comment = self.review.comment.toPlainText()
        self._run_transition(
            lambda sessions, actor: send_back(
                sessions, actor, current.version_id, current.lock_version, comment
            ),
            _("Sent back to {name} as a draft.").format(name=current.author_name),
            REVIEW_TAB,
        )
        self.review.comment.clear()

    def new_version(self) -> None:
        current = self.current
        if current is None or current.state != "published" or self.busy:
            return
        comparison_id = current.comparison_id
        self._run_transition(
            lambda sessions, actor: draft_new_version(sessions, actor, comparison_id),
            _("A new draft version: change what is needed, save and submit it for review."),
            EDIT_TAB,
        )

    def discard(self) -> None:
        current = self.current
        if current is None or current.state not in ("draft", "in_review") or self.busy:
            return
        answer = QMessageBox.question(
            self,
            _("Discard draft"),
            _("Throw away version {number} of {code}? This cannot be undone.").format(
                number=current.number, code=current.code
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        sessions, actor = self.context.database.sessions, self.context.actor
        version_id, lock = current.version_id, current.lock_version

        def work() -> None:
            discard_draft(sessions, actor, version_id, lock)

        self.busy = True
        self.context.tasks.run(
            work, lambda _none: self._discarded(), self._action_failed, owner=self
        )

    def _discarded(self) -> None:
        self.busy = False
        self._wanted_version = None
        self.current = None
        self.dirty = False
        self.editor.start_new()
        self.dirty = False
        self.review.view.show_detail(None)
        self._show_message(_("The draft was discarded."))
        self._update_actions()
        self.refresh()

    def retire(self) -> None:
        current = self.current
        if current is None or current.state != "published" or self.busy:
            return
        title = self.review.view.detail.texts.title if self.review.view.detail else current.code
        answer = QMessageBox.question(
            self,
            _("Retire comparison"),
            _(
                "Retire “{title}”? Advisers will no longer find it; its history stays readable "
                "and letters that cite it stay valid."
            ).format(title=title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        sessions, actor = self.context.database.sessions, self.context.actor
        comparison_id, version_id = current.comparison_id, current.version_id

        def work() -> int:
            retire(sessions, actor, comparison_id)
            return version_id

        self.busy = True
        self.context.tasks.run(
            work,
            lambda retired: self._done(
                retired, _("Retired: advisers no longer find it."), REVIEW_TAB
            ),
            self._action_failed,
            owner=self,
        )

    def _run_transition(
        self, step: Callable[[Any, Any], ComparisonDetail], done: str, tab: int | None = None
    ) -> None:
        sessions, actor = self.context.database.sessions, self.context.actor
        self._run(lambda: step(sessions, actor), done, tab)

    def _run(self, work: Callable[[], ComparisonDetail], done: str, tab: int | None = None) -> None:
        self.busy = True
        self.context.tasks.run(
            work,
            lambda detail: self._done(detail.row.version_id, done, tab),
            self._action_failed,
            owner=self,
        )

    def _done(self, version_id: int, message: str, tab: int | None) -> None:
        self.busy = False
        self.dirty = False
        self.current = None
        self._show_message(message)
        self.open_version(version_id, tab)
        self.refresh()

    def _action_failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, EditConflictError) and self.current is not None:
            self._show_message(str(error), error=True)
            self.open_version(self.current.version_id, self.tabs.currentIndex())
            self.refresh()
            return
        self._failed(error)
