"""A small bar chart drawn with QPainter (QtCharts is not part of PySide6-Essentials).

Two shapes: a twelve-month trend (vertical bars, the report's month highlighted) and a
breakdown of one month (horizontal bars, largest first). Withheld values ("<5") and
months without a value are drawn as gaps, never as zero-height bars that look like 0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

ACCENT: Final = QColor(0, 74, 135)
LIGHT: Final = QColor(140, 178, 217)
MARGIN: Final = 6
WITHHELD: Final = "<5"


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: list[str] = []
        self.values: list[float | None] = []
        self.withheld: set[int] = set()  # bars withheld as "<5" (external reports)
        self.vertical = True
        self.title = ""
        self.value_text: Callable[[float], str] = lambda value: f"{value:g}"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(150)

    def sizeHint(self) -> QSize:
        return QSize(480, 180 if self.vertical else 22 * max(3, len(self.names)) + 24)

    def show_trend(
        self,
        title: str,
        months: Sequence[str],
        values: Sequence[float | None],
        value_text: Callable[[float], str],
        withheld: set[int] | None = None,
    ) -> None:
        self.title, self.names, self.values = title, list(months), list(values)
        self.vertical, self.value_text = True, value_text
        self.withheld = withheld or set()
        self.setMinimumHeight(170)
        self.updateGeometry()
        self.update()

    def show_breakdown(
        self,
        title: str,
        names: Sequence[str],
        values: Sequence[float | None],
        value_text: Callable[[float], str],
    ) -> None:
        self.title, self.names, self.values = title, list(names), list(values)
        self.vertical, self.value_text = False, value_text
        self.withheld = set()
        self.setMinimumHeight(22 * max(3, len(names)) + 28)
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.names, self.values, self.title = [], [], ""
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        if not self.names:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text_color)
        metrics = painter.fontMetrics()
        painter.drawText(MARGIN, MARGIN + metrics.ascent(), self.title)
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN + metrics.height() + 4, -MARGIN, -MARGIN)
        largest = max((value for value in self.values if value is not None), default=0) or 1
        if self.vertical:
            self._vertical(painter, area, largest, text_color)
        else:
            self._horizontal(painter, area, largest, text_color)
        painter.end()

    def _vertical(self, painter: QPainter, area: QRectF, largest: float, text: QColor) -> None:
        metrics = painter.fontMetrics()
        label_height = metrics.height() + 2
        plot = area.adjusted(0, metrics.height(), 0, -label_height)
        slot = plot.width() / len(self.values)
        for number, (name, value) in enumerate(zip(self.names, self.values, strict=True)):
            left = plot.left() + number * slot
            painter.setPen(text)
            painter.drawText(
                QRectF(left, plot.bottom() + 2, slot, label_height),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                name,
            )
            if value is None:
                if number in self.withheld:
                    painter.drawText(
                        QRectF(left, plot.bottom() - metrics.height(), slot, metrics.height()),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        WITHHELD,
                    )
                continue
            height = plot.height() * value / largest
            bar = QRectF(left + slot * 0.15, plot.bottom() - height, slot * 0.7, height)
            last = number == len(self.values) - 1
            painter.fillRect(bar, ACCENT if last else LIGHT)
            painter.drawText(
                QRectF(left, bar.top() - metrics.height(), slot, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                self.value_text(value),
            )

    def _horizontal(self, painter: QPainter, area: QRectF, largest: float, text: QColor) -> None:
        metrics = painter.fontMetrics()
        label_width = min(
            area.width() * 0.4, max(metrics.horizontalAdvance(n) for n in self.names) + 8
        )
        line = min(22.0, area.height() / max(1, len(self.names)))
        value_width = metrics.horizontalAdvance("0000000") + 6
        room = max(10.0, area.width() - label_width - value_width)
        for number, (name, value) in enumerate(zip(self.names, self.values, strict=True)):
            top = area.top() + number * line
            painter.setPen(text)
            painter.drawText(
                QRectF(area.left(), top, label_width - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(label_width - 6)),
            )
            if value is None:
                continue
            width = room * value / largest
            bar = QRectF(area.left() + label_width, top + line * 0.18, width, line * 0.64)
            painter.fillRect(bar, ACCENT)
            painter.drawText(
                QRectF(bar.right() + 4, top, value_width, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.value_text(value),
            )
