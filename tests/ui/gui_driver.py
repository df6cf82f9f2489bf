"""Drive GrensDesk the way a person does: start it, type, press Enter, read the screen.

:class:`GuiDriver` starts real :class:`~grensdesk.ui.app.AppController` objects (with
the real, threaded TaskRunner) and cleans up after them: it waits until no background
task is left, closes every window and disposes of every database the app opened, so
no worker thread outlives its database. :class:`MessageBoxRecorder` stands in for the
modal message boxes, which would otherwise block a test forever.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from grensdesk.config import load_settings
from grensdesk.demo_data import DEMO_PASSWORD
from grensdesk.ui.app import AppController
from tests.ui.keyboard import type_text

if TYPE_CHECKING:
    import pytest

    from grensdesk.bootstrap import Database
    from grensdesk.ui.main_window import MainWindow
    from grensdesk.ui.signin_dialog import SignInDialog

# What a person types when a shared database asks for its password. The test server's
# URL may carry none (trust authentication): then any password will do.
DATABASE_PASSWORD = os.environ.get("PGPASSWORD") or "any-password"
MESSAGE_BOX_KINDS = ("question", "warning", "critical", "information", "about")


@dataclass(frozen=True)
class MessageBoxCall:
    kind: str  # "question", "warning", "critical", "information" or "about"
    title: str
    text: str


class MessageBoxRecorder:
    """Replaces QMessageBox's static functions; records each call and gives ``answer``."""

    def __init__(self) -> None:
        self.calls: list[MessageBoxCall] = []
        self.answer = QMessageBox.StandardButton.Yes
        self.warning_answer = QMessageBox.StandardButton.Ok

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for kind in MESSAGE_BOX_KINDS:
            monkeypatch.setattr(QMessageBox, kind, staticmethod(self._recorder(kind)))

    def _recorder(self, kind: str) -> Callable[..., Any]:
        def record(_parent: object, title: str, text: str, *_args: object, **_kw: object) -> Any:
            self.calls.append(MessageBoxCall(kind, title, text))
            if kind == "about":
                return None
            if kind == "warning":
                return self.warning_answer
            return self.answer if kind == "question" else QMessageBox.StandardButton.Ok

        return record

    def of_kind(self, kind: str) -> list[MessageBoxCall]:
        return [call for call in self.calls if call.kind == kind]


def hold(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> threading.Event:
    """Make ``module.name`` wait (in its worker thread) until the returned event is set.

    For tests of what happens while a background task is still running.
    """
    original = getattr(module, name)
    release = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        if not release.wait(timeout=30):
            raise TimeoutError(f"{name} was held and never released")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return release


class GuiDriver:
    """One or more runs of the app (a restart is a second run), cleaned up by :meth:`close`."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.controllers: list[AppController] = []
        self.opened: list[Database] = []  # filled by the conftest's spy on open_database

    # ---- starting --------------------------------------------------------------------------

    def start(self, database_url: str) -> SignInDialog:
        """Start the app on ``database_url``: the sign-in dialog shows at once."""
        controller = AppController(load_settings(cli_database_url=database_url))
        self.controllers.append(controller)
        return controller.start()

    @property
    def controller(self) -> AppController:
        assert self.controllers, "start the app first"
        return self.controllers[-1]

    @property
    def dialog(self) -> SignInDialog:
        dialog = self.controller.dialog
        assert dialog is not None, "no sign-in dialog: someone is signed in"
        return dialog

    @property
    def window(self) -> MainWindow:
        window = self.controller.window
        assert window is not None, "no main window: nobody is signed in"
        return window

    # ---- waiting ---------------------------------------------------------------------------

    def wait_until_ready(self) -> None:
        """Until the dialog has opened and checked the database (it may first need a password)."""
        self.qtbot.waitUntil(lambda: self.dialog.database_ready)

    def wait_until_settled(
        self, timeout: int = 10_000, controller: AppController | None = None
    ) -> None:
        """Until the dialog's attempt to open the database has come back, whatever the outcome.

        It is open, or it asks for the database password, or it says what went wrong; and
        nothing runs in the background any more. (Right after start the dialog is not busy
        yet: it starts opening only after its first frame.) With nobody signed in and no
        dialog, this is :meth:`wait_until_idle`.
        """
        controller = controller or self.controller

        def settled() -> bool:
            dialog = controller.dialog
            outcome = dialog is None or (
                dialog.database_ready or dialog.db_password.isVisible() or dialog.message.text()
            )
            return bool(outcome) and not controller.tasks.busy

        self.qtbot.waitUntil(settled, timeout=timeout)

    def wait_until_idle(
        self, timeout: int = 10_000, controller: AppController | None = None
    ) -> None:
        """Until every background task has finished and its callback has run."""
        tasks = (controller or self.controller).tasks
        self.qtbot.waitUntil(lambda: not tasks.busy, timeout=timeout)

    # ---- signing in ------------------------------------------------------------------------

    def type_into(self, field: QLineEdit, text: str) -> None:
        """Click into a field, select what is there (Ctrl+A) and type over it."""
        self.qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        self.qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        if text.isascii():
            self.qtbot.keyClicks(field, text)
        else:
            type_text(field, text)  # QTest would abort on a character like Ł

    def press_enter(self) -> None:
        """Enter, sent where a real key press goes: the widget that has the focus."""
        dialog = self.dialog
        self.qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    def type_credentials(self, username: str, password: str) -> None:
        """Type user name and password, and the database password if the dialog asks for it."""
        dialog = self.dialog
        self.type_into(dialog.username, username)
        self.type_into(dialog.password, password)
        if dialog.db_password.isVisible() and not dialog.db_password.text():
            self.type_into(dialog.db_password, DATABASE_PASSWORD)

    def try_sign_in(self, username: str, password: str) -> str:
        """Type, click Sign in, wait for the answer; returns the dialog's message."""
        self.wait_until_settled()  # Sign in stays disabled while the database opens
        self.type_credentials(username, password)
        self.qtbot.mouseClick(self.dialog.sign_in_button, Qt.MouseButton.LeftButton)
        self.wait_until_idle()
        return self.dialog.message.text()

    def sign_in(
        self, username: str, password: str = DEMO_PASSWORD, *, click: bool = False
    ) -> MainWindow:
        """Type, press Enter (or click Sign in); returns the main window once its page loaded."""
        self.wait_until_settled()  # the database has opened, or asks for its password
        self.type_credentials(username, password)
        if click:
            self.qtbot.mouseClick(self.dialog.sign_in_button, Qt.MouseButton.LeftButton)
        else:
            self.press_enter()
        self.qtbot.waitUntil(lambda: self.controller.window is not None)
        self.qtbot.waitExposed(self.window)
        self.wait_until_idle()
        return self.window

    # ---- cleaning up -----------------------------------------------------------------------

    def close(self) -> None:
        try:
            for controller in self.controllers:
                # A dialog shown last (after signing out) may not have started opening yet.
                self.wait_until_settled(timeout=30_000, controller=controller)
                controller.tasks.wait_for_done()
                if controller.window is not None:
                    controller.window.close()
                if controller.dialog is not None:
                    controller.dialog.close()
        finally:
            for database in self.opened:
                database.dispose()
