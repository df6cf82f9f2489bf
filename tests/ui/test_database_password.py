"""A shared database whose server wants a password: the dialog asks for it, once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from grensdesk.bootstrap import connect, migrate
from grensdesk.credentials import remember_password
from grensdesk.db import parse_database_url
from grensdesk.demo_data import ensure_demo_accounts
from tests.support.password_server import PASSWORD, PasswordServer
from tests.ui.gui_driver import GuiDriver


@pytest.fixture
def shared_database(password_server: PasswordServer) -> str:
    """The private server's database, migrated, with the demo accounts; URL without password."""
    database = connect(parse_database_url(password_server.url(password=PASSWORD)))
    try:
        migrate(database)
        with database.sessions.begin() as session:
            ensure_demo_accounts(session)
    finally:
        database.dispose()
    return password_server.url()


def test_the_dialog_asks_for_the_database_password_and_can_remember_it(
    shared_database: str,
    password_server: PasswordServer,
    no_system_keyring: dict[tuple[str, str], str],
    gui: GuiDriver,
    qtbot: QtBot,
) -> None:
    dialog = gui.start(shared_database)
    gui.wait_until_settled()
    assert dialog.db_password.isVisible() and dialog.remember.isVisible()
    assert not dialog.database_ready

    gui.type_into(dialog.username, "markus")
    gui.type_into(dialog.password, "grensdesk")
    gui.type_into(dialog.db_password, "not-the-password")
    gui.press_enter()
    gui.wait_until_settled()
    assert "password is missing or wrong" in dialog.message.text()
    assert dialog.isVisible() and dialog.db_password.text() == ""
    assert dialog.username.text() == "markus"  # nothing else typed is lost

    gui.type_into(dialog.password, "grensdesk")
    gui.type_into(dialog.db_password, PASSWORD)
    qtbot.mouseClick(dialog.remember, Qt.MouseButton.LeftButton)
    gui.press_enter()
    qtbot.waitUntil(lambda: gui.controller.window is not None)
    assert f"127.0.0.1:{password_server.port}" in gui.window.database_label.text()
    assert list(no_system_keyring.values()) == [PASSWORD]


def test_a_remembered_password_is_not_asked_again(
    shared_database: str,
    no_system_keyring: dict[tuple[str, str], str],
    password_server: PasswordServer,
    gui: GuiDriver,
) -> None:
    remember_password(parse_database_url(shared_database), PASSWORD)
    dialog = gui.start(shared_database)
    gui.wait_until_ready()
    assert not dialog.db_password.isVisible()
    window = gui.sign_in("markus")
    assert f"127.0.0.1:{password_server.port}" in window.database_label.text()
