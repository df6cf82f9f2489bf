"""Fixtures for the UI tests: isolated Qt settings, recorded message boxes, a running app.

Ask for the database fixture *before* ``gui`` in a test's signature
(``def test_x(database_url: str, gui: GuiDriver)``): fixtures are torn down in
reverse order, so the app is shut down before its database is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import grensdesk.connection
from grensdesk.bootstrap import PreparedDatabase
from grensdesk.ui.qt_i18n import install_qt_translations
from tests.ui.gui_driver import GuiDriver, MessageBoxRecorder


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> Path:
    """Window geometry, last user and language go to a fresh folder, never the real ones."""
    folder = tmp_path / "qsettings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    # On Unix the native format is the INI format; set both so either kind of QSettings lands here.
    for settings_format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def restore_qt_language() -> Iterator[None]:
    """Signing in installs Qt's translators and sets QLocale's default: undo both."""
    default_locale = QLocale()
    yield
    if QApplication.instance() is not None:
        install_qt_translations("en")
    QLocale.setDefault(default_locale)


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxRecorder:
    """Every QMessageBox.question/warning/critical/information/about, recorded, not shown."""
    recorder = MessageBoxRecorder()
    recorder.install(monkeypatch)
    return recorder


@pytest.fixture
def gui(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, message_boxes: MessageBoxRecorder
) -> Iterator[GuiDriver]:
    """Starts the app on request; afterwards waits for its tasks, closes it, disposes its DBs."""
    driver = GuiDriver(qtbot)
    open_database = grensdesk.connection.open_database

    def recording_open_database(*args: Any, **kwargs: Any) -> Any:
        result = open_database(*args, **kwargs)
        if isinstance(result, PreparedDatabase):
            driver.opened.append(result.database)
        return result

    monkeypatch.setattr(grensdesk.connection, "open_database", recording_open_database)
    yield driver
    driver.close()
