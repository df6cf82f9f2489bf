"""Administration › Users: adding an account, with every mistake explained next to its field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from grensdesk.bootstrap import Database
from grensdesk.i18n import _
from grensdesk.services.accounts import authenticate
from grensdesk.ui.main_window import MainWindow
from grensdesk.ui.pages import add_user_dialog
from grensdesk.ui.pages.add_user_dialog import AddUserDialog
from grensdesk.ui.pages.users_page import UsersPage
from tests.ui.gui_driver import GuiDriver, hold
from tests.ui.keyboard import type_text

FIELDS_WITH_ERRORS = ("username", "full_name", "roles", "password", "repeat")


def open_users_page(gui: GuiDriver, window: MainWindow) -> UsersPage:
    """Click "Users" in the navigation list and wait for the accounts."""
    navigation = window.navigation
    [item] = navigation.findItems(_("Users"), Qt.MatchFlag.MatchExactly)
    rect = navigation.visualItemRect(item)
    gui.qtbot.mouseClick(navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.stack.currentWidget()
    assert isinstance(page, UsersPage)
    gui.wait_until_idle()
    return page


def open_add_user_dialog(gui: GuiDriver, page: UsersPage) -> AddUserDialog:
    button = page.findChild(QPushButton, "add_user")
    assert button is not None
    gui.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    [dialog] = page.findChildren(AddUserDialog)
    gui.qtbot.waitExposed(dialog)
    gui.wait_until_idle()  # offices and expert fields are loaded
    return dialog


def column(table: QAbstractItemView, header: str) -> list[str]:
    """The texts in the column titled ``header`` (in the current UI language)."""
    model = table.model()
    titles = [
        model.headerData(number, Qt.Orientation.Horizontal) for number in range(model.columnCount())
    ]
    number = titles.index(_(header))
    return [model.index(row, number).data() for row in range(model.rowCount())]


def shown_errors(dialog: AddUserDialog) -> dict[str, str]:
    """The error labels next to the fields that are visible, by field."""
    shown = {}
    for field in FIELDS_WITH_ERRORS:
        label = dialog.findChild(QLabel, f"error_{field}")
        assert label is not None, f"no error label for {field}"
        if label.isVisible():
            shown[field] = label.text()
    return shown


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its indicator, at its left edge."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def click_save(gui: GuiDriver, dialog: AddUserDialog) -> None:
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    gui.qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    gui.wait_until_idle()


def type_bad_input(qtbot: QtBot, dialog: AddUserDialog) -> None:
    """A space in the user name, no full name, no role, a short password."""
    qtbot.keyClicks(dialog.username, "X y")
    qtbot.keyClicks(dialog.email, "x.y@example.org")
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.repeat, "short")


# ---- mistakes ------------------------------------------------------------------------------


def test_each_mistake_is_explained_next_to_its_field_and_nothing_typed_is_lost(
    database_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(database_url)
    page = open_users_page(gui, gui.sign_in("beheer"))
    dialog = open_add_user_dialog(gui, page)
    type_bad_input(qtbot, dialog)

    click_save(gui, dialog)
    assert shown_errors(dialog).get("username")
    assert dialog.username.text() == "X y"
    assert dialog.email.text() == "x.y@example.org"
    assert dialog.password.text() == "short"

    gui.type_into(dialog.username, "lwisniewski")
    click_save(gui, dialog)
    assert "username" not in shown_errors(dialog)
    assert shown_errors(dialog).get("full_name")

    qtbot.mouseClick(dialog.full_name, Qt.MouseButton.LeftButton)
    type_text(dialog.full_name, "Łukasz Wiśniewski")
    click_save(gui, dialog)
    assert shown_errors(dialog).get("roles")

    tick(qtbot, dialog.role_boxes["adviser"])
    click_save(gui, dialog)
    assert shown_errors(dialog).get("password")

    gui.type_into(dialog.password, "grenzenlos-2026")
    gui.type_into(dialog.repeat, "grenzenlos-2025")
    click_save(gui, dialog)
    assert shown_errors(dialog).get("repeat")

    assert dialog.isVisible()  # nothing was saved, and everything typed is still there
    assert dialog.username.text() == "lwisniewski"
    assert dialog.full_name.text() == "Łukasz Wiśniewski"
    assert dialog.email.text() == "x.y@example.org"
    assert dialog.role_boxes["adviser"].isChecked()
    assert "lwisniewski" not in column(page.table, "User name")


def test_all_mistakes_are_shown_at_once(sqlite_url: str, gui: GuiDriver, qtbot: QtBot) -> None:
    gui.start(sqlite_url)
    dialog = open_add_user_dialog(gui, open_users_page(gui, gui.sign_in("beheer")))
    type_bad_input(qtbot, dialog)

    click_save(gui, dialog)

    assert set(shown_errors(dialog)) >= {"username", "full_name", "roles", "password"}


def test_closing_the_dialog_before_its_lists_have_loaded_is_harmless(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui.start(sqlite_url)
    page = open_users_page(gui, gui.sign_in("beheer"))
    offices_loaded = hold(monkeypatch, add_user_dialog, "list_offices")
    button = page.findChild(QPushButton, "add_user")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    [dialog] = page.findChildren(AddUserDialog)

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # changed my mind, before the offices arrived
    qtbot.waitUntil(lambda: not page.findChildren(AddUserDialog))
    offices_loaded.set()

    gui.wait_until_idle()  # pytest-qt fails the test if the late callback raises


# ---- success -------------------------------------------------------------------------------


def test_a_new_user_appears_in_the_table_and_can_sign_in(
    database: Database, database_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(database_url)
    page = open_users_page(gui, gui.sign_in("beheer"))
    accounts_before = page.table.model().rowCount()
    dialog = open_add_user_dialog(gui, page)
    qtbot.keyClicks(dialog.username, "lwisniewski")
    qtbot.mouseClick(dialog.full_name, Qt.MouseButton.LeftButton)
    type_text(dialog.full_name, "Łukasz Wiśniewski")
    tick(qtbot, dialog.role_boxes["adviser"])
    qtbot.keyClicks(dialog.password, "grenzenlos-2026")
    qtbot.keyClicks(dialog.repeat, "grenzenlos-2026")

    click_save(gui, dialog)

    qtbot.waitUntil(lambda: not page.findChildren(AddUserDialog))  # closed and gone
    assert page.table.model().rowCount() == accounts_before + 1
    assert "lwisniewski" in column(page.table, "User name")
    assert "Łukasz Wiśniewski" in column(page.table, "Name")
    actor = authenticate(database.sessions, "lwisniewski", "grenzenlos-2026")
    assert actor.full_name == "Łukasz Wiśniewski"
    assert actor.roles == frozenset({"adviser"})
    assert actor.office_code == "SVB"  # the administrator's own office is the default
