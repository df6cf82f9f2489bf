"""Administration: the user accounts, and adding one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import N_, _
from grensdesk.services.accounts import ROLE_LABELS, UserSummary, list_users
from grensdesk.services.topics import TopicSummary, list_topics
from grensdesk.ui.context import AppContext
from grensdesk.ui.pages.add_user_dialog import AddUserDialog
from grensdesk.ui.pages.base import Page
from grensdesk.ui.table_model import Column, RecordTableModel


def _columns(topic_names: Callable[[tuple[str, ...]], str]) -> list[Column[UserSummary]]:
    return [
        Column(N_("User name"), lambda u: u.username),
        Column(N_("Name"), lambda u: u.full_name),
        Column(N_("Office"), lambda u: u.office_name),
        Column(N_("Roles"), lambda u: ", ".join(_(ROLE_LABELS[r]) for r in u.roles)),
        Column(N_("Expert fields"), lambda u: topic_names(u.topics)),
        Column(N_("Language"), lambda u: i18n.LANGUAGE_NAMES[u.ui_language]),
    ]


class UsersPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._topics: dict[str, TopicSummary] = {}
        self.model: RecordTableModel[UserSummary] = RecordTableModel(_columns(self._topic_names))
        self.table = QTableView()
        self.table.setObjectName("users")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.add_button = QPushButton()
        self.add_button.setObjectName("add_user")
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.add_button.clicked.connect(self.add_user)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.add_button.setText(_("&Add user…"))
        self.add_button.setToolTip(QKeySequence(QKeySequence.StandardKey.New).toString())
        self.model.retranslate()
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(_("{count} accounts").format(count=self.model.rowCount()))

    def refresh(self) -> None:
        sessions, actor = self.context.database.sessions, self.context.actor
        self.context.tasks.run(
            lambda: (list_users(sessions, actor), list_topics(sessions)), self._loaded_users
        )

    def _loaded_users(self, loaded: tuple[list[UserSummary], list[TopicSummary]]) -> None:
        users, topics = loaded
        self._topics = {topic.code: topic for topic in topics}
        self.model.set_rows(users)
        self._show_count()

    def _topic_names(self, codes: tuple[str, ...]) -> str:
        language = i18n.current_language()
        return ", ".join(
            self._topics[code].name(language) if code in self._topics else code for code in codes
        )

    def add_user(self) -> None:
        dialog = AddUserDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.user_added.connect(lambda _user: self.refresh())
        dialog.open()
