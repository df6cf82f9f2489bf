"""The rule comparisons attached to the open consultation: title and the exact version."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QWidget

from grensdesk.i18n import _
from grensdesk.services.knowledge import AttachedComparison

MAX_VISIBLE_ROWS = 3


class AttachedList(QListWidget):
    """Read-only; filled by the consultation page from ``list_attached``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attached_comparisons")
        # A long title loses its middle ("…", the tooltip has all of it) so that the version
        # stays readable; a horizontal scroll bar would hide the only row.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.attached: list[AttachedComparison] = []

    def show_attached(self, attached: list[AttachedComparison]) -> None:
        self.attached = attached
        self.clear()
        for item in attached:
            text = _("{title} (version {number})").format(
                title=item.row.title, number=item.row.number
            )
            self.addItem(text)
            self.item(self.count() - 1).setToolTip(text)
        rows = min(max(self.count(), 1), MAX_VISIBLE_ROWS)
        # From the font, not sizeHintForRow: that is unreliable while the row is hidden.
        row_height = self.fontMetrics().height() + 4
        self.setFixedHeight(rows * row_height + 2 * self.frameWidth() + 4)

    def retranslate_ui(self) -> None:
        self.show_attached(self.attached)
