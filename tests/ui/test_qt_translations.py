"""Qt's own texts (standard buttons) follow the UI language too."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from grensdesk.ui.app import apply_language


@pytest.mark.parametrize(
    ("language", "close"), [("de", "Schließen"), ("fr", "Fermer"), ("nl", "Sluiten")]
)
def test_standard_buttons_are_translated(qtbot: QtBot, language: str, close: str) -> None:
    apply_language(language)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(buttons)
    button = buttons.button(QDialogButtonBox.StandardButton.Close)
    assert button.text().replace("&", "") == close
