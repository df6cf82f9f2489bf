"""The main window: language switching, remembered geometry, About, keyboard navigation."""

from __future__ import annotations

import gettext

import pytest
import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton, QTableView
from pytestqt.qtbot import QtBot

from grensdesk import i18n
from grensdesk.bootstrap import Database
from grensdesk.services.accounts import list_users
from grensdesk.services.context import Actor
from grensdesk.ui import preferences
from grensdesk.ui.main_window import MainWindow
from grensdesk.ui.pages import users_page
from tests.ui.gui_driver import GuiDriver, MessageBoxRecorder, hold


class PseudoGerman(gettext.NullTranslations):
    """Marks every message, so a test can see which texts were translated again."""

    def gettext(self, message: str) -> str:
        return f"[de] {message}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"[de] {singular if n == 1 else plural}"


def navigation_titles(window: MainWindow) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def table(window: MainWindow, name: str) -> QTableView:
    found = window.findChild(QTableView, name)
    assert found is not None, f"no table {name}"
    return found


# ---- language ------------------------------------------------------------------------------


def test_choosing_german_retranslates_the_window_and_is_remembered(
    database: Database, database_url: str, admin: Actor, gui: GuiDriver
) -> None:
    gui.start(database_url)
    window = gui.sign_in("beheer")  # his account says Dutch

    window.language_actions["de"].trigger()
    gui.wait_until_idle()  # the choice is saved in the background

    assert i18n.current_language() == "de"
    assert navigation_titles(window) != ["Knowledge base", "Offices", "Users"]
    assert navigation_titles(window) == [
        i18n.translate_in("de", "Knowledge base"),
        i18n.translate_in("de", "Offices"),
        i18n.translate_in("de", "Users"),
    ]
    assert window.language_actions["de"].isChecked()
    assert preferences.stored_language() == "de"
    [beheer] = [user for user in list_users(database.sessions, admin) if user.username == "beheer"]
    assert beheer.ui_language == "de"


def test_every_visible_text_is_translated_again_without_a_restart(
    sqlite_url: str, gui: GuiDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a catalog that marks every message, whatever the translators have done so far."""
    real_catalog = i18n.catalog
    monkeypatch.setattr(
        i18n, "catalog", lambda lang: PseudoGerman() if lang == "de" else real_catalog(lang)
    )
    gui.start(sqlite_url)
    window = gui.sign_in("beheer")
    for spec in window.specs:  # pages already built must be retranslated in place
        window.page(spec.key)
    gui.wait_until_idle()

    window.language_actions["de"].trigger()
    gui.wait_until_idle()

    titles = ["[de] Knowledge base", "[de] Offices", "[de] Users"]
    assert navigation_titles(window) == titles
    assert [action.text() for action in window.page_actions] == titles
    assert window.file_menu.title() == "[de] &File"
    assert window.windowTitle().startswith("[de] ")
    assert "[de] administrator" in window.user_label.text()
    add_user = window.page("users").findChild(QPushButton, "add_user")
    assert add_user is not None
    assert add_user.text() == "[de] &Add user…"
    offices = table(window, "offices").model()
    assert offices.headerData(0, Qt.Orientation.Horizontal) == "[de] Name"
    knowledge = window.page("knowledge").findChild(QPushButton, "show_all_comparisons")
    assert knowledge is not None
    assert knowledge.text() == "[de] Show e&verything"


# ---- window state --------------------------------------------------------------------------


def test_the_window_opens_again_at_the_size_it_was_closed(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("anna")
    window.resize(780, 560)
    qtbot.waitUntil(lambda: window.size() == QSize(780, 560))
    window.close()

    gui.start(sqlite_url)  # the next morning
    reopened = gui.sign_in("anna")

    assert reopened is not window
    assert reopened.size() == QSize(780, 560)


def test_signing_out_shows_the_sign_in_dialog_with_the_name_filled_in(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("anna")

    window.sign_out_action.trigger()

    qtbot.waitExposed(gui.dialog)
    assert not window.isVisible()
    assert gui.dialog.username.text() == "anna"
    assert gui.dialog.password.text() == ""
    window = gui.sign_in("anna")  # and signing in again works
    assert window.isVisible()


def test_signing_out_closes_the_database_connections(
    sqlite_url: str, gui: GuiDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("anna")
    database = window.context.database
    disposed: list[Database] = []
    dispose = Database.dispose

    def recording_dispose(self: Database) -> None:
        disposed.append(self)
        dispose(self)

    monkeypatch.setattr(Database, "dispose", recording_dispose)

    window.sign_out_action.trigger()
    gui.wait_until_idle()

    assert any(closed is database for closed in disposed)


def test_signing_out_while_a_page_still_loads_is_harmless(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("beheer")
    users_loaded = hold(monkeypatch, users_page, "list_users")
    qtbot.keyClick(window.navigation, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)

    window.sign_out_action.trigger()  # before the accounts arrived
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))
    users_loaded.set()

    gui.wait_until_idle()  # pytest-qt fails the test if the late callback raises
    assert gui.dialog.isVisible()


# ---- help and keyboard ---------------------------------------------------------------------


def test_about_names_the_application(
    sqlite_url: str, gui: GuiDriver, message_boxes: MessageBoxRecorder
) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("anna")

    window.about_action.trigger()

    [about] = message_boxes.of_kind("about")
    assert "GrensDesk" in about.title
    assert "GrensDesk" in about.text


def test_ctrl_number_goes_to_that_page(sqlite_url: str, gui: GuiDriver, qtbot: QtBot) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("beheer")
    assert window.stack.currentWidget() is window.page("knowledge")

    qtbot.keyClick(window.navigation, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)

    assert window.navigation.currentRow() == 2
    assert window.stack.currentWidget() is window.page("users")
    gui.wait_until_idle()
    assert table(window, "users").model().rowCount() > 0  # its accounts are loaded
    qtbot.keyClick(window.navigation, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.page("offices")


def test_an_adviser_has_no_fifth_page_to_go_to(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("anna")

    qtbot.keyClick(window.navigation, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)

    assert window.navigation.currentRow() == 0
    assert not window.has_page("users")


def test_a_page_is_built_when_it_is_first_shown(sqlite_url: str, gui: GuiDriver) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("beheer")
    assert set(window.pages) == {window.specs[0].key}

    window.show_row(2)
    gui.wait_until_idle()

    assert window.stack.currentWidget() is window.page("users")
    assert window.page("users").findChild(QPushButton, "add_user") is not None
    assert len(window.pages) == 2
    assert window.stack.count() == len(window.specs)
