"""Signing in: what each role sees afterwards, and what the dialog says when it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.engine import make_url

import grensdesk.connection
from grensdesk import i18n
from grensdesk.bootstrap import Database
from grensdesk.config import load_settings
from grensdesk.demo_data import DEMO_PASSWORD
from grensdesk.i18n import _
from grensdesk.schema import backup_sqlite
from grensdesk.services.accounts import NewUser, add_user
from grensdesk.services.context import Actor
from grensdesk.ui.main_window import MainWindow
from tests.ui.gui_driver import GuiDriver, MessageBoxRecorder, hold

WRONG = "Unknown user name or wrong password."
UNREACHABLE_URL = "postgresql://nobody@127.0.0.1:1/x"


def navigation_titles(window: MainWindow) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def status_text(window: MainWindow, name: str) -> str:
    label = window.statusBar().findChild(QLabel, name)
    assert label is not None, f"no status bar label {name}"
    assert label.isVisible()
    return label.text()


def database_description(database_url: str) -> str:
    """How the status bar names a database, in the current UI language."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return _("embedded ({path})").format(path=url.database)
    host = f"{url.host}:{url.port or 5432}"
    return _("shared: {database} on {host}").format(database=url.database, host=host)


def sqlite_path(sqlite_url: str) -> Path:
    database = make_url(sqlite_url).database
    assert database is not None
    return Path(database)


def damage(path: Path) -> None:
    path.write_bytes(b"this is not an SQLite database\x00\xff" * 512)


# ---- what each role sees -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "full_name", "role_labels", "office", "pages"),
    [
        pytest.param(
            "anna",
            "Anna de Vries",
            ["adviser"],
            "GrenzInfoPunkt EUREGIO",
            ["Consultations", "Escalations", "Knowledge base", "Offices"],
            id="adviser",
        ),
        pytest.param(
            "sanne",
            "Sanne Jansen",
            ["expert"],
            "Belastingdienst, Team Grensoverschrijdend Werken en Ondernemen",
            ["Escalations", "Knowledge base", "Offices"],
            id="expert",
        ),
        pytest.param(
            "markus",
            "Markus Weber",
            ["editor", "expert"],
            "SVB Bureau voor Duitse Zaken",
            ["Escalations", "Knowledge base", "Editorial", "Offices"],
            id="editor",
        ),
        pytest.param(
            "petra",
            "Petra Schmidt",
            ["coordinator"],
            "EUREGIO",
            ["Reports", "Knowledge base", "Offices"],
            id="coordinator",
        ),
        pytest.param(
            "beheer",
            "Bram Beheerder",
            ["administrator"],
            "Sociale Verzekeringsbank (centrale back office)",
            ["Knowledge base", "Offices", "Users"],
            id="admin",
        ),
    ],
)
def test_each_role_sees_its_pages_and_who_and_where_it_is(
    database_url: str,
    gui: GuiDriver,
    username: str,
    full_name: str,
    role_labels: list[str],
    office: str,
    pages: list[str],
) -> None:
    gui.start(database_url)

    window = gui.sign_in(username)

    # The window speaks the user's own language; _ gives these texts in it.
    assert navigation_titles(window) == [_(page) for page in pages]
    user = status_text(window, "status_user")
    assert user.startswith(full_name)
    for label in role_labels:
        assert _(label) in user
    assert status_text(window, "status_office") == office
    assert status_text(window, "status_database") == database_description(database_url)
    assert gui.controller.dialog is None


def test_a_name_and_password_beyond_ascii_can_be_typed(
    database: Database, database_url: str, admin: Actor, gui: GuiDriver
) -> None:
    password = "Grüße-aus-Gronau-ş"
    new = NewUser("sukru", "Şükrü Öztürk", "GIP-EUREGIO", ("adviser",), password=password)
    add_user(database.sessions, admin, new)
    gui.start(database_url)

    window = gui.sign_in("sukru", password)

    assert status_text(window, "status_user").startswith("Şükrü Öztürk")


def test_the_window_comes_up_in_the_users_own_language(sqlite_url: str, gui: GuiDriver) -> None:
    gui.start(sqlite_url)
    assert i18n.current_language() == "en"

    gui.sign_in("markus")  # his account says German

    assert i18n.current_language() == "de"


