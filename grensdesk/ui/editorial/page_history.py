"""The page's history tab: the versions of the open comparison, and two of them compared."""

from __future__ import annotations

from grensdesk.services.knowledge import VersionSummary, diff_versions, list_history
from grensdesk.ui.editorial.page_base import HISTORY_TAB, EditorialPageBase


class HistoryTab(EditorialPageBase):
    """Loads the history when its tab is shown, and the diffs it asks for."""

    def _tab_changed(self, index: int) -> None:
        if index == HISTORY_TAB:
            self._load_history()

    def _load_history(self) -> None:
        current = self.current
        if current is None:
            self.history.show_versions([])
            return
        sessions, actor, comparison_id = (
            self.context.database.sessions,
            self.context.actor,
            current.comparison_id,
        )
        self.context.tasks.run(
            lambda: list_history(sessions, actor, comparison_id),
            self._history_loaded,
            self._failed,
            owner=self,
        )

    def _history_loaded(self, versions: list[VersionSummary]) -> None:
        self.history.show_versions(versions)

    def _compare_versions(self, old_id: int, new_id: int) -> None:
        sessions, actor = self.context.database.sessions, self.context.actor
        language = self.review.content_language()
        self.context.tasks.run(
            lambda: diff_versions(sessions, actor, old_id, new_id, language),
            self.history.diff.show_diff,
            self._failed,
            owner=self.history,
        )
