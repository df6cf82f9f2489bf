"""The knowledge base: search as you type, or the comparisons that fit a consultation.

Signals:
    attached(int): a comparison version was attached to the consultation with this id.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _, ngettext
from grensdesk.services.knowledge import (
    AttachedComparison,
    ComparisonDetail,
    ComparisonRow,
    attach_to_consultation,
    get_comparison,
    list_comparisons,
)
from grensdesk.services.knowledge_search import Situation, find_for_situation, search
from grensdesk.services.knowledge_text import Highlighted, query_terms
from grensdesk.services.topics import TopicSummary, list_topics
from grensdesk.ui.consultation.choices import COUNTRY_LABELS, LANGUAGE_LABELS, PROFILE_LABELS
from grensdesk.ui.context import AppContext
from grensdesk.ui.knowledge.results import ResultList
from grensdesk.ui.knowledge.rich_text import result_html
from grensdesk.ui.knowledge.view import ComparisonView
from grensdesk.ui.pages.base import Page

SEARCH_DELAY_MS: Final = 150
RESULT_LIMIT: Final = 50
ERROR_STYLE: Final = "color: #b00020;"
BANNER_STYLE: Final = "background: #e8f0fa; color: #1f3d63; padding: 4px 6px; border-radius: 3px;"

# A result: the row, its (highlighted) title and why it fits the consultation, if known.
Found = list[tuple[ComparisonRow, Highlighted, tuple[str, ...]]]


class KnowledgePage(Page):
    attached = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.situation: Situation | None = None
        self.consultation_id: int | None = None
        self._found: Found = []
        self._topics: list[TopicSummary] = []
        self._generation = 0  # of searches: only the newest one's results are shown
        self._detail_generation = 0

        self.search_field = QLineEdit()
        self.search_field.setObjectName("knowledge_search")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.installEventFilter(self)
        self._search_label = QLabel()
        self._search_label.setBuddy(self.search_field)
        self.language = QComboBox()
        self.language.setObjectName("content_language")
        self._language_label = QLabel()
        self._language_label.setBuddy(self.language)
        self.situation_label = QLabel()
        self.situation_label.setObjectName("situation_banner")
        self.situation_label.setWordWrap(True)
        self.situation_label.setTextFormat(Qt.TextFormat.PlainText)
        self.situation_label.setStyleSheet(BANNER_STYLE)
        self.show_all_button = QPushButton()
        self.show_all_button.setObjectName("show_all_comparisons")
        self.results = ResultList()
        self.count = QLabel()
        self.count.setObjectName("knowledge_count")
        self.view = ComparisonView()
        self.attach_button = QPushButton()
        self.attach_button.setObjectName("attach_comparison")
        self.message = QLabel()
        self.message.setObjectName("knowledge_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search_now)
        self._build_layout()
        self._shortcuts = [
            QShortcut(QKeySequence("Ctrl+Return"), self, self.attach),
            QShortcut(QKeySequence("Ctrl+Enter"), self, self.attach),
            QShortcut(QKeySequence("Ctrl+F"), self, self.search_field.setFocus),
        ]
        for shortcut in self._shortcuts:
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search_field.textChanged.connect(lambda _text: self._debounce.start())
        self.language.currentIndexChanged.connect(lambda _index: self.search_now())
        self.results.currentRowChanged.connect(self._load_detail)
        self.show_all_button.clicked.connect(lambda: self.show_situation(None, None))
        self.attach_button.clicked.connect(lambda: self.attach())
        self.retranslate_ui()
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))
        self.language.blockSignals(False)

    def _build_layout(self) -> None:
        search_row = QHBoxLayout()
        search_row.addWidget(self._search_label)
        search_row.addWidget(self.search_field, 1)
        language_row = QHBoxLayout()
        language_row.addWidget(self._language_label)
        language_row.addWidget(self.language, 1)
        banner = QHBoxLayout()
        banner.addWidget(self.situation_label, 1)
        banner.addWidget(self.show_all_button, 0, Qt.AlignmentFlag.AlignTop)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(search_row)
        left_column.addLayout(language_row)
        left_column.addLayout(banner)
        left_column.addWidget(self.results, 1)
        left_column.addWidget(self.count)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.view, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.message, 1)
        actions.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignBottom)
        right_column.addLayout(actions)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ---- page ------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self._search_label.setText(_("Se&arch:"))
        self.search_field.setPlaceholderText(
            _("words in the title or the rules, e.g. Krankenkasse")
        )
        self._language_label.setText(_("Content &language:"))
        chosen = self.language.currentData()
        self.language.blockSignals(True)
        self.language.clear()
        for code, label in LANGUAGE_LABELS.items():
            self.language.addItem(_(label), code)
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.language.blockSignals(False)
        self.show_all_button.setText(_("Show e&verything"))
        self.show_all_button.setToolTip(_("Forget the consultation's situation; list everything"))
        self.attach_button.setText(_("A&ttach to consultation"))
        self.attach_button.setToolTip(
            _("Attach this exact version to the consultation (Ctrl+Enter)")
        )
        self._show_situation_banner()
        self._show_results()
        self.view.retranslate_ui()
        self._update_attach()

    def activate(self) -> None:
        super().activate()
        self.search_field.setFocus()

    def refresh(self) -> None:
        self._loaded = True
        if not self._topics:
            sessions = self.context.database.sessions
            self.context.tasks.run(lambda: list_topics(sessions), self._topics_loaded)
        self.search_now()

    def _topics_loaded(self, topics: list[TopicSummary]) -> None:
        self._topics = topics
        self._show_situation_banner()
        self._show_results()

    def content_language(self) -> str:
        return str(self.language.currentData() or i18n.current_language())

    # ---- the situation finder --------------------------------------------------------------

    def show_situation(self, situation: Situation | None, consultation_id: int | None) -> None:
        """List what fits ``situation`` (from the consultation screen); None lists everything."""
        self.situation = situation
        self.consultation_id = consultation_id if situation is not None else None
        self.message.clear()
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self._show_situation_banner()
        self._update_attach()
        self.refresh()
        if situation is not None:
            self.results.setFocus()

    def _show_situation_banner(self) -> None:
        situation = self.situation
        self.situation_label.setVisible(situation is not None)
        self.show_all_button.setVisible(situation is not None)
        if situation is None:
            return
        described = describe_situation(situation, self._topic_names())
        if self.consultation_id is None:
            text = _("Fits the consultation being written: {situation}").format(situation=described)
        else:
            text = _("Fits consultation {id}: {situation}").format(
                id=self.consultation_id, situation=described
            )
        self.situation_label.setText(text)

    def _topic_names(self) -> dict[str, str]:
        language = i18n.current_language()
        return {topic.code: topic.name(language) for topic in self._topics}

    # ---- searching -------------------------------------------------------------------------

    def search_now(self) -> None:
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        sessions, actor = self.context.database.sessions, self.context.actor
        query, language, situation = (
            self.search_field.text(),
            self.content_language(),
            self.situation,
        )

        def find() -> Found:
            if sum(len(term) for term in query_terms(query)) >= 2:
                hits = search(sessions, actor, query, language, RESULT_LIMIT, situation)
                return [(hit.row, hit.title, ()) for hit in hits]
            if situation is not None:
                matches = find_for_situation(sessions, actor, situation, language, RESULT_LIMIT)
                return [
                    (match.row, Highlighted(match.row.title), match.reasons) for match in matches
                ]
            rows = list_comparisons(sessions, actor, language)
            return [(row, Highlighted(row.title), ()) for row in rows]

        self.context.tasks.run(
            find,
            lambda found: self._found_arrived(found, generation),
            lambda error: self._failed(error, generation),
            owner=self,
        )

    def _found_arrived(self, found: Found, generation: int) -> None:
        if generation != self._generation:
            return  # the adviser typed on while this search ran
        self._found = found
        self._show_results()

    def _failed(self, error: BaseException, generation: int) -> None:
        if generation == self._generation:
            self._show_message(str(error), error=True)

    def _show_results(self) -> None:
        names = self._topic_names()
        current = self.results.version_id(self.results.currentRow())
        entries = [
            (
                row,
                title.text,
                result_html(row, title, names.get(row.topic_code, row.topic_code), reasons),
            )
            for row, title, reasons in self._found
        ]
        self.results.show_rows(entries, keep=current)
        self.count.setText(
            ngettext("{count} comparison", "{count} comparisons", len(entries)).format(
                count=len(entries)
            )
        )

    # ---- showing one -----------------------------------------------------------------------

    def _load_detail(self, row: int) -> None:
        self._detail_generation += 1
        version_id = self.results.version_id(row)
        if version_id is None:
            self.view.show_detail(None)
            self._update_attach()
            return
        generation = self._detail_generation
        sessions, actor, language = (
            self.context.database.sessions,
            self.context.actor,
            self.content_language(),
        )
        self.context.tasks.run(
            lambda: get_comparison(sessions, actor, version_id=version_id, language=language),
            lambda detail: self._detail_arrived(detail, generation),
            lambda error: self._failed(error, self._generation),
            owner=self,
        )

    def _detail_arrived(self, detail: ComparisonDetail, generation: int) -> None:
        if generation == self._detail_generation:
            self.view.show_detail(detail)
            self._update_attach()

    # ---- attaching -------------------------------------------------------------------------

    def _update_attach(self) -> None:
        self.attach_button.setEnabled(
            self.consultation_id is not None and self.view.detail is not None
        )
        self.attach_button.setVisible(self.situation is not None)

    def attach(self) -> None:
        detail = self.view.detail
        if self.consultation_id is None:
            if self.situation is None:
                self._show_message(
                    _("Open a consultation and press Ctrl+K there to attach comparisons to it.")
                )
            else:
                self._show_message(
                    _("Save the consultation first; then comparisons can be attached to it."),
                    error=True,
                )
            return
        if detail is None:
            return
        sessions, actor = self.context.database.sessions, self.context.actor
        consultation_id, version_id = self.consultation_id, detail.row.version_id
        self.context.tasks.run(
            lambda: attach_to_consultation(sessions, actor, consultation_id, version_id),
            self._attached,
            lambda error: self._show_message(str(error), error=True),
            owner=self,
        )

    def _attached(self, attached: AttachedComparison) -> None:
        # The title as the adviser reads it here (the service answers in the consultation's
        # language).
        shown = self.view.detail
        title = (
            shown.texts.title
            if shown is not None and shown.row.version_id == attached.row.version_id
            else attached.row.title
        )
        self._show_message(
            _("Attached to consultation {id}: {title} (version {number}).").format(
                id=attached.consultation_id, title=title, number=attached.row.number
            )
        )
        self.attached.emit(attached.consultation_id)

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    # ---- keyboard --------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the search field walk the results, so the hands stay on the keys."""
        if watched is self.search_field and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)


def describe_situation(situation: Situation, topic_names: dict[str, str]) -> str:
    """ "lives in Germany (NRW), works in Netherlands; Frontier worker; …" in the UI language."""

    def place(country: str, region: str | None) -> str:
        name = _(COUNTRY_LABELS.get(country, country))
        return f"{name} ({region})" if region else name

    parts = [
        _("lives in {residence}, works in {work}").format(
            residence=place(situation.residence, situation.residence_region),
            work=place(situation.work, situation.work_region),
        ),
        _(PROFILE_LABELS.get(situation.profile, situation.profile)),
    ]
    if situation.home_work_percent is not None:
        share = i18n.format_percent(situation.home_work_percent / 100)
        parts.append(_("{share} from home").format(share=share))
    if situation.topics:
        parts.append(", ".join(topic_names.get(code, code) for code in situation.topics))
    return "; ".join(parts)