def test_enter_pressed_while_the_database_still_opens_signs_in_once_it_is_open(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = hold(monkeypatch, grensdesk.connection, "open_database")
    gui.start(sqlite_url)
    qtbot.waitUntil(lambda: gui.controller.tasks.busy)  # opening: the person types meanwhile
    gui.type_credentials("anna", DEMO_PASSWORD)

    gui.press_enter()
    opened.set()

    qtbot.waitUntil(lambda: gui.controller.window is not None or gui.dialog.database_ready)
    gui.wait_until_idle()
    assert gui.controller.window is not None


def test_enter_without_a_password_asks_for_user_name_and_password(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    dialog = gui.start(sqlite_url)
    gui.wait_until_ready()
    qtbot.keyClicks(dialog.username, "anna")

    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)

    assert dialog.message.text() == "Enter your user name and password."
    assert gui.controller.window is None


# ---- wrong names and passwords -------------------------------------------------------------


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(
    database_url: str, gui: GuiDriver
) -> None:
    dialog = gui.start(database_url)

    wrong_password = gui.try_sign_in("anna", "not-her-password")
    unknown_user = gui.try_sign_in("nobody-of-that-name", DEMO_PASSWORD)

    assert wrong_password == unknown_user == WRONG
    assert dialog.password.text() == ""  # cleared for the next try
    assert dialog.sign_in_button.isEnabled()
    assert gui.controller.window is None


def test_enter_after_a_wrong_password_signs_in(database_url: str, gui: GuiDriver) -> None:
    dialog = gui.start(database_url)
    assert gui.try_sign_in("anna", "typo-in-the-password") == WRONG
    gui.type_credentials("anna", DEMO_PASSWORD)

    gui.press_enter()

    assert dialog.isVisible() or gui.controller.window is not None  # not closed
    gui.wait_until_idle()
    assert gui.controller.window is not None


def test_after_three_failures_the_dialog_makes_you_wait(
    database_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    dialog = gui.start(database_url)
    for _attempt in range(2):
        assert gui.try_sign_in("anna", "wrong-password") == WRONG
        assert dialog.sign_in_button.isEnabled()

    message = gui.try_sign_in("anna", "wrong-password")

    assert message == WRONG + "\nYou can try again in 1 second."
    assert not dialog.sign_in_button.isEnabled()
    qtbot.waitUntil(dialog.sign_in_button.isEnabled)  # the wait is over
    assert dialog.message.text() == ""


# ---- databases that cannot be used ---------------------------------------------------------


def test_an_unreachable_shared_database_is_named_and_can_be_tried_again(
    gui: GuiDriver, qtbot: QtBot
) -> None:
    dialog = gui.start(UNREACHABLE_URL)
    gui.wait_until_settled()
    # The server was never reached, so it never asked for a password: no field for one.
    assert not dialog.db_password.isVisible()

    message = gui.try_sign_in("anna", DEMO_PASSWORD)

    assert "127.0.0.1:1" in message
    assert "try again" in message
    assert dialog.isVisible()
    assert gui.controller.window is None
    assert dialog.sign_in_button.isEnabled()
    busy: list[bool] = []
    gui.controller.tasks.busy_changed.connect(busy.append)
    with qtbot.waitSignal(gui.controller.tasks.busy_changed, check_params_cb=lambda b: not b):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert busy == [True, False]  # a second attempt was made …
    assert "127.0.0.1:1" in dialog.message.text()  # … and failed the same way
    assert dialog.isVisible()


def test_an_unreachable_database_is_reported_before_anyone_types(gui: GuiDriver) -> None:
    dialog = gui.start("postgresql://nobody:secret@127.0.0.1:1/x")

    gui.wait_until_settled()

    assert "127.0.0.1:1" in dialog.message.text()
    assert dialog.sign_in_button.isEnabled()


def test_a_database_from_a_newer_grensdesk_is_refused(
    database: Database, database_url: str, gui: GuiDriver
) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    dialog = gui.start(database_url)
    gui.wait_until_settled()
    if dialog.sign_in_button.isEnabled():  # a shared database opens only after its password
        gui.try_sign_in("anna", DEMO_PASSWORD)

    assert "newer version of GrensDesk" in dialog.message.text()
    assert "9999" in dialog.message.text()
    assert not dialog.sign_in_button.isEnabled()
    gui.try_sign_in("anna", DEMO_PASSWORD)
    assert gui.controller.window is None


def test_a_damaged_database_is_restored_from_the_last_backup(
    sqlite_url: str, gui: GuiDriver, message_boxes: MessageBoxRecorder
) -> None:
    path = sqlite_path(sqlite_url)
    backup = backup_sqlite(path, load_settings(cli_database_url=sqlite_url).backup_dir, "test")
    damage(path)
    message_boxes.answer = QMessageBox.StandardButton.Yes

    gui.start(sqlite_url)
    gui.wait_until_ready()

    [question] = message_boxes.of_kind("question")
    assert question.title == "Damaged database"
    assert f"Restore the last backup ({backup.name})?" in question.text
    assert len(list(path.parent.glob(f"{path.name}.damaged-*"))) == 1  # kept aside, not deleted
    window = gui.sign_in("anna", click=True)
    assert navigation_titles(window)[0] == _("Consultations")  # the restored data works


def test_after_restoring_the_dialog_says_where_the_damaged_file_is(
    sqlite_url: str, gui: GuiDriver, message_boxes: MessageBoxRecorder
) -> None:
    path = sqlite_path(sqlite_url)
    backup_sqlite(path, load_settings(cli_database_url=sqlite_url).backup_dir, "test")
    damage(path)

    dialog = gui.start(sqlite_url)
    gui.wait_until_ready()

    assert "The backup was restored" in dialog.message.text()


def test_a_damaged_database_stays_untouched_when_restoring_is_declined(
    sqlite_url: str, gui: GuiDriver, message_boxes: MessageBoxRecorder
) -> None:
    path = sqlite_path(sqlite_url)
    backup_sqlite(path, load_settings(cli_database_url=sqlite_url).backup_dir, "test")
    damage(path)
    damaged = path.read_bytes()
    message_boxes.answer = QMessageBox.StandardButton.No

    dialog = gui.start(sqlite_url)
    gui.wait_until_settled()

    assert len(message_boxes.of_kind("question")) == 1
    assert "damaged" in dialog.message.text()
    assert not dialog.sign_in_button.isEnabled()
    assert path.read_bytes() == damaged


def test_a_damaged_database_without_a_backup_says_so(
    sqlite_url: str, gui: GuiDriver, message_boxes: MessageBoxRecorder
) -> None:
    damage(sqlite_path(sqlite_url))

    dialog = gui.start(sqlite_url)
    gui.wait_until_settled()

    assert "There is no backup to restore." in dialog.message.text()
    assert not dialog.sign_in_button.isEnabled()
    assert message_boxes.calls == []
