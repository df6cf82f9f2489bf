"""The editorial page's shared part: its widgets, the version it holds, which actions
that version allows, and the message line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QWidget

from grensdesk.i18n import _
from grensdesk.services.errors import ServiceError
from grensdesk.services.knowledge_review_queue import EditableVersion
from grensdesk.services.topics import TopicSummary
from grensdesk.ui.context import AppContext
from grensdesk.ui.editorial.conflict_banner import ConflictBanner
from grensdesk.ui.editorial.editor import DraftEditor
from grensdesk.ui.editorial.history import HistoryPanel
from grensdesk.ui.editorial.labels import state_label
from grensdesk.ui.editorial.queue_list import QueueList
from grensdesk.ui.editorial.review import ReviewPanel
from grensdesk.ui.pages.base import Page

ERROR_STYLE: Final = "color: #b00020;"
EDIT_TAB, REVIEW_TAB, HISTORY_TAB = 0, 1, 2


def _button(name: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    return button


class EditorialPageBase(Page):
    """What the editorial page's parts share: its widgets, the version it holds, its messages.

    The parts (opening, saving, conflicts, the workflow, history) are mixed into
    ``EditorialPage``; the few methods one part calls on another are declared here.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.current: EditableVersion | None = None
        self.dirty = False
        self.busy = False
        self._topics: list[TopicSummary] = []
        self._open_generation = 0
        self._after_save: Callable[[], None] | None = None
        self._follow_up_version = 0  # the draft a save-then-submit goes on with
        self._wanted_version: int | None = None  # the version last asked to open
        self._first_load = True

        self.list = QueueList()
        self.new_button = _button("new_comparison")
        self.editor = DraftEditor()
        self.conflict = ConflictBanner()
        self.save_button = _button("save_draft")
        self.submit_button = _button("submit_for_review")
        self.discard_button = _button("discard_draft")
        self.review = ReviewPanel()
        self.history = HistoryPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("editorial_tabs")
        self.message = QLabel()
        self.message.setObjectName("editorial_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

    # ---- provided by the parts ----------------------------------------------------------

    def open_version(self, version_id: int, tab: int | None = None) -> None:
        """Provided by ``VersionOpening``."""
        raise NotImplementedError

    def _may_leave_form(self) -> bool:
        """Provided by ``VersionOpening``."""
        raise NotImplementedError

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Provided by ``DraftSaving``."""
        raise NotImplementedError

    def _fetch_conflict(self, version_id: int) -> None:
        """Provided by ``ConflictHandling``."""
        raise NotImplementedError

    def _load_history(self) -> None:
        """Provided by ``HistoryTab``."""
        raise NotImplementedError

    # ---- the actions' state ----------------------------------------------------------------

    def _is_mine(self, editable: EditableVersion) -> bool:
        return editable.author_id is not None and editable.author_id == self.context.actor.user_id

    def _update_actions(self) -> None:
        current = self.current
        state = current.state if current else None
        self.save_button.setEnabled(current is None or state == "draft")
        self.submit_button.setEnabled(state == "draft")
        self.discard_button.setEnabled(state in ("draft", "in_review"))
        four_eyes = current is not None and self._is_mine(current)
        self.review.publish_button.setEnabled(state == "in_review" and not four_eyes)
        self.review.send_back_button.setEnabled(state == "in_review")
        self.review.comment.setEnabled(state == "in_review")
        active = current is not None and current.comparison_status == "active"
        self.review.new_version_button.setEnabled(state == "published" and active)
        self.review.retire_button.setEnabled(state == "published" and active)
        self.review.note.setText(self._note())

    def _note(self) -> str:
        current = self.current
        if current is None:
            return _("Choose an entry in the list, or write a new comparison (Ctrl+N).")
        if current.state == "in_review" and self._is_mine(current):
            return _(
                "Four eyes: you wrote this version, so another editor must review and publish it."
            )
        if current.state == "in_review":
            return _(
                "Written by {name}. Read it as advisers will see it and check the changes; then "
                "publish it (Ctrl+Shift+P) or send it back with a comment."
            ).format(name=current.author_name)
        if current.state == "draft":
            return _("A draft by {name}: it can be reviewed once it is submitted.").format(
                name=current.author_name
            )
        if current.comparison_status == "retired":
            return _("This comparison is retired: advisers no longer find it.")
        if current.state == "published":
            return _(
                "Published: advisers see this version. A change is made in a new version "
                "(Ctrl+Shift+N)."
            )
        return state_label(current.state)

    # ---- messages --------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, ServiceError):
            self._show_message(str(error), error=True)
        else:
            self._show_message(
                _("That did not work: {reason}").format(
                    reason=str(error).splitlines()[0] if str(error) else repr(error)
                ),
                error=True,
            )

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)
