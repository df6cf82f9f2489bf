from __future__ import annotations
from pytestqt.qtbot import QtBot
from gui_driver import GuiDriver

def test_smoke(database_url: str, gui: GuiDriver, qtbot: QtBot) -> None:
    gui.start(database_url)
    window = gui.sign_in("beheer")
    print([window.navigation.item(i).text() for i in range(window.navigation.count())])
    print(window.user_label.text(), "|", window.office_label.text(), "|", window.database_label.text())
