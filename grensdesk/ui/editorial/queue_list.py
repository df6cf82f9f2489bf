"""The editors' work list: which entries to show, filtered by topic, country and title.

Filtering happens on the loaded list, so typing in the search field never waits for the
database.

Signals:
    entry_chosen(object): the current entry changed (a QueueEntry, or None).
"""

from __future__ import annotations

import html
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _, ngettext
from grensdesk.models.knowledge import NEIGHBOUR_COUNTRIES
from grensdesk.services.knowledge_review_queue import QUEUES, QueueEntry
from grensdesk.services.knowledge_text import search_form
from grensdesk.services.topics import TopicSummary
from grensdesk.ui.consultation.choices import COUNTRY_LABELS
from grensdesk.ui.editorial.labels import QUEUE_LABELS, state_label
from grensdesk.ui.knowledge.results import HTML_ROLE, RichTextDelegate

VERSION_ROLE: Final = Qt.ItemDataRole.UserRole + 2
DUE_COLOUR: Final = "#a33b00"


def border_of(entry: QueueEntry) -> str:
    border = f"NL–{entry.neighbour_country}"
    return f"{border} ({entry.region})" if entry.region else border


def due_text(entry: QueueEntry) -> str:
    """Why an entry is due, or when its review is next."""
    parts = []
    if entry.validity_ends and entry.valid_to is not None:
        parts.append(
            _("valid until {date}").format(date=i18n.format_date(entry.valid_to, style="medium"))
        )
    if entry.next_review_due is not None:
        review = _("review {date}").format(
            date=i18n.format_date(entry.next_review_due, style="medium")
        )
        parts.append(review)
    return "; ".join(parts)


