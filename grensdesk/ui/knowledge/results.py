"""The result list: one item per comparison, drawn as two lines of (escaped) rich text."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from grensdesk.services.knowledge import ComparisonRow

HTML_ROLE: Final = Qt.ItemDataRole.UserRole + 1
VERSION_ROLE: Final = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class RichTextDelegate(QStyledItemDelegate):
    """Paints an item's ``HTML_ROLE`` text; the display text stays plain for screen readers."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(4)
        document.setHtml(str(index.data(HTML_ROLE) or ""))
        width = option.rect.width()
        document.setTextWidth(width if width > 0 else 360)
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        style.drawControl(
            QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget
        )
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()))


class ResultList(QListWidget):
    """Comparisons found; Enter or a click shows one, the first is shown at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knowledge_results")
        self.setItemDelegate(RichTextDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setSpacing(1)

    def show_rows(
        self, rows: list[tuple[ComparisonRow, str, str]], keep: int | None = None
    ) -> None:
        """(row, plain text, rich text) per result, best first.

        The version ``keep`` stays current if it is still listed, else the first row.
        """
        self.blockSignals(True)
        self.clear()
        for row, plain, rich in rows:
            item = QListWidgetItem(plain)
            item.setData(HTML_ROLE, rich)
            item.setData(VERSION_ROLE, row.version_id)
            item.setToolTip(plain)
            self.addItem(item)
        current = next((i for i, entry in enumerate(rows) if entry[0].version_id == keep), 0)
        self.setCurrentRow(current if rows else -1)
        self.blockSignals(False)
        self.currentRowChanged.emit(self.currentRow())

    def version_id(self, row: int) -> int | None:
        item = self.item(row)
        return None if item is None else int(item.data(VERSION_ROLE))

    def rich_text(self, row: int) -> str:
        item = self.item(row)
        return "" if item is None else str(item.data(HTML_ROLE))
