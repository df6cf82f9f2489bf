"""A short message with an action (ask back, note, answer, return, reassign, reply, close).

The dialog stays open while the page saves: on a refusal or a lost connection it shows
why, inline, and everything typed is still there.

Signals:
    submitted(): the person pressed Send (Ctrl+Enter) with acceptable input.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from grensdesk.i18n import _

ERROR_STYLE: Final = "color: #b00020;"


def is_ctrl_enter(event: QEvent) -> bool:
    """Ctrl+Enter (or Ctrl+Return) pressed: a dialog's text boxes send with it."""
    return (
        event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    )


class ActionDialog(QDialog):
    submitted = Signal()

    def __init__(
        self,
        title: str,
        prompt: str,
        send_label: str,
        *,
        text_required: bool = True,
        extra: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("escalation_action_dialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self.text_required = text_required
        self.extra = extra
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("action_text")
        self.text.setTabChangesFocus(True)
        self.prompt.setBuddy(self.text)
        self.error = QLabel()
        self.error.setObjectName("action_error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.send_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.send_button.setText(send_label)
        self.send_button.setToolTip(_("Send (Ctrl+Enter)"))
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.send)
        # Inside a text box Ctrl+Enter sends too, even where the shortcut does not reach
        # (a window manager that has not activated the dialog yet).
        for text_box in (self.text,):
            text_box.installEventFilter(self)
        column = QVBoxLayout(self)
        column.addWidget(self.prompt)
        column.addWidget(self.text, 1)
        if extra is not None:
            column.addWidget(extra, 2)
        column.addWidget(self.error)
        column.addWidget(self.buttons)
        self.resize(560, 420 if extra is not None else 300)
        self.text.setFocus()

    def message_text(self) -> str:
        return self.text.toPlainText().strip()

    def send(self) -> None:
        if not self.send_button.isEnabled():
            return  # already saving
        if self.text_required and not self.message_text():
            self.show_error(_("Write a message first."))
            self.text.setFocus()
            return
        self.error.hide()
        self.submitted.emit()

    def set_busy(self, busy: bool) -> None:
        self.send_button.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if is_ctrl_enter(event):
            self.send()
            return True
        return super().eventFilter(watched, event)
