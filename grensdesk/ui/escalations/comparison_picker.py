"""Pick the knowledge-base comparisons an answer cites: those that fit the case, or a search.

Each entry is one exact version; what was ticked stays ticked while the expert searches on.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.escalations import EscalationDetail
from grensdesk.services.knowledge import ComparisonRow
from grensdesk.services.knowledge_search import Situation, find_for_situation, search
from grensdesk.services.knowledge_text import query_terms
from grensdesk.ui.context import AppContext

SEARCH_DELAY_MS: Final = 200
LIMIT: Final = 30


def situation_of(detail: EscalationDetail) -> Situation:
    case = detail.situation
    return Situation(
        residence=case.residence_country,
        work=case.work_country,
        profile=case.profile,
        home_work_percent=case.home_work_percent,
        topics=(detail.summary.topic_code,),
        residence_region=case.residence_region,
        work_region=case.work_region,
    )


class ComparisonPicker(QWidget):
    def __init__(
        self, context: AppContext, detail: EscalationDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.situation = situation_of(detail)
        self.chosen: dict[int, str] = {}  # version id → shown text
        self._generation = 0
        self.search_field = QLineEdit()
        self.search_field.setObjectName("cite_search")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setPlaceholderText(_("search the knowledge base"))
        self._label = QLabel(_("&Cite comparisons (Space ticks; those fitting the case first):"))
        self._label.setBuddy(self.search_field)
        self.list = QListWidget()
        self.list.setObjectName("cite_list")
        self.list.itemChanged.connect(self._ticked)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._label)
        column.addWidget(self.search_field)
        column.addWidget(self.list, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.load)
        self.search_field.textChanged.connect(lambda _text: self._debounce.start())
        self.load()

    def version_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.chosen))

    def load(self) -> None:
        self._generation += 1
        generation = self._generation
        sessions, actor = self.context.database.sessions, self.context.actor
        query, situation, language = (
            self.search_field.text(),
            self.situation,
            i18n.current_language(),
        )

        def find() -> list[ComparisonRow]:
            if sum(len(term) for term in query_terms(query)) >= 2:
                return [hit.row for hit in search(sessions, actor, query, language, LIMIT)]
            return [
                match.row
                for match in find_for_situation(sessions, actor, situation, language, LIMIT)
            ]

        self.context.tasks.run(
            find, lambda rows: self._show(rows, generation), lambda _error: None, owner=self
        )

    def _show(self, rows: list[ComparisonRow], generation: int) -> None:
        if generation != self._generation:
            return
        self.list.blockSignals(True)
        self.list.clear()
        shown: set[int] = set()
        # What is ticked stays on top, even when the search no longer finds it.
        for version_id, text in sorted(self.chosen.items(), key=lambda pair: pair[1]):
            self._add(version_id, text, True)
            shown.add(version_id)
        for row in rows:
            if row.version_id in shown or row.state != "published":
                continue
            text = _("{title} (version {number})").format(title=row.title, number=row.number)
            self._add(row.version_id, text, False)
            shown.add(row.version_id)
        self.list.blockSignals(False)
        if self.list.count() and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)

    def _add(self, version_id: int, text: str, checked: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, version_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setToolTip(text)
        self.list.addItem(item)

    def _ticked(self, item: QListWidgetItem) -> None:
        version_id = int(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen[version_id] = item.text()
        else:
            self.chosen.pop(version_id, None)
