"""The sources of a version: a title and a web address per row, added and removed by key.

Signals:
    changed(): a row was typed in, added or removed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from grensdesk.i18n import _
from grensdesk.services.knowledge import Source


class SourcesEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("sources_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as in the rest of the form
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(True)
        self.table.setMinimumHeight(90)
        self.table.setMaximumHeight(150)
        self.add_button = QPushButton()
        self.add_button.setObjectName("add_source")
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("remove_source")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self._delete = QShortcut(QKeySequence("Ctrl+Delete"), self.table, self.remove_current)
        self._delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._insert = QShortcut(QKeySequence("Ctrl+Insert"), self.table, lambda: self.add_row())
        self._insert.setContext(Qt.ShortcutContext.WidgetShortcut)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Title"), _("Web address (https://…)")])
        self.add_button.setText(_("Add source"))
        self.add_button.setToolTip(_("Add a row for a source (Ctrl+Insert)"))
        self.remove_button.setText(_("Remove source"))
        self.remove_button.setToolTip(_("Remove the chosen source (Ctrl+Delete)"))

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)

    def set_sources(self, sources: tuple[Source, ...]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for source in sources:
            self._append(source.title, source.url)
        self.table.blockSignals(False)

    def sources(self) -> tuple[Source, ...]:
        """Every row that has something in it; a half-filled row is kept, to be reported."""
        found = []
        for row in range(self.table.rowCount()):
            title, url = (self._text(row, column) for column in (0, 1))
            if title or url:
                found.append(Source(title, url))
        return tuple(found)

    def add_row(self, title: str = "", url: str = "") -> None:
        self.table.blockSignals(True)
        self._append(title, url)
        self.table.blockSignals(False)
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0 or not self.add_button.isEnabled():
            return
        self.table.removeRow(row)
        self.changed.emit()

    def _append(self, title: str, url: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(title))
        self.table.setItem(row, 1, QTableWidgetItem(url))

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""
