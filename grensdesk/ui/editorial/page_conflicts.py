"""Someone else saved the draft while it was being edited: show theirs, keep mine or take theirs."""

from __future__ import annotations

from grensdesk.i18n import _
from grensdesk.services.knowledge import VersionDiff
from grensdesk.services.knowledge_review_queue import EditableVersion, diff_contents, load_editable
from grensdesk.ui.editorial.labels import state_label
from grensdesk.ui.editorial.page_base import EDIT_TAB, EditorialPageBase


class ConflictHandling(EditorialPageBase):
    """What happens after a save ran into someone else's newer save."""

    def _fetch_conflict(self, version_id: int) -> None:
        sessions, actor = self.context.database.sessions, self.context.actor
        mine, _problems = self.editor.content()
        language = self.review.content_language()

        def fetch() -> tuple[EditableVersion, VersionDiff | None]:
            theirs = load_editable(sessions, actor, version_id)
            diff = (
                diff_contents(theirs.content, mine, language, theirs.number, theirs.number)
                if mine is not None
                else None
            )
            return theirs, diff

        self.context.tasks.run(fetch, self._conflict_arrived, self._failed, owner=self)

    def _conflict_arrived(self, found: tuple[EditableVersion, VersionDiff | None]) -> None:
        theirs, diff = found
        if theirs.state != "draft":
            self._show_message(
                _(
                    "Someone else changed this version meanwhile: it is now {state}. What you "
                    "typed is still in the form; copy what you need before you reload."
                ).format(state=state_label(theirs.state)),
                error=True,
            )
            return
        if diff is not None:
            self.conflict.show_conflict(theirs, diff)
        self.tabs.setCurrentIndex(EDIT_TAB)
        self._show_message(self.conflict.text.text(), error=True)
        self.conflict.keep_mine.setFocus()

    def _save_mine_over_theirs(self) -> None:
        theirs = self.conflict.theirs
        if theirs is None:
            return
        self.editor.lock_version = theirs.lock_version  # I have seen theirs: mine wins
        self.save()

    def _load_theirs(self) -> None:
        theirs = self.conflict.theirs
        if theirs is None:
            return
        self.dirty = False
        self.open_version(theirs.version_id, EDIT_TAB)
