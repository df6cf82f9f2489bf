"""The consultation's topics: type a few letters, Enter adds the topic; Delete removes one.

Signals (on TopicPicker):
    topic_added(): the adviser added a topic.
    topic_removed(): the adviser removed a topic.
    rejected(str): the typed name is no topic; the message to show under the field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.topics import TopicSummary


class TopicPicker(QWidget):
    """The type-ahead entry, the button next to it, and the chosen topics below."""

    topic_added = Signal()
    topic_removed = Signal()
    rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._topics: list[TopicSummary] = []
        self.topic_entry = QLineEdit()
        self.topic_entry.setObjectName("topic_entry")
        self.topic_entry.returnPressed.connect(self._add_typed_topic)
        self.find_rules_button = QPushButton()  # the page decides what it does
        self.find_rules_button.setObjectName("find_rules")
        self.topic_list = QListWidget()
        self.topic_list.setObjectName("topics")
        self.topic_list.setMaximumHeight(72)
        self.topic_list.installEventFilter(self)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.topic_entry, 1)
        entry_row.addWidget(self.find_rules_button)
        column.addLayout(entry_row)
        column.addWidget(self.topic_list)

    def retranslate_ui(self) -> None:
        self.topic_entry.setPlaceholderText(_("type a topic, Enter adds it; Delete removes one"))
        self._fill_completer()
        self._show_topics()

    def set_topics(self, topics: list[TopicSummary]) -> None:
        """The topics one can choose from."""
        self._topics = topics
        self._fill_completer()
        self._show_topics()

    def topic_codes(self) -> tuple[str, ...]:
        return tuple(
            str(self.topic_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.topic_list.count())
        )

    def set_topic_codes(self, codes: tuple[str, ...]) -> None:
        self.topic_list.clear()
        for code in codes:
            item = QListWidgetItem(self._topic_name(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.topic_list.addItem(item)

    def clear(self) -> None:
        self.topic_list.clear()
        self.topic_entry.clear()

    def add_topic_named(self, name: str) -> None:
        language = i18n.current_language()
        wanted = name.strip().casefold()
        topic = next((t for t in self._topics if t.name(language).casefold() == wanted), None)
        if topic is None:
            self.rejected.emit(_("No topic is called {name}.").format(name=name))
            return
        # QCompleter sets the text after this slot runs; clear it once it has.
        QTimer.singleShot(0, self.topic_entry.clear)
        if topic.code not in self.topic_codes():
            item = QListWidgetItem(topic.name(language))
            item.setData(Qt.ItemDataRole.UserRole, topic.code)
            self.topic_list.addItem(item)
            self.topic_added.emit()

    def _topic_name(self, code: str) -> str:
        language = i18n.current_language()
        return next((t.name(language) for t in self._topics if t.code == code), code)

    def _fill_completer(self) -> None:
        language = i18n.current_language()
        completer = QCompleter([topic.name(language) for topic in self._topics], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self.add_topic_named)
        self.topic_entry.setCompleter(completer)

    def _add_typed_topic(self) -> None:
        completer = self.topic_entry.completer()
        typed = self.topic_entry.text().strip()
        if completer is not None and completer.completionCount() and typed:
            completer.setCompletionPrefix(typed)
            typed = completer.currentCompletion() or typed
        self.add_topic_named(typed)

    def _show_topics(self) -> None:
        """The chosen topics again, named in the current language."""
        self.set_topic_codes(self.topic_codes())

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (
            watched is self.topic_list
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            row = self.topic_list.currentRow()
            if row >= 0:
                self.topic_list.takeItem(row)
                self.topic_removed.emit()
            return True
        return super().eventFilter(watched, event)
