"""Opening a version from the work list into the three tabs (edit, review, history)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox

from grensdesk.i18n import _
from grensdesk.services.knowledge import (
    ComparisonDetail,
    VersionDiff,
    diff_versions,
    get_comparison,
)
from grensdesk.services.knowledge_review_queue import EditableVersion, QueueEntry, load_editable
from grensdesk.ui.editorial.page_base import EDIT_TAB, HISTORY_TAB, REVIEW_TAB, EditorialPageBase


@dataclass(frozen=True)
class Opened:
    """Everything the three tabs show of one version, fetched in one background task."""

    editable: EditableVersion
    detail: ComparisonDetail
    diff: VersionDiff | None


class VersionOpening(EditorialPageBase):
    """Choosing an entry in the work list and loading it, in one background task."""

    def _entry_chosen(self, entry: QueueEntry | None) -> None:
        if entry is None or entry.version_id == self._wanted_version:
            return
        if not self._may_leave_form():
            if self._wanted_version is not None:
                self.list.reveal(self._wanted_version)  # back to what the form holds
            return
        self.open_version(entry.version_id)

    def _may_leave_form(self) -> bool:
        if not self.dirty or self.editor.read_only:
            return True
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("The draft has changes that are not saved. Drop them?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def open_version(self, version_id: int, tab: int | None = None) -> None:
        """Load a version into the three tabs; ``tab`` is shown (else one fitting its state)."""
        self._open_generation += 1
        self._wanted_version = version_id
        generation = self._open_generation
        sessions, actor = self.context.database.sessions, self.context.actor
        language = self.review.content_language()

        def fetch() -> Opened:
            editable = load_editable(sessions, actor, version_id)
            detail = get_comparison(sessions, actor, version_id=version_id, language=language)
            published = editable.published_version_id
            diff = None
            if published is not None and published != version_id:
                diff = diff_versions(sessions, actor, published, version_id, language)
            return Opened(editable, detail, diff)

        self.context.tasks.run(
            fetch,
            lambda opened: self._opened(opened, generation, tab),
            self._failed,
            owner=self,
        )

    def _reopen(self) -> None:
        if self.current is not None and not self.dirty:
            self.open_version(self.current.version_id, self.tabs.currentIndex())

    def _opened(self, opened: Opened, generation: int, tab: int | None) -> None:
        if generation != self._open_generation:
            return  # the editor chose another entry meanwhile
        editable = opened.editable
        self.current = editable
        self.conflict.clear()
        self.editor.load(editable)
        self.dirty = False
        self.review.view.show_detail(opened.detail)
        if opened.diff is not None:
            self.review.diff_caption.setText(
                _("Changes against the published version {number}").format(
                    number=opened.diff.old_number
                )
            )
            self.review.diff.show_diff(opened.diff)
        else:
            self.review.diff_caption.setText(_("Changes"))
            self.review.diff.show_diff(
                None,
                _("This is the published version.")
                if editable.state == "published"
                else _("Nothing published yet to compare with: this is a new comparison."),
            )
        if tab is None and self.tabs.currentIndex() != HISTORY_TAB:
            tab = EDIT_TAB if editable.state == "draft" else REVIEW_TAB
        if tab is not None:
            self.tabs.setCurrentIndex(tab)
        if self.tabs.currentIndex() == HISTORY_TAB:
            self._load_history()
        self._update_actions()
