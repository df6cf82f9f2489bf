"""The editors' screen: the work list on the left; edit, review and history on the right.

Four eyes: the author of a version can save and submit it, never publish it; another editor
reviews it as advisers will see it, with the changes against the published version, and
publishes it or sends it back. Every database call runs through the TaskRunner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.errors import EditConflictError, ServiceError, ValidationError
from grensdesk.services.events import EventRecord
from grensdesk.services.knowledge import (
    ComparisonContent,
    ComparisonDetail,
    VersionDiff,
    VersionSummary,
    diff_versions,
    get_comparison,
    list_history,
)
from grensdesk.services.knowledge_editorial import (
    create_draft,
    discard_draft,
    draft_new_version,
    publish,
    retire,
    submit_for_review,
    update_draft,
)
from grensdesk.services.knowledge_review_queue import (
    EditableVersion,
    QueueEntry,
    diff_contents,
    draft_problems,
    editorial_queue,
    load_editable,
    send_back,
)
from grensdesk.services.topics import TopicSummary, list_topics
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


@dataclass(frozen=True)
class Opened:
    """Everything the three tabs show of one version, fetched in one background task."""

    editable: EditableVersion
    detail: ComparisonDetail
    diff: VersionDiff | None


def _button(name: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    return button


class EditorialPage(Page):
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
        self._build_layout()
        self._connect_signals()
        self._shortcuts = [
            QShortcut(QKeySequence("Ctrl+N"), self, self.new_comparison),
            QShortcut(QKeySequence.StandardKey.Save, self, self.save),
            QShortcut(QKeySequence("Ctrl+Shift+R"), self, self.submit),
            QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.publish),
            QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.new_version),
            QShortcut(QKeySequence("Ctrl+F"), self, self._focus_search),
            QShortcut(QKeySequence("Ctrl+L"), self, self.list.table.setFocus),
        ]
        for shortcut in self._shortcuts:
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate_ui()
        self._update_actions()

    def _build_layout(self) -> None:
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.list, 1)
        left_column.addWidget(self.new_button)
        edit = QWidget()
        edit_column = QVBoxLayout(edit)
        edit_column.setContentsMargins(0, 0, 0, 0)
        edit_column.addWidget(self.conflict)
        edit_column.addWidget(self.editor, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.submit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        edit_column.addLayout(buttons)
        self.tabs.addTab(edit, "")
        self.tabs.addTab(self.review, "")
        self.tabs.addTab(self.history, "")
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.tabs, 1)
        right_column.addWidget(self.message)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect_signals(self) -> None:
        self.list.entry_chosen.connect(self._entry_chosen)
        self.new_button.clicked.connect(lambda: self.new_comparison())
        self.editor.changed.connect(self._edited)
        self.save_button.clicked.connect(lambda: self.save())
        self.submit_button.clicked.connect(lambda: self.submit())
        self.discard_button.clicked.connect(lambda: self.discard())
        self.review.publish_button.clicked.connect(lambda: self.publish())
        self.review.send_back_button.clicked.connect(lambda: self.send_back())
        self.review.new_version_button.clicked.connect(lambda: self.new_version())
        self.review.retire_button.clicked.connect(lambda: self.retire())
        self.review.language.currentIndexChanged.connect(lambda _index: self._reopen())
        self.conflict.keep_mine.clicked.connect(lambda: self._save_mine_over_theirs())
        self.conflict.take_theirs.clicked.connect(lambda: self._load_theirs())
        self.history.compare_requested.connect(self._compare_versions)
        self.tabs.currentChanged.connect(self._tab_changed)

    # ---- page ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.tabs.setTabText(EDIT_TAB, _("&Edit"))
        self.tabs.setTabText(REVIEW_TAB, _("&Review"))
        self.tabs.setTabText(HISTORY_TAB, _("&History"))
        self.new_button.setText(_("&New comparison"))
        self.new_button.setToolTip(_("Write a new comparison (Ctrl+N)"))
        self.save_button.setText(_("Save draft"))
        self.save_button.setToolTip(_("Save the draft (Ctrl+S)"))
        self.submit_button.setText(_("Submit for re&view"))
        self.submit_button.setToolTip(
            _("Ask another editor to review and publish it (Ctrl+Shift+R)")
        )
        self.discard_button.setText(_("Discard draft…"))
        self.list.retranslate_ui()
        self.editor.retranslate_ui()
        self.review.retranslate_ui()
        self.history.retranslate_ui()
        self.conflict.retranslate_ui()
        self._update_actions()

    def activate(self) -> None:
        super().activate()
        self.list.table.setFocus()

    def refresh(self) -> None:
        self._loaded = True
        sessions, actor = self.context.database.sessions, self.context.actor
        language = i18n.current_language()
        if not self._topics:
            self.context.tasks.run(lambda: list_topics(sessions), self._topics_loaded, self._failed)
        self.context.tasks.run(
            lambda: editorial_queue(sessions, actor, language),
            self._queue_loaded,
            self._failed,
        )

    def _topics_loaded(self, topics: list[TopicSummary]) -> None:
        self._topics = topics
        self.list.set_topics(topics)
        self.editor.set_topics(topics)
        if self.current is not None:
            self.editor.set_content(self.current.content)
            self.dirty = False

    def _queue_loaded(self, entries: list[QueueEntry]) -> None:
        wanted = self._wanted_version
        self.list.set_entries(entries, keep=wanted)
        if wanted is not None:
            self.list.reveal(wanted)  # e.g. a new draft: shown under My drafts
        elif self._first_load:
            first = self.list.current_entry()  # the screen opens on the first of my drafts
            if first is not None:
                self.open_version(first.version_id)
        self._first_load = False

    def events_arrived(self, events: list[EventRecord]) -> None:
        """Another editor saved, submitted, published or retired: the list follows at once.

        The open version is reloaded too, unless something typed here is not saved yet
        (then saving says what happened).
        """
        me = self.context.actor.user_id
        theirs = [e for e in events if e.entity == "comparison" and e.actor_id != me]
        if not theirs or not self._loaded:
            return
        self.refresh()
        current = self.current
        if (
            current is not None
            and not self.dirty
            and not self.busy
            and any(event.entity_id == current.comparison_id for event in theirs)
        ):
            self.open_version(current.version_id, self.tabs.currentIndex())

    def _focus_search(self) -> None:
        self.list.search.setFocus()
        self.list.search.selectAll()

    # ---- choosing and opening --------------------------------------------------------------

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

    # ---- writing ---------------------------------------------------------------------------

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

    # ---- conflicts -------------------------------------------------------------------------

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

    # ---- the workflow ----------------------------------------------------------------------

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

    # ---- history ---------------------------------------------------------------------------

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
