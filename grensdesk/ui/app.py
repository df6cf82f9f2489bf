"""Start the GUI: the sign-in dialog first (at once), then the main window."""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from grensdesk import i18n
from grensdesk.config import ConfigError, Settings, load_settings
from grensdesk.i18n import _
from grensdesk.ui import preferences
from grensdesk.ui.qt_i18n import install_qt_translations
from grensdesk.ui.signin_dialog import SignInDialog
from grensdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from grensdesk.bootstrap import Database
    from grensdesk.connection import SignedIn
    from grensdesk.ui.main_window import MainWindow

# Set by the start-up benchmark: print when the first window is on screen, then quit.
EXIT_WHEN_SHOWN_ENV = "GRENSDESK_EXIT_WHEN_SHOWN"


def apply_language(language: str) -> None:
    i18n.set_language(language)
    install_qt_translations(language)


class AppController(QObject):
    """Moves between signing in and the main window; owns the one TaskRunner."""

    def __init__(self, settings: Settings, tasks: TaskRunner | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.tasks = tasks or TaskRunner(self)
        self.dialog: SignInDialog | None = None
        self.window: MainWindow | None = None
        self._chosen_language: str | None = None
        self._retired: list[Database] = []
        self.tasks.busy_changed.connect(self._dispose_retired)

    def start(self) -> SignInDialog:
        self._chosen_language = None
        dialog = SignInDialog(self.settings, self.tasks)
        dialog.language_chosen.connect(self._dialog_language)
        dialog.signed_in.connect(self._signed_in)
        dialog.rejected.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.show()
        return dialog

    def _dialog_language(self, language: str) -> None:
        self._chosen_language = language
        apply_language(language)
        preferences.store_language(language)

    def _dialog_closed(self) -> None:
        if self.window is None:
            QApplication.quit()

    def _signed_in(self, signed_in: SignedIn) -> None:
        from grensdesk.ui.context import AppContext
        from grensdesk.ui.main_window import MainWindow

        language = self._chosen_language or signed_in.actor.ui_language
        if self._chosen_language and self._chosen_language != signed_in.actor.ui_language:
            self._save_user_language(signed_in, self._chosen_language)
        apply_language(language)
        preferences.store_language(language)
        context = AppContext(signed_in.database, signed_in.actor, self.tasks, self.settings)
        window = MainWindow(context)
        window.sign_out_requested.connect(self._sign_out)
        window.language_requested.connect(self._window_language)
        self.window = window
        self.dialog = None
        window.show()

    def _window_language(self, language: str) -> None:
        apply_language(language)
        preferences.store_language(language)
        if self.window is not None:
            self.window.retranslate_ui()
            from grensdesk.connection import SignedIn

            context = self.window.context
            self._save_user_language(SignedIn(context.database, context.actor), language)

    def _save_user_language(self, signed_in: SignedIn, language: str) -> None:
        from grensdesk.services.accounts import set_ui_language

        sessions, actor = signed_in.database.sessions, signed_in.actor
        self.tasks.run(lambda: set_ui_language(sessions, actor, language), lambda _none: None)

    def _sign_out(self) -> None:
        window = self.window
        if window is None:
            return
        self.window = None
        window.close()
        window.deleteLater()
        # The next sign-in opens its own connection; this one's pool is closed once no task
        # can still be using it.
        self._retired.append(window.context.database)
        if not self.tasks.busy:
            self._dispose_retired(False)
        self.start()

    def _dispose_retired(self, busy: bool) -> None:
        if busy or not self._retired:
            return
        retired, self._retired = self._retired, []
        self.tasks.run(lambda: _dispose_all(retired), lambda _done: None)


def _dispose_all(databases: list[Database]) -> None:
    for database in databases:
        database.dispose()


def run_gui(database_url: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName(preferences.ORGANISATION)
    app.setApplicationName(preferences.APPLICATION)
    app.setApplicationDisplayName("GrensDesk")
    try:
        settings = load_settings(database_url)
    except ConfigError as error:
        QMessageBox.critical(
            None, "GrensDesk", _("The settings file is wrong: {reason}").format(reason=error)
        )
        return 2
    language = preferences.stored_language() or settings.language or i18n.SOURCE_LANGUAGE
    apply_language(language if language in i18n.LANGUAGES else i18n.SOURCE_LANGUAGE)
    controller = AppController(settings)
    dialog = controller.start()
    if os.environ.get(EXIT_WHEN_SHOWN_ENV):
        QTimer.singleShot(0, lambda: _report_shown(app, dialog))
    code = app.exec()
    controller.tasks.wait_for_done()
    return code


def _report_shown(app: QApplication, dialog: SignInDialog) -> None:
    app.processEvents()
    if dialog.isVisible():
        print(f"shown {time.time():.6f}", flush=True)
    app.exit(0)
