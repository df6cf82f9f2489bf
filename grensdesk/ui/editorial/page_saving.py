"""Writing on the editorial page: a new comparison, and saving the form as a draft."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from grensdesk.i18n import _
from grensdesk.services.errors import EditConflictError, ValidationError
from grensdesk.services.knowledge import ComparisonContent, ComparisonDetail
from grensdesk.services.knowledge_editorial import create_draft, update_draft
from grensdesk.services.knowledge_review_queue import draft_problems
from grensdesk.ui.editorial.page_base import EDIT_TAB, EditorialPageBase


class DraftSaving(EditorialPageBase):
    """Checks the form and saves it; problems are shown under their fields."""

    def _edited(self) -> None:
        self.dirty = True

    def new_comparison(self) -> None:
        if not self._may_leave_form():
            return
        self._open_generation += 1  # a version still loading must not replace the new form
        self._wanted_version = None
        self.current = None
        self.dirty = False
        self.conflict.clear()
        self.list.clear_choice()
        self.editor.start_new()
        self.review.view.show_detail(None)
        self.review.diff.show_diff(None, "")
        self.tabs.setCurrentIndex(EDIT_TAB)
        self.editor.languages["nl"].title.setFocus()
        self._show_message(_("A new comparison: write at least the Dutch texts, then save."))
        self._update_actions()

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Check the form; save it as a new comparison or over the draft it was loaded from."""
        if self.busy or self.editor.read_only:
            return
        current = self.current
        if current is not None and current.state != "draft":
            return
        self.editor.clear_errors()
        content, problems = self.editor.content()
        code = self.editor.code_text() if current is None else None
        if content is not None:
            problems = problems or draft_problems(code, content)
        if problems or content is None:
            self._show_problems(problems)
            return
        sessions, actor = self.context.database.sessions, self.context.actor
        typed: ComparisonContent = content
        if current is None:
            new_code = code or ""

            def work() -> Any:
                return create_draft(sessions, actor, new_code, typed)
        else:
            version_id, expected = current.version_id, self.editor.lock_version or 0

            def work() -> Any:
                return update_draft(sessions, actor, version_id, expected, typed)

        self.busy = True
        self._after_save = then
        self.context.tasks.run(work, self._saved, self._save_failed, owner=self)

    def _saved(self, detail: ComparisonDetail) -> None:
        self.busy = False
        self.dirty = False
        self.conflict.clear()
        self._show_message(
            _("Saved as a draft (version {number}).").format(number=detail.row.number)
        )
        then, self._after_save = self._after_save, None
        if then is not None:
            self.current = None  # reloaded by the follow-up
            self._follow_up_version = detail.row.version_id
            then()
            return
        self.open_version(detail.row.version_id, EDIT_TAB)
        self.refresh()

    def _save_failed(self, error: BaseException) -> None:
        self.busy = False
        self._after_save = None
        if isinstance(error, EditConflictError) and self.current is not None:
            self._fetch_conflict(self.current.version_id)
        elif isinstance(error, ValidationError):
            self._show_problems([error])
        else:
            self._failed(error)

    def _show_problems(self, problems: list[ValidationError]) -> None:
        unplaced = self.editor.show_problems(problems)
        self.tabs.setCurrentIndex(EDIT_TAB)
        if unplaced:
            self._show_message("\n".join(str(problem) for problem in unplaced), error=True)
        else:
            self._show_message(_("Please correct the marked fields."), error=True)
