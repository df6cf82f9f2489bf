"""A monthly report as a PDF: tables and charts in the coordinator's language.

Each table shows the month beside the previous month and the same month last year; the
overview and the escalations get a twelve-month trend chart, the breakdowns a bar chart
of the month. Numbers are formatted by Babel for the reader's locale; pages are numbered
"page n of m". Every text from the database is escaped before it becomes a paragraph.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from typing import Any, Final
from xml.sax.saxutils import escape

from babel.numbers import format_decimal
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from grensdesk.i18n import N_
from grensdesk.services.pdf_base import NumberedCanvas, register_font
from grensdesk.services.report_labels import SUPPRESSED, Labels
from grensdesk.services.report_months import CURRENT, LAST_YEAR, PREVIOUS
from grensdesk.services.report_types import MonthlyReport, ReportTable

FONT: Final = "GrensDeskReport"
FONT_BOLD: Final = "GrensDeskReport-Bold"
ACCENT: Final = colors.Color(0.0, 0.29, 0.53)
LIGHT: Final = colors.Color(0.55, 0.7, 0.85)
RULE: Final = colors.Color(0.8, 0.8, 0.8)
GREY: Final = colors.Color(0.35, 0.35, 0.35)
CONTENT_WIDTH: Final = A4[0] - 36 * mm
# Bar charts show at most this many categories (the largest of the month).
MAX_BARS: Final = 10
TREND_TABLES: Final = {"overview": "consultations", "escalations": "escalations_opened"}


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    register_font(FONT)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=10, leading=14, textColor=GREY
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            textColor=ACCENT,
        ),
        "note": ParagraphStyle(
            "note",
            parent=body,
            backColor=colors.Color(0.93, 0.95, 0.98),
            borderPadding=5,
            spaceBefore=6,
            spaceAfter=6,
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
    }


def report_pdf(report: MonthlyReport, language: str) -> bytes:
    labels = Labels(report, language)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=labels(N_("Monthly activity report")) + " " + report.month,
        author="GrensDesk",
        subject=labels.scope(),
    )
    document.build(
        _story(report, labels), canvasmaker=functools.partial(_NumberedCanvas, labels=labels)
    )
    return buffer.getvalue()


def _story(report: MonthlyReport, labels: Labels) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = [
        Paragraph(escape(labels(N_("Monthly activity report"))), styles["title"]),
        Paragraph(
            escape(f"{labels.month_name(report.month)} · {labels.scope()}"), styles["subtitle"]
        ),
        Spacer(0, 3 * mm),
    ]
    if report.external:
        story.append(
            Paragraph(
                escape(
                    labels(
                        N_(
                            "External version: counts from 1 to 4 are shown as <5, and where "
                            "a total would give them away a second figure is withheld as well."
                        )
                    )
                ),
                styles["note"],
            )
        )
    if not report.has_data:
        story.append(
            Paragraph(
                escape(labels(N_("There was no activity in this month for these offices."))),
                styles["note"],
            )
        )
    for table in report.tables:
        story.extend(_section(table, labels))
    return story


def _section(table: ReportTable, labels: Labels) -> list[Flowable]:
    styles = _styles()
    heading = Paragraph(escape(labels.table_title(table.key)), styles["heading"])
    if not table.available:
        return [
            KeepTogether(
                [
                    heading,
                    Paragraph(
                        escape(labels(N_("Not available: this database has no such data."))),
                        styles["body"],
                    ),
                ]
            )
        ]
    if not table.rows:
        return [KeepTogether([heading, Paragraph(escape(labels(N_("None."))), styles["body"])])]
    months = labels.window.months
    header = [
        "",
        labels.month_name(months[CURRENT]),
        labels(N_("Previous month")),
        labels(N_("Same month last year")),
    ]
    data: list[list[Any]] = [[Paragraph(escape(text), styles["cell"]) for text in header]]
    for row in table.rows:
        data.append(
            [
                Paragraph(escape(labels.row_label(table.key, row)), styles["cell"]),
                *(labels.value(row, index) for index in (CURRENT, PREVIOUS, LAST_YEAR)),
            ]
        )
    grid = Table(data, colWidths=[CONTENT_WIDTH * 0.46] + [CONTENT_WIDTH * 0.18] * 3, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                ("FONT", (1, 1), (1, -1), FONT_BOLD, 8.5),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    parts: list[Flowable] = [heading, grid]
    chart = _chart(table, labels)
    if chart is not None:
        parts += [Spacer(0, 2 * mm), chart]
    return [KeepTogether(parts)]


def _chart(table: ReportTable, labels: Labels) -> Drawing | None:
    if table.key in TREND_TABLES:
        return _trend_chart(table, labels, TREND_TABLES[table.key])
    counts = [
        row
        for row in table.rows
        if row.unit == "count" and not row.is_suppressed(CURRENT) and (row.current or 0) > 0
    ]
    if len(counts) < 2:
        return None
    largest = sorted(counts, key=lambda row: -(row.current or 0))[:MAX_BARS]
    return _bar_chart(
        [labels.row_label(table.key, row) for row in largest],
        [row.current or 0 for row in largest],
        labels,
    )


def _trend_chart(table: ReportTable, labels: Labels, measure: str) -> Drawing | None:
    """Twelve months up to the report's, as bars; withheld months are left empty."""
    row = table.row(measure)
    values = [0 if value is None else value for value in row.trend]
    if not any(values):
        return None
    months = labels.window.months[1:]
    drawing = Drawing(CONTENT_WIDTH, 48 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 9 * mm
    chart.width, chart.height = CONTENT_WIDTH - 20 * mm, 34 * mm
    chart.data = [values]
    chart.bars[0].fillColor = LIGHT
    chart.bars[0].strokeColor = None
    chart.bars[(0, len(values) - 1)].fillColor = ACCENT
    _axes(chart, labels)
    chart.categoryAxis.categoryNames = [labels.short_month(month) for month in months]
    chart.categoryAxis.labels.fontSize = 6.5
    drawing.add(chart)
    # A withheld month is no bar at all; say why, so that it does not read as zero.
    slot = chart.width / len(values)
    for number in range(len(values)):
        if row.is_suppressed(number + 1):
            drawing.add(
                String(
                    chart.x + (number + 0.5) * slot, chart.y + 1.5, SUPPRESSED,
                    fontName=FONT, fontSize=6.5, fillColor=GREY, textAnchor="middle",
                )
            )  # fmt: skip
    drawing.add(
        String(
            0, 45 * mm, labels(N_("Twelve months: {measure}")).format(
                measure=labels.row_label(table.key, row)
            ), fontName=FONT, fontSize=7.5, fillColor=GREY,
        )
    )  # fmt: skip
    if table.key == "escalations":
        answered = table.row("escalations_answered")
        chart.data = [values, [0 if value is None else value for value in answered.trend]]
        chart.bars[1].fillColor = colors.Color(0.95, 0.6, 0.2)
        chart.bars[1].strokeColor = None
        legend = Legend()
        legend.x, legend.y = CONTENT_WIDTH - 50 * mm, 47 * mm
        legend.fontName, legend.fontSize = FONT, 7
        legend.colorNamePairs = [
            (LIGHT, labels.row_label(table.key, row)),
            (colors.Color(0.95, 0.6, 0.2), labels.row_label(table.key, answered)),
        ]
        legend.columnMaximum = 1
        legend.deltax = 30 * mm
        drawing.add(legend)
    return drawing


def _bar_chart(names: Sequence[str], values: Sequence[float], labels: Labels) -> Drawing:
    height = (len(names) * 5.2 + 10) * mm
    drawing = Drawing(CONTENT_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 6 * mm
    chart.width, chart.height = CONTENT_WIDTH - 72 * mm, height - 9 * mm
    chart.data = [list(reversed(values))]
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    _axes(chart, labels)
    chart.categoryAxis.categoryNames = [_short(name) for name in reversed(names)]
    chart.barLabelFormat = lambda value: format_decimal(value, "#,##0", locale=labels.locale)
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing


def _axes(chart: Any, labels: Labels) -> None:
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = lambda value: format_decimal(
        value, "#,##0", locale=labels.locale
    )
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.92, 0.92, 0.92)
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.strokeColor = RULE


def _short(name: str, limit: int = 38) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


class _NumberedCanvas(NumberedCanvas):
    """Numbers the pages "page n of m" beside the month."""

    def __init__(self, *args: Any, labels: Labels, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._labels = labels

    def draw_footer(self, total: int) -> None:
        labels = self._labels
        register_font(FONT)
        self.setFont(FONT, 7.5)
        self.setFillColor(GREY)
        self.drawString(18 * mm, 10 * mm, "GrensDesk · " + labels.month_name(labels.report.month))
        self.drawRightString(
            A4[0] - 18 * mm,
            10 * mm,
            labels(N_("Page {page} of {pages}")).format(page=self._pageNumber, pages=total),
        )
