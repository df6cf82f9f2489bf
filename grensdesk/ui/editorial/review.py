"""The review panel: a version as advisers will see it, and what changed against the
published one; the reviewer publishes it or sends it back with a comment.

The buttons' meaning and state are decided by the page, which knows who is signed in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.ui.consultation.choices import LANGUAGE_LABELS
from grensdesk.ui.editorial.diff_view import DiffView
from grensdesk.ui.knowledge.view import ComparisonView

NOTE_STYLE = "background: #e8f0fa; color: #1f3d63; padding: 4px 6px; border-radius: 3px;"


def _button(name: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    return button


class ReviewPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox()
        self.language.setObjectName("review_language")
        self._language_label = QLabel()
        self._language_label.setBuddy(self.language)
        self.view = ComparisonView()
        self.diff_caption = QLabel()
        self.diff_caption.setObjectName("diff_caption")
        self.diff_caption.setTextFormat(Qt.TextFormat.PlainText)
        self.diff_caption.setStyleSheet("font-weight: bold;")
        self.diff = DiffView()
        self.note = QLabel()
        self.note.setObjectName("review_note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet(NOTE_STYLE)
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("send_back_comment")
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(60)
        self._comment_label = QLabel()
        self._comment_label.setBuddy(self.comment)
        self.publish_button = _button("publish")
        self.send_back_button = _button("send_back")
        self.new_version_button = _button("new_version")
        self.retire_button = _button("retire")

        top = QHBoxLayout()
        top.addWidget(self._language_label)
        top.addWidget(self.language)
        top.addStretch(1)
        diff_box = QWidget()
        diff_layout = QVBoxLayout(diff_box)
        diff_layout.setContentsMargins(0, 0, 0, 0)
        diff_layout.addWidget(self.diff_caption)
        diff_layout.addWidget(self.diff, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(diff_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        comment_row = QHBoxLayout()
        comment_row.addWidget(self._comment_label, 0, Qt.AlignmentFlag.AlignTop)
        comment_row.addWidget(self.comment, 1)
        buttons = QHBoxLayout()
        for button in (self.publish_button, self.send_back_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.new_version_button, self.retire_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.note)
        layout.addLayout(comment_row)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current_language())))

    def retranslate_ui(self) -> None:
        self._language_label.setText(_("Te&xts in:"))
        chosen = self.language.currentData()
        self.language.blockSignals(True)
        self.language.clear()
        for code, label in LANGUAGE_LABELS.items():
            self.language.addItem(_(label), code)
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.language.blockSignals(False)
        self._comment_label.setText(_("Co&mment:"))
        self.comment.setPlaceholderText(
            _("Why it goes back to the author (shown to them in the editor)")
        )
        self.publish_button.setText(_("&Publish"))
        self.publish_button.setToolTip(_("Publish this version for all advisers (Ctrl+Shift+P)"))
        self.send_back_button.setText(_("Send &back to the author"))
        self.new_version_button.setText(_("New &version"))
        self.new_version_button.setToolTip(
            _("Start a draft from this published version (Ctrl+Shift+N)")
        )
        self.retire_button.setText(_("Re&tire…"))
        self.retire_button.setToolTip(_("Take this comparison out of search and the finder"))
        self.view.retranslate_ui()
        self.diff.retranslate_ui()

    def content_language(self) -> str:
        return str(self.language.currentData() or i18n.current_language())
