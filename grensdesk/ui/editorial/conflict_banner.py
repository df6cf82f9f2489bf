"""The box shown when someone else saved a draft meanwhile: who, what differs, two ways on.

Signals: none; the page connects to its two buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.knowledge import VersionDiff
from grensdesk.services.knowledge_review_queue import EditableVersion
from grensdesk.ui.editorial.diff_view import DiffView


def _button(name: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    return button


class ConflictBanner(QWidget):
    """Someone saved the draft meanwhile: who, what differs, and the two ways on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_banner")
        self.text = QLabel()
        self.text.setObjectName("conflict_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setStyleSheet("background: #fff4ce; color: #5c4400; padding: 4px 6px;")
        self.diff = DiffView()
        self.diff.setObjectName("conflict_diff")
        self.diff.setMaximumHeight(160)
        self.keep_mine = _button("save_mine")
        self.take_theirs = _button("load_theirs")
        self.theirs: EditableVersion | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.take_theirs)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.diff)
        layout.addLayout(buttons)
        self.hide()

    def retranslate_ui(self) -> None:
        self.keep_mine.setText(_("Save &mine over theirs"))
        self.take_theirs.setText(_("Load the&ir version (drops what I typed)"))
        self.diff.retranslate_ui()
        self._describe()

    def show_conflict(self, theirs: EditableVersion, diff: VersionDiff) -> None:
        self.theirs = theirs
        self.diff.show_diff(diff)
        self._describe()
        self.show()

    def _describe(self) -> None:
        theirs = self.theirs
        if theirs is None:
            return
        change = theirs.last_change
        if change is None:
            who = _("{name} changed this draft while you were editing it.").format(
                name=theirs.author_name or "?"
            )
        else:
            who = _("{name} saved this draft on {moment} while you were editing it.").format(
                name=change.changed_by,
                moment=i18n.format_datetime(change.changed_at.astimezone(), style="short"),
            )
        self.text.setText(
            who
            + " "
            + _("What you typed is still in the form. Below: their version (−) against yours (+).")
        )

    def clear(self) -> None:
        self.theirs = None
        self.hide()
