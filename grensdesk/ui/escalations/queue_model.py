"""The queue as a table: overdue first, and a late case is said in words as well as colour."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from grensdesk.i18n import N_, _
from grensdesk.services.escalations import EscalationSummary
from grensdesk.ui.escalations.labels import OPEN_STATUSES, due_text, status_label, urgency_label

Index = QModelIndex | QPersistentModelIndex

OVERDUE_BACKGROUND: Final = QColor("#fbe3e4")
OVERDUE_TEXT: Final = QColor("#9b1c1c")
DUE_SOON_BACKGROUND: Final = QColor("#fff3cd")
DUE_SOON_TEXT: Final = QColor("#7a4b00")

COLUMNS: Final[tuple[tuple[str, Callable[[EscalationSummary], str]], ...]] = (
    (N_("Status"), lambda row: status_label(row.status)),
    (N_("Topic"), lambda row: row.topic_name),
    (N_("Urgency"), lambda row: urgency_label(row.urgency)),
    (N_("Office"), lambda row: row.office_name),
    (N_("Due"), lambda row: _due_cell(row)),
    (N_("Assignee"), lambda row: row.assignee_name or _("(nobody yet)")),
)
OFFICE_COLUMN: Final = 3
DUE_COLUMN: Final = 4
# At the GIP desk every row is the desk's own office: who answers is what matters there.
ADVISER_OFFICE_COLUMN: Final[tuple[str, Callable[[EscalationSummary], str]]] = (
    N_("Back office"),
    lambda row: row.answering_office_name or _("(any in the field)"),
)


def _due_cell(row: EscalationSummary) -> str:
    text = due_text(row)
    if row.status in OPEN_STATUSES and row.status != "waiting":
        if row.is_overdue:
            return f"⚠ {text}"
        if row.due_soon:
            return f"⏰ {text}"
    return text


def is_overdue(row: EscalationSummary) -> bool:
    return row.is_overdue and row.status in OPEN_STATUSES and row.status != "waiting"


def is_due_soon(row: EscalationSummary) -> bool:
    return row.due_soon and not row.is_overdue and row.status in OPEN_STATUSES


class QueueModel(QAbstractTableModel):
    """Rows are ``EscalationSummary``; ``unseen`` rows (changed by others) are bold."""

    def __init__(self, front_office: bool = False) -> None:
        super().__init__()
        self.columns = list(COLUMNS)
        if front_office:
            self.columns[OFFICE_COLUMN] = ADVISER_OFFICE_COLUMN
        self.rows: list[EscalationSummary] = []
        self.unseen: set[int] = set()

    def set_rows(self, rows: Sequence[EscalationSummary]) -> None:
        self.beginResetModel()
        # Overdue first, then due soon; within those the service's order (by deadline).
        self.rows = sorted(rows, key=lambda row: (not is_overdue(row), not is_due_soon(row)))
        self.endResetModel()

    def row_of(self, escalation_id: int) -> int:
        return next((n for n, row in enumerate(self.rows) if row.id == escalation_id), -1)

    def set_unseen(self, unseen: set[int]) -> None:
        self.unseen = set(unseen)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1)
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.columns[index.column()][1](row)
            is_status = role == Qt.ItemDataRole.DisplayRole and index.column() == 0
            if is_status and row.id in self.unseen:
                return _("● {status}").format(status=text)
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            if is_overdue(row):
                return QBrush(OVERDUE_BACKGROUND)
            if is_due_soon(row):
                return QBrush(DUE_SOON_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == DUE_COLUMN:
            if is_overdue(row):
                return QBrush(OVERDUE_TEXT)
            if is_due_soon(row):
                return QBrush(DUE_SOON_TEXT)
        if role == Qt.ItemDataRole.FontRole and (
            row.id in self.unseen or (index.column() == DUE_COLUMN and is_overdue(row))
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return " ".join(value(row) for _header, value in self.columns)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section][0])
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1)
            )
