"""All versions of a comparison, who wrote and who published them, and the diff of any two.

Signals:
    compare_requested(int, int): show the diff from the first version id to the second.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.knowledge import VersionSummary
from grensdesk.ui.editorial.diff_view import DiffView
from grensdesk.ui.editorial.labels import state_label


def _moment(value: object) -> str:
    if isinstance(value, dt.datetime):
        return i18n.format_datetime(value.astimezone(), style="short")
    return ""


class HistoryPanel(QWidget):
    compare_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.versions: list[VersionSummary] = []
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("history_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (0, 1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):  # the names share what is left; long ones are elided
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.old = QComboBox()
        self.old.setObjectName("history_old")
        self.new = QComboBox()
        self.new.setObjectName("history_new")
        for combo in (self.old, self.new):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._old_label = QLabel()
        self._old_label.setBuddy(self.old)
        self._new_label = QLabel()
        self._new_label.setBuddy(self.new)
        self.diff = DiffView()
        self.diff.setObjectName("history_diff")

        choose = QHBoxLayout()
        for widget in (self._old_label, self.old, self._new_label, self.new):
            choose.addWidget(widget)
        choose.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(choose)
        lower_layout.addWidget(self.diff, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.old.currentIndexChanged.connect(lambda _index: self._compare())
        self.new.currentIndexChanged.connect(lambda _index: self._compare())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [_("Version"), _("Status"), _("Written by"), _("Published by"), _("Valid")]
        )
        self._old_label.setText(_("Compare &version"))
        self._new_label.setText(_("w&ith"))
        self._fill()
        self.diff.retranslate_ui()

    def show_versions(self, versions: list[VersionSummary]) -> None:
        """Newest first; the diff starts as "the one before the newest → the newest"."""
        self.versions = versions
        self._fill(default=True)
        self._compare()

    def _fill(self, default: bool = False) -> None:
        self.table.setRowCount(len(self.versions))
        for row, version in enumerate(self.versions):
            published = (
                _("{name}, {moment}").format(
                    name=version.reviewer_name, moment=_moment(version.published_at)
                )
                if version.published_at is not None
                else ""
            )
            valid = i18n.format_date(version.valid_from, style="medium")
            if version.valid_to is not None:
                valid = f"{valid} – {i18n.format_date(version.valid_to, style='medium')}"
            cells = (
                str(version.number),
                state_label(version.state),
                _("{name}, {moment}").format(
                    name=version.author_name, moment=_moment(version.created_at)
                ),
                published,
                valid,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        for combo, fallback in ((self.old, 1), (self.new, 0)):
            chosen = None if default else combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for version in self.versions:
                combo.addItem(
                    _("{number} ({state})").format(
                        number=version.number, state=state_label(version.state)
                    ),
                    version.version_id,
                )
            index = combo.findData(chosen) if chosen is not None else -1
            if index < 0:
                index = min(fallback, len(self.versions) - 1)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def _compare(self) -> None:
        old, new = self.old.currentData(), self.new.currentData()
        if old is None or new is None:
            self.diff.show_diff(None, _("Choose two versions to compare."))
            return
        if old == new:
            self.diff.show_diff(
                None,
                _("Choose two different versions.")
                if len(self.versions) > 1
                else _("Only one version: nothing to compare yet."),
            )
            return
        self.compare_requested.emit(int(old), int(new))
