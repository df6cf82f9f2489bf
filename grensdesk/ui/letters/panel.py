"""The open consultation's letters, and the button that writes a new one.

Enter or a double click on a letter reopens it: regenerated from its snapshot and checked
against its recorded hash, ready to print again.

Signals:
    letter_requested(): the Letter… button was pressed (the page checks the form is saved).
    letters_changed(int): the consultation whose letters were (re)loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from grensdesk.i18n import LANGUAGE_NAMES, _
from grensdesk.services.context import BORDER_ZONE
from grensdesk.services.letters import LetterSummary, list_letters
from grensdesk.ui.context import AppContext

if TYPE_CHECKING:
    from grensdesk.ui.letters.dialog import LetterDialog

SHORTCUT = "Ctrl+P"


class ConsultationLetters(QWidget):
    letter_requested = Signal()
    letters_changed = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.consultation_id: int | None = None
        self.letters: list[LetterSummary] = []
        self.dialog: LetterDialog | None = None
        self.heading = QLabel()
        self.letter_button = QPushButton()
        self.letter_button.setObjectName("new_letter")
        self.list = QListWidget()
        self.list.setObjectName("letters")
        self.list.setMaximumHeight(64)
        self.heading.setBuddy(self.list)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.heading, 1)
        row.addWidget(self.letter_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self.letter_button.clicked.connect(lambda: self.letter_requested.emit())
        self.list.itemActivated.connect(self._activated)
        self.show_for(None)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Le&tters to the citizen"))
        self.letter_button.setText(_("Letter… ({key})").format(key=SHORTCUT))
        self.letter_button.setToolTip(
            _("Preview, print or save an advice letter in the citizen's language")
        )
        self._fill()

    def show_for(self, consultation_id: int | None) -> None:
        """Follow the consultation open in the form (None: an unsaved one)."""
        self.consultation_id = consultation_id
        self.letter_button.setEnabled(consultation_id is not None)
        self.letters = []
        self._fill()
        if consultation_id is not None:
            self.reload()

    def reload(self) -> None:
        consultation_id = self.consultation_id
        if consultation_id is None:
            return
        sessions, actor = self.context.database.sessions, self.context.actor
        self.context.tasks.run(
            lambda: list_letters(sessions, actor, consultation_id),
            lambda letters: self._loaded(consultation_id, letters),
            owner=self,
        )

    def _loaded(self, consultation_id: int, letters: list[LetterSummary]) -> None:
        if consultation_id != self.consultation_id:
            return  # the adviser opened another consultation meanwhile
        self.letters = letters
        self._fill()
        self.letters_changed.emit(consultation_id)

    def _fill(self) -> None:
        self.list.clear()
        for letter in self.letters:
            when = letter.created_at.astimezone(BORDER_ZONE).strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(
                _("{reference} · {language} · {when} · {name}").format(
                    reference=letter.reference,
                    language=LANGUAGE_NAMES.get(letter.language, letter.language),
                    when=when,
                    name=letter.created_by_name,
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, letter.id)
            self.list.addItem(item)
        self.list.setVisible(bool(self.letters))

    def new_letter(self) -> None:
        # QtPdf is loaded with the first letter, not with the consultation screen at sign-in.
        from grensdesk.ui.letters.dialog import LetterDialog

        if self.consultation_id is None:
            return
        self._open(LetterDialog(self.context, self.consultation_id, parent=self))

    def _activated(self, item: QListWidgetItem) -> None:
        from grensdesk.ui.letters.dialog import LetterDialog

        letter_id = item.data(Qt.ItemDataRole.UserRole)
        letter = next((each for each in self.letters if each.id == letter_id), None)
        if letter is not None and self.consultation_id is not None:
            self._open(LetterDialog(self.context, self.consultation_id, letter, parent=self))

    def _open(self, dialog: LetterDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.letter_issued.connect(lambda _summary: self.reload())
        dialog.destroyed.connect(lambda *_args: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: LetterDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
