"""The sign-in dialog: shown at once, while the database opens in the background.

Signals:
    signed_in(object): a ``grensdesk.connection.SignedIn`` after a successful sign-in.
    language_chosen(str): the person picked another UI language here.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _, ngettext
from grensdesk.ui import preferences

if TYPE_CHECKING:
    from grensdesk.bootstrap import Database
    from grensdesk.config import Settings
    from grensdesk.ui.tasks import TaskRunner

# After this many failures in a row, the dialog itself makes the person wait too.
FREE_ATTEMPTS = 3
FIRST_FRAME_MS = 40


def _preload_main_window() -> None:
    """Import the main window's modules while the person types (run on a worker thread)."""
    import grensdesk.ui.main_window  # noqa: F401


def _backend() -> ModuleType:
    """``grensdesk.connection``, imported on first use: the window shows before SQLAlchemy loads."""
    import grensdesk.connection

    return grensdesk.connection


class SignInDialog(QDialog):
    signed_in = Signal(object)
    language_chosen = Signal(str)

    def __init__(
        self, settings: Settings, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._tasks = tasks
        self._database: Database | None = None
        self._needs_db_password = False
        self._fatal = False
        self._failures = 0
        self._wait_left = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._started = False
        self._opening = False
        self._pending_submit = False
        self._busy = False

        self._title = QLabel()
        self._title.setStyleSheet("font-size: 160%; font-weight: bold;")
        self._subtitle = QLabel()
        self._subtitle.setWordWrap(True)

        self.username = QLineEdit(preferences.last_user())
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.db_password = QLineEdit()
        self.db_password.setObjectName("db_password")
        self.db_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox()
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(i18n.LANGUAGES.index(i18n.current_language()))
        self.language.currentIndexChanged.connect(self._language_changed)

        self._form = QFormLayout()
        self._username_label = QLabel()
        self._password_label = QLabel()
        self._db_password_label = QLabel()
        self._language_label = QLabel()
        for label, field in (
            (self._username_label, self.username),
            (self._password_label, self.password),
            (self._db_password_label, self.db_password),
            (self._language_label, self.language),
        ):
            label.setBuddy(field)
            self._form.addRow(label, field)
        self._form.addRow("", self.remember)

        self.database_label = QLabel()
        self.database_label.setObjectName("database")
        self.database_label.setWordWrap(True)
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setObjectName("sign_in")
        self.quit_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        # Enter must never mean Close, whichever field had the focus.
        self.quit_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._subtitle)
        layout.addSpacing(8)
        layout.addLayout(self._form)
        layout.addWidget(self.database_label)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        # Only a button already inside the dialog becomes its default button.
        self.sign_in_button.setDefault(True)
        self.setMinimumWidth(440)
        self._show_db_password(False)
        self.retranslate_ui()
        (self.password if self.username.text() else self.username).setFocus()

    @property
    def database_ready(self) -> bool:
        """The database is open and checked; signing in needs only the password check."""
        return self._database is not None

    # ---- texts -----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("GrensDesk – sign in"))
        self._title.setText("GrensDesk")
        self._subtitle.setText(_("Border information points Netherlands – Germany – Belgium"))
        self._username_label.setText(_("&User name"))
        self._password_label.setText(_("&Password"))
        self._db_password_label.setText(_("&Database password"))
        self._language_label.setText(_("&Language"))
        self.remember.setText(_("Remember the database password in the system keyring"))
        self.sign_in_button.setText(_("&Sign in"))
        if self._database is not None:
            self.database_label.setText(
                _("Database: {database}").format(database=self._database.target.describe())
            )
        elif not self.database_label.text():
            self.database_label.setText(_("Opening the database…"))

    def _show_db_password(self, visible: bool) -> None:
        self._needs_db_password = visible
        self._form.setRowVisible(self.db_password, visible)
        self._form.setRowVisible(self.remember, visible)

    def _say(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    # ---- opening the database --------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            self._opening = True
            # Let the first frame paint before the worker starts importing SQLAlchemy: the
            # import holds the GIL and would otherwise hold up the window as well.
            QTimer.singleShot(FIRST_FRAME_MS, self, lambda: self._open_database(None))

    def _open_database(self, password: str | None) -> None:
        url, backups = self._settings.database_url, self._settings.backup_dir
        remember = self.remember.isChecked()
        self._opening = True
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._tasks.run(
            # The import happens on the worker too: it is the slow part of starting up.
            lambda: _backend().open_database(url, backups, password, remember),
            self._database_opened,
            self._database_failed,
            owner=self,
        )

    def _database_opened(self, result: Any) -> None:
        self._opening = False
        self.unsetCursor()
        if isinstance(result, _backend().PasswordNeeded):
            self.database_label.setText(
                _("Database: {database}").format(database=result.target.describe())
            )
            self._show_db_password(True)
            if self._pending_submit:
                self._pending_submit = False
                self._say(_("Enter the database password."))
                self._set_busy(False)
                self.db_password.setFocus()
            return
        self._database = result.database
        self._tasks.run(_preload_main_window, lambda _none: None, owner=self)
        self._show_db_password(False)
        self.retranslate_ui()
        if result.backup is not None and result.upgraded:
            self._say(_("The database was upgraded; a backup was made first."), error=False)
        if self._pending_submit:
            self._pending_submit = False
            self._set_busy(False)
            self.submit()

    def _database_failed(self, error: BaseException) -> None:
        self._opening = False
        self._pending_submit = False
        self.unsetCursor()
        self._set_busy(False)
        kind = _backend().open_failure_kind(error)
        if kind == "corrupt":
            self._offer_restore(str(error))
        elif kind == "fatal":
            self._fail_for_good(str(error))
            self.database_label.setText("")
        elif kind == "refused":
            self._show_db_password(True)
            self.db_password.clear()
            self._say(str(error))
            self.db_password.setFocus()
        elif kind == "unreachable":
            self._say(str(error) + "\n" + _("Check the network and try again; nothing is lost."))
        else:
            self._say(_("The database could not be opened: {reason}").format(reason=error))

    def _fail_for_good(self, message: str) -> None:
        self._fatal = True
        self._say(message)
        self.sign_in_button.setEnabled(False)

    def _offer_restore(self, reason: str) -> None:
        url, backups = self._settings.database_url, self._settings.backup_dir
        self._tasks.run(
            lambda: _backend().last_backup(url, backups),
            lambda info: self._ask_restore(reason, info),
            self._database_failed,
            owner=self,
        )

    def _ask_restore(self, reason: str, info: Any) -> None:
        if info is None or info.backup is None:
            self._fail_for_good(
                reason + "\n" + _("There is no backup to restore. Ask your administrator.")
            )
            return
        answer = QMessageBox.question(
            self,
            _("Damaged database"),
            reason
            + "\n\n"
            + _("Restore the last backup ({backup})? The damaged file is kept aside.").format(
                backup=info.backup.name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            self._fail_for_good(reason)
            return
        self._set_busy(True)
        self._tasks.run(
            lambda: _backend().restore_last_backup(info),
            self._restored,
            self._database_failed,
            owner=self,
        )

    def _restored(self, damaged: object) -> None:
        self._set_busy(False)
        # Shown until the person does something else: the message must survive the reopen.
        self._say(
            _("The backup was restored; the damaged file is kept as {path}.").format(path=damaged),
            error=False,
        )
        self.password.setFocus()
        self._open_database(None)

    # ---- signing in ------------------------------------------------------------------------

    def submit(self) -> None:
        if self._fatal or self._busy or self._countdown.isActive():
            return
        username = self.username.text().strip()
        password = self.password.text()
        if not username or not password:
            self._say(_("Enter your user name and password."))
            (self.password if username else self.username).setFocus()
            return
        if self._database is None:
            self._submit_when_open()
            return
        database = self._database
        self._set_busy(True)
        self._say(_("Signing in…"), error=False)
        self._tasks.run(
            lambda: _backend().sign_in(database, username, password),
            self._succeeded,
            self._failed,
            owner=self,
        )

    def _submit_when_open(self) -> None:
        """Enter pressed before the database is open: sign in as soon as it is."""
        if self._needs_db_password and not self.db_password.text():
            self._say(_("Enter the database password."))
            self.db_password.setFocus()
            return
        self._pending_submit = True
        self._set_busy(True)
        self._say(_("Opening the database…"), error=False)
        if not self._opening:
            self._open_database(self.db_password.text() or None)

    def _succeeded(self, signed_in: object) -> None:
        self._set_busy(False)
        self._failures = 0
        preferences.store_last_user(self.username.text().strip())
        self.password.clear()
        self.signed_in.emit(signed_in)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        backend = _backend()
        self._set_busy(False)
        self.password.clear()
        self.password.setFocus()
        kind = backend.sign_in_failure_kind(error)
        if kind == "throttled":
            self._start_wait(getattr(error, "wait_seconds", 1), str(error))
        elif kind == "refused":
            self._failures += 1
            wait = backend.wait_after_failures(self._failures)
            if self._failures >= FREE_ATTEMPTS and wait:
                self._start_wait(wait, str(error))
            else:
                self._say(str(error))
        elif kind == "unreachable":
            self._say(_("The database cannot be reached right now. Try again; nothing is lost."))
        else:
            self._say(_("Signing in failed: {reason}").format(reason=error))

    def _start_wait(self, seconds: int, reason: str) -> None:
        self._wait_left = seconds
        self._wait_reason = reason
        self.sign_in_button.setEnabled(False)
        self._show_wait()
        self._countdown.start()

    def _show_wait(self) -> None:
        self._say(
            self._wait_reason
            + "\n"
            + ngettext(
                "You can try again in {seconds} second.",
                "You can try again in {seconds} seconds.",
                self._wait_left,
            ).format(seconds=self._wait_left)
        )

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._countdown.stop()
            self.sign_in_button.setEnabled(not self._fatal and not self._busy)
            self._say("", error=False)
        else:
            self._show_wait()

    def _set_busy(self, busy: bool) -> None:
        """While signing in, nothing can be changed; focus returns to the password after."""
        self._busy = busy
        for widget in (self.username, self.password, self.db_password, self.language):
            widget.setEnabled(not busy)
        self.sign_in_button.setEnabled(
            not busy and not self._fatal and not self._countdown.isActive()
        )
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # ---- language --------------------------------------------------------------------------

    def _language_changed(self, index: int) -> None:
        code = self.language.itemData(index)
        if isinstance(code, str):
            self.language_chosen.emit(code)
            self.retranslate_ui()
