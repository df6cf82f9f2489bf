"""Sign-in to a usable main window, in-process, on the demo database.

The clock runs from ``SignInDialog.submit()`` (the database already open, as it is
by the time a person has typed a password) until the main window is visible, the task
runner is idle (the first page's data has arrived) and that state has been painted.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QMessageLogContext,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from bench.workspace import DEMO_PASSWORD, DEMO_USER, Workspace
from grensdesk.config import load_settings
from grensdesk.ui.app import AppController
from grensdesk.ui.signin_dialog import SignInDialog

TIMEOUT_SECONDS: Final = 60.0
# Only there so a wait that nothing wakes up still notices its deadline.
HEARTBEAT_MS: Final = 50


def _process_until(app: QApplication, done: Callable[[], bool], what: str) -> None:
    """Run the event loop until ``done()``; it is checked after every batch of events.

    Waiting for events instead of polling with a sleep adds no latency of its own:
    what ``done`` looks at changes only when an event (a finished task) is handled.
    """
    heartbeat = QTimer()
    heartbeat.start(HEARTBEAT_MS)
    deadline = time.perf_counter() + TIMEOUT_SECONDS
    flags = QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    try:
        while not done():
            if time.perf_counter() > deadline:
                raise TimeoutError(f"gave up waiting for {what} after {TIMEOUT_SECONDS:.0f} s")
            app.processEvents(flags)
    finally:
        heartbeat.stop()


def _quiet_offscreen_messages(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    """Qt's offscreen platform warns about window hints once per window; nothing else is hidden."""
    if "does not support propagateSizeHints" not in text:
        print(text, file=sys.stderr)


def _main_window_ready(controller: AppController) -> bool:
    window = controller.window
    return window is not None and window.isVisible() and not controller.tasks.busy


def _application(workspace: Workspace) -> QApplication:
    workspace.apply_environment()
    qInstallMessageHandler(_quiet_offscreen_messages)
    existing = QCoreApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    app.setOrganizationName("GrensDesk-bench")
    app.setApplicationName("GrensDesk-bench")
    # grensdesk.ui.preferences passes its own organisation name to QSettings, so the
    # organisation above alone would still let sign-in write the person's real settings.
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(
            settings_format, QSettings.Scope.UserScope, str(workspace.qt_settings_dir)
        )
    return app


def _sign_in_once(app: QApplication, controller: AppController, dialog: SignInDialog) -> float:
    _process_until(app, lambda: dialog.database_ready, "the database to open")
    dialog.username.setText(DEMO_USER)
    dialog.password.setText(DEMO_PASSWORD)
    started = time.perf_counter()
    dialog.submit()
    try:
        _process_until(app, lambda: _main_window_ready(controller), "the main window")
    except TimeoutError as error:
        raise RuntimeError(f"{error}; the dialog says: {dialog.message.text()!r}") from error
    # The first page's rows arrived in the last event; the person sees them after the paint.
    app.processEvents()
    return (time.perf_counter() - started) * 1000


def _sign_out(app: QApplication, controller: AppController) -> SignInDialog:
    window = controller.window
    assert window is not None
    window.sign_out_requested.emit()
    # Closed windows are deleteLater()'d; without an exec() loop that happens only here.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    dialog = controller.dialog
    assert dialog is not None
    return dialog


def measure_signin(workspace: Workspace, runs: int) -> dict[str, float]:
    app = _application(workspace)
    controller = AppController(load_settings(workspace.database_url))
    dialog = controller.start()
    # The first sign-in of a process also imports the main window and its pages; it is
    # what a person meets once per start, so it is reported, but kept out of the median.
    first_ms = _sign_in_once(app, controller, dialog)
    times: list[float] = []
    for _run in range(runs):
        dialog = _sign_out(app, controller)
        times.append(_sign_in_once(app, controller, dialog))
    _sign_out(app, controller).hide()
    controller.tasks.wait_for_done()
    return {
        "signin_to_main_window_ms": round(statistics.median(times), 1),
        "signin_to_main_window_first_ms": round(first_ms, 1),
    }
