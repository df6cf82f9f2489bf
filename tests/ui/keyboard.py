"""Typing any text, not only ASCII, into a widget the way a keyboard does.

``qtbot.keyClicks`` (QTest) maps each character to an ASCII key code: a character
like ``Ł`` trips a Qt assertion in ``qasciikey.cpp`` and aborts the whole test
process. A real keyboard (or input method) delivers the character as the *text* of a
key event, so that is what :func:`type_text` sends.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def _key_for(character: str) -> Qt.Key:
    """Qt's key code for a character (its upper-case code point), or Key_unknown."""
    try:
        return Qt.Key(ord(character.upper()[0]))
    except ValueError:
        return Qt.Key.Key_unknown


def type_text(widget: QWidget, text: str) -> None:
    """Send one key press and release per character, each carrying the character."""
    for character in text:
        key = _key_for(character)
        modifiers = (
            Qt.KeyboardModifier.ShiftModifier
            if character.isupper()
            else Qt.KeyboardModifier.NoModifier
        )
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, modifiers, character)
            QApplication.sendEvent(widget, event)