class QueueList(QWidget):
    entry_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[QueueEntry] = []
        self.shown: list[QueueEntry] = []
        self._topics: list[TopicSummary] = []

        self.queue = QComboBox()
        self.queue.setObjectName("queue")
        self.topic = QComboBox()
        self.topic.setObjectName("queue_topic")
        self.country = QComboBox()
        self.country.setObjectName("queue_country")
        self.search = QLineEdit()
        self.search.setObjectName("queue_search")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        # Two lines per entry (title; state, border, due), like the knowledge base's results:
        # readable in a narrow column, where a table would cut the titles short.
        self.table = QListWidget()
        self.table.setObjectName("queue_table")
        self.table.setItemDelegate(RichTextDelegate(self.table))
        self.table.setWordWrap(True)
        self.table.setUniformItemSizes(False)
        self.table.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.table.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.table.setSpacing(1)
        self.count = QLabel()
        self.count.setObjectName("queue_count")
        self._labels = [QLabel() for _index in range(4)]
        for label, buddy in zip(
            self._labels, (self.queue, self.topic, self.country, self.search), strict=True
        ):
            label.setBuddy(buddy)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (label, field) in enumerate(
            zip(self._labels, (self.queue, self.topic, self.country, self.search), strict=True)
        ):
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        for combo in (self.queue, self.topic, self.country):
            combo.currentIndexChanged.connect(lambda _index: self.apply_filter())
        self.search.textChanged.connect(lambda _text: self.apply_filter())
        self.table.currentRowChanged.connect(lambda _row: self._current_changed())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for label, text in zip(
            self._labels,
            (_("&Work list:"), _("Topic:"), _("Country:"), _("Title contains:")),
            strict=True,
        ):
            label.setText(text)
        self.search.setPlaceholderText(_("part of the title (Ctrl+F)"))
        self._refill(self.queue, [(code, _(QUEUE_LABELS[code])) for code in QUEUES], None)
        self._fill_topics()
        self._refill(
            self.country,
            [(code, _(COUNTRY_LABELS[code])) for code in NEIGHBOUR_COUNTRIES],
            _("all countries"),
        )
        self._show()

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, str]], everything: str | None) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if everything is not None:
            combo.addItem(everything, None)
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    def set_topics(self, topics: list[TopicSummary]) -> None:
        self._topics = topics
        self._fill_topics()
        self._show()

    def _fill_topics(self) -> None:
        language = i18n.current_language()
        self._refill(
            self.topic,
            [(topic.code, topic.name(language)) for topic in self._topics],
            _("all topics"),
        )

    def topic_name(self, code: str) -> str:
        language = i18n.current_language()
        return next((t.name(language) for t in self._topics if t.code == code), code)

    # ---- showing ---------------------------------------------------------------------------

    def show_queue(self, queue: str) -> None:
        """Show another work list, as if chosen in *Work list* (its first entry is chosen)."""
        self.queue.setCurrentIndex(max(0, self.queue.findData(queue)))

    def set_entries(self, entries: list[QueueEntry], keep: int | None = None) -> None:
        """A fresh list from the database; the version ``keep`` stays chosen if shown.

        Quiet: a refresh is not the editor choosing something, so nothing is opened.
        """
        self.entries = entries
        self._show(keep, quiet=True)

    def clear_choice(self) -> None:
        """No entry chosen (a new comparison is being written), without opening anything."""
        self.table.blockSignals(True)
        self.table.setCurrentRow(-1)
        self.table.clearSelection()
        self.table.blockSignals(False)

    def reveal(self, version_id: int) -> None:
        """Choose ``version_id`` without opening it, switching to a list that holds it."""
        entry = next((e for e in self.entries if e.version_id == version_id), None)
        if entry is None:
            return
        if not any(shown.version_id == version_id for shown in self.shown):
            if self.queue.currentData() not in entry.queues:
                self.queue.blockSignals(True)
                self.queue.setCurrentIndex(max(0, self.queue.findData(entry.queues[0])))
                self.queue.blockSignals(False)
            self._show(version_id, quiet=True)
            return
        row = next(row for row, shown in enumerate(self.shown) if shown.version_id == version_id)
        self.table.blockSignals(True)
        self.table.setCurrentRow(row)
        self.table.blockSignals(False)

    def apply_filter(self) -> None:
        current = self.current_entry()
        self._show(current.version_id if current else None)

    def _matches(self, entry: QueueEntry) -> bool:
        queue, topic, country = (
            self.queue.currentData(),
            self.topic.currentData(),
            self.country.currentData(),
        )
        words = search_form(self.search.text()).split()
        title = search_form(entry.title, entry.code)
        return (
            (queue is None or queue in entry.queues)
            and (topic is None or entry.topic_code == topic)
            and (country is None or entry.neighbour_country == country)
            and all(word in title for word in words)
        )

    def _show(self, keep: int | None = None, quiet: bool = False) -> None:
        self.shown = [entry for entry in self.entries if self._matches(entry)]
        self.table.blockSignals(True)
        self.table.clear()
        for entry in self.shown:
            item = QListWidgetItem(entry.title)
            item.setData(VERSION_ROLE, entry.version_id)
            item.setData(HTML_ROLE, self._rich_text(entry))
            item.setToolTip(f"{entry.title}\n{entry.code} · {self.topic_name(entry.topic_code)}")
            self.table.addItem(item)
        chosen = next(
            (row for row, entry in enumerate(self.shown) if entry.version_id == keep),
            0 if self.shown else -1,
        )
        self.table.setCurrentRow(chosen)
        self.table.blockSignals(False)
        self.count.setText(
            ngettext("{count} entry", "{count} entries", len(self.shown)).format(
                count=len(self.shown)
            )
        )
        if not quiet:
            self._current_changed()

    def _rich_text(self, entry: QueueEntry) -> str:
        """The title, then state, border, topic and why it is due: every piece escaped."""
        state = _("{state}, v{number}").format(state=state_label(entry.state), number=entry.number)
        if entry.state in ("draft", "in_review") and entry.author_name:
            state = _("{state} by {name}").format(state=state, name=entry.author_name)
        facts = [state, border_of(entry), self.topic_name(entry.topic_code)]
        details = " · ".join(html.escape(fact) for fact in facts)
        due = due_text(entry)
        if due:
            style = f' style="color: {DUE_COLOUR};"' if "due" in entry.queues else ""
            details += f" · <span{style}>{html.escape(due)}</span>"
        return f"<b>{html.escape(entry.title)}</b><br><small>{details}</small>"

    def current_entry(self) -> QueueEntry | None:
        row = self.table.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _current_changed(self) -> None:
        self.entry_chosen.emit(self.current_entry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the search field walk the list, so the hands stay on the keys."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.shown:
                step = 1 if key == Qt.Key.Key_Down else -1
                row = min(max(self.table.currentRow() + step, 0), len(self.shown) - 1)
                self.table.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)
