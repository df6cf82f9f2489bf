"""The editors' screen: the work list on the left; edit, review and history on the right.

Four eyes: the author of a version can save and submit it, never publish it; another editor
reviews it as advisers will see it, with the changes against the published version, and
publishes it or sends it back. Every database call runs through the TaskRunner.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.events import EventRecord
from grensdesk.services.knowledge_review_queue import QueueEntry, editorial_queue
from grensdesk.services.topics import TopicSummary, list_topics
from grensdesk.ui.context import AppContext
from grensdesk.ui.editorial.page_base import EDIT_TAB, HISTORY_TAB, REVIEW_TAB
from grensdesk.ui.editorial.page_conflicts import ConflictHandling
from grensdesk.ui.editorial.page_history import HistoryTab
from grensdesk.ui.editorial.page_opening import VersionOpening
from grensdesk.ui.editorial.page_saving import DraftSaving
from grensdesk.ui.editorial.page_workflow import WorkflowActions


class EditorialPage(WorkflowActions, ConflictHandling, DraftSaving, VersionOpening, HistoryTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
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
