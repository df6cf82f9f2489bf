from __future__ import annotations
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

def test_warn(qtbot: QtBot) -> None:
    d = QDialog(); qtbot.addWidget(d); d.show(); qtbot.waitExposed(d)
    assert False
