"""The main window: navigation by role, menus with shortcuts, a status bar that says where you are.

Signals:
    sign_out_requested(): the person chose File › Sign out.
    language_requested(str): the person chose another UI language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from grensdesk import __version__, i18n
from grensdesk.i18n import _, ngettext
from grensdesk.services.accounts import ROLE_LABELS
from grensdesk.services.knowledge_search import Situation
from grensdesk.ui.consultation.page import ConsultationPage
from grensdesk.ui.context import AppContext
from grensdesk.ui.editorial.page import EditorialPage
from grensdesk.ui.escalations.new_items import NewItems, navigation_title
from grensdesk.ui.escalations.queue_page import EscalationsPage
from grensdesk.ui.knowledge.page import KnowledgePage
from grensdesk.ui.live_updates import LiveUpdates
from grensdesk.ui.navigation import PageSpec, pages_for
from grensdesk.ui.pages.base import Page
from grensdesk.ui.preferences import PreserveGeometry


class MainWindow(QMainWindow, PreserveGeometry):
    sign_out_requested = Signal()
    language_requested = Signal(str)
    geometry_key = "main_window"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.specs: list[PageSpec] = pages_for(context.actor)
        # Pages are built the first time they are shown or asked for: sign-in stays quick
        # however many pages a role has. Until then the stack holds an empty placeholder.
        self.pages: dict[str, Page] = {}

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setMaximumWidth(180)
        self.stack = QStackedWidget()
        for _spec in self.specs:
            self.stack.addWidget(QWidget())
            self.navigation.addItem(QListWidgetItem())
        self.navigation.currentRowChanged.connect(self._show_page)
        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.navigation.maximumWidth(), 1000])
        self.setCentralWidget(splitter)

        self._build_menus()
        self._build_status_bar()
        # Escalations arrive live: one listener per signed-in window, stopped when it closes.
        self.live = LiveUpdates(context, parent=self)
        self.new_items = NewItems(context.actor, self)
        self._connect_signals()
        self.retranslate_ui()
        if not self.restore_geometry():
            self.resize(1180, 760)
        if self.specs:
            self.navigation.setCurrentRow(0)
        self.live.start()

    # ---- construction ----------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.sign_out_action = QAction(self)
        self.sign_out_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.file_menu.addAction(self.sign_out_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.go_menu = bar.addMenu("")
        self.page_actions: list[QAction] = []
        for number, spec in enumerate(self.specs, start=1):
            action = QAction(self)
            action.setObjectName(f"go_{spec.key}")
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, row=number - 1: self.show_row(row))
            self.go_menu.addAction(action)
            self.page_actions.append(action)
        self.go_menu.addSeparator()
        self.refresh_action = QAction(self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.go_menu.addAction(self.refresh_action)

        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in i18n.LANGUAGES:
            action = QAction(i18n.LANGUAGE_NAMES[code], self)
            action.setCheckable(True)
            action.setData(code)
            action.setChecked(code == i18n.current_language())
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.user_label = QLabel()
        self.user_label.setObjectName("status_user")
        self.office_label = QLabel()
        self.office_label.setObjectName("status_office")
        self.database_label = QLabel()
        self.database_label.setObjectName("status_database")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.hide()
        self.new_items_label = QLabel()
        self.new_items_label.setObjectName("status_new_items")
        self.new_items_label.hide()
        for widget in (
            self.new_items_label,
            self.user_label,
            self.office_label,
            self.database_label,
        ):
            status.addPermanentWidget(widget)
        status.addWidget(self.busy)

    def _connect_signals(self) -> None:
        """Every connection of the window in one place."""
        self.sign_out_action.triggered.connect(self.sign_out_requested)
        self.quit_action.triggered.connect(self.close)
        self.refresh_action.triggered.connect(self.refresh_current)
        self.about_action.triggered.connect(self.show_about)
        self.language_group.triggered.connect(
            lambda action: self.language_requested.emit(action.data())
        )
        self.context.tasks.busy_changed.connect(self.busy.setVisible)
        self.context.tasks.task_failed.connect(self._task_failed)
        self.live.events_arrived.connect(self.new_items.events_arrived)
        self.new_items.count_changed.connect(lambda _count: self._show_new_items())

    def _connect_page(self, page: Page) -> None:
        """The connections of one page, made when it is built."""
        if isinstance(page, ConsultationPage):
            page.find_rules_requested.connect(self.show_knowledge_for)
        if isinstance(page, KnowledgePage):
            page.attached.connect(self._comparison_attached)
        if isinstance(page, ConsultationPage):
            self.live.events_arrived.connect(page.escalations.events_arrived)
        if isinstance(page, EditorialPage):
            self.live.events_arrived.connect(page.events_arrived)
        if isinstance(page, EscalationsPage):
            self.live.events_arrived.connect(page.events_arrived)
            page.viewed.connect(self.new_items.reset)
            page.opened.connect(self.new_items.seen)

    def _comparison_attached(self, consultation_id: int) -> None:
        consultations = self.pages.get("consultations")
        if isinstance(consultations, ConsultationPage):
            consultations.reload_attached(consultation_id)

    # ---- behaviour -------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        actor = self.context.actor
        self.setWindowTitle(_("GrensDesk – {office}").format(office=actor.office_name))
        self.file_menu.setTitle(_("&File"))
        self.sign_out_action.setText(_("Sign &out"))
        self.quit_action.setText(_("&Quit"))
        self.go_menu.setTitle(_("&Go"))
        self.refresh_action.setText(_("&Refresh"))
        self.settings_menu.setTitle(_("&Settings"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About GrensDesk"))
        for row, spec in enumerate(self.specs):
            title = _(spec.title)
            self.navigation.item(row).setText(title)
            self.page_actions[row].setText(title)
        self._show_new_items()
        roles = ", ".join(_(ROLE_LABELS[role]) for role in sorted(actor.roles))
        self.user_label.setText(_("{name} ({roles})").format(name=actor.full_name, roles=roles))
        self.office_label.setText(actor.office_name)
        self.database_label.setText(self.context.database.target.describe())
        for page in self.pages.values():
            page.retranslate_ui()
        self.language_actions[i18n.current_language()].setChecked(True)

    def _show_new_items(self) -> None:
        """The count of new items, in the navigation ("Escalations (3)") and the status bar."""
        count = self.new_items.count
        for row, spec in enumerate(self.specs):
            if spec.key == "escalations":
                self.navigation.item(row).setText(navigation_title(_(spec.title), count))
        self.new_items_label.setVisible(count > 0)
        self.new_items_label.setText(
            ngettext("{count} new escalation item", "{count} new escalation items", count).format(
                count=count
            )
        )

    def has_page(self, key: str) -> bool:
        return any(spec.key == key for spec in self.specs)

    def page(self, key: str) -> Page:
        """The page called ``key``, built now if it has not been shown yet.

        Raises KeyError when the signed-in role does not see that page.
        """
        built = self.pages.get(key)
        if built is not None:
            return built
        row = next(row for row, spec in enumerate(self.specs) if spec.key == key)
        page = self.specs[row].factory(self.context, self.stack)
        placeholder = self.stack.widget(row)
        self.stack.insertWidget(row, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.pages[key] = page
        self._connect_page(page)
        return page

    def show_row(self, row: int) -> None:
        self.navigation.setCurrentRow(row)

    def show_knowledge_for(self, situation: Situation, consultation_id: int | None) -> None:
        """The knowledge base, listing the comparisons that fit a consultation's situation."""
        if not self.has_page("knowledge"):
            return
        page = self.page("knowledge")
        assert isinstance(page, KnowledgePage)
        page.show_situation(situation, consultation_id)
        self.show_row(next(row for row, spec in enumerate(self.specs) if spec.key == "knowledge"))
        page.results.setFocus()

    def _show_page(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(self.specs[row].key)
        self.stack.setCurrentWidget(page)
        page.activate()

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def refresh_current(self) -> None:
        page = self.current_page()
        if page is not None:
            page.refresh()

    def show_about(self) -> None:
        from PySide6 import __version__ as pyside_version

        QMessageBox.about(
            self,
            _("About GrensDesk"),
            _(
                "<h3>GrensDesk {version}</h3>"
                "<p>Desk software for the border information points on the Dutch–German "
                "and Dutch–Belgian borders.</p>"
                "<p>Database: {database}<br>Qt for Python {qt}</p>"
            ).format(
                version=__version__,
                database=self.context.database.target.describe(),
                qt=pyside_version,
            ),
        )

    def _task_failed(self, error: Any) -> None:
        QMessageBox.warning(
            self, _("Something went wrong"), _("The action failed: {reason}").format(reason=error)
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        for page in self.pages.values():
            page.shut_down()
        self.live.stop()
        self.save_geometry()
        super().closeEvent(event)
