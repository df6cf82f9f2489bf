"""One comparison version, side by side: the Dutch rule next to the neighbour's rule.

Content is shown as plain text (QLabel.PlainText): what an editor wrote never becomes markup.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.knowledge import ComparisonDetail
from grensdesk.ui.consultation.choices import COUNTRY_LABELS
from grensdesk.ui.knowledge.rich_text import border_label, language_name, sources_html

FALLBACK_STYLE = "background: #fff4ce; color: #5c4400; padding: 4px 6px; border-radius: 3px;"
HEADING_STYLE = "font-weight: bold; color: #1f3d63;"
COLUMN_STYLE = "QFrame#rule_column { background: palette(alternate-base); border-radius: 4px; }"


def _text_label(name: str, selectable: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _heading(name: str) -> QLabel:
    label = _text_label(name, selectable=False)
    label.setStyleSheet(HEADING_STYLE)
    return label


class ComparisonView(QScrollArea):
    """Shows a :class:`ComparisonDetail`, or a short hint when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparison_view")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.detail: ComparisonDetail | None = None

        self.title = _text_label("comparison_title")
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.facts = _text_label("comparison_facts")
        self.fallback = _text_label("comparison_fallback", selectable=False)
        self.fallback.setStyleSheet(FALLBACK_STYLE)
        self.dutch_heading = _heading("dutch_heading")
        self.dutch_rule = _text_label("dutch_rule")
        self.neighbour_heading = _heading("neighbour_heading")
        self.neighbour_rule = _text_label("neighbour_rule")
        self.practice_heading = _heading("practice_heading")
        self.practice = _text_label("practice")
        self.legal_heading = _heading("legal_heading")
        self.legal_basis = _text_label("legal_basis")
        self.sources_heading = _heading("sources_heading")
        self.sources = QLabel()
        self.sources.setObjectName("sources")
        self.sources.setTextFormat(Qt.TextFormat.RichText)
        self.sources.setOpenExternalLinks(True)
        self.sources.setWordWrap(True)
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.review = _text_label("comparison_review")
        self.review.setStyleSheet("color: palette(placeholder-text);")

        columns = QGridLayout()
        columns.setHorizontalSpacing(12)
        for column, (heading, rule) in enumerate(
            ((self.dutch_heading, self.dutch_rule), (self.neighbour_heading, self.neighbour_rule))
        ):
            frame = QFrame()
            frame.setObjectName("rule_column")
            frame.setStyleSheet(COLUMN_STYLE)
            inner = QVBoxLayout(frame)
            inner.addWidget(heading)
            inner.addWidget(rule, 1)
            columns.addWidget(frame, 0, column)
            columns.setColumnStretch(column, 1)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.fallback)
        layout.addLayout(columns)
        for widget in (
            self.practice_heading,
            self.practice,
            self.legal_heading,
            self.legal_basis,
            self.sources_heading,
            self.sources,
        ):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(self.review)
        layout.addStretch(1)
        self.setWidget(body)
        self._body = body
        self._show()

    def show_detail(self, detail: ComparisonDetail | None) -> None:
        self.detail = detail
        self._show()

    def retranslate_ui(self) -> None:
        self._show()

    def _show(self) -> None:
        detail = self.detail
        parts = self._body.findChildren(QWidget)
        for widget in parts:
            widget.setVisible(detail is not None)
        self.title.setVisible(True)
        if detail is None:
            self.title.setText(_("Search, or choose a comparison from the list."))
            return
        row, texts = detail.row, detail.texts
        self.title.setText(texts.title)
        self.facts.setText(
            " · ".join(
                (
                    detail.topic_name,
                    border_label(row),
                    _("version {number}").format(number=row.number),
                )
            )
        )
        self.fallback.setVisible(row.is_fallback)
        self.fallback.setText(
            _("Shown in {shown}: there is no text in {requested} yet.").format(
                shown=language_name(row.language),
                requested=language_name(detail.requested_language),
            )
        )
        self.dutch_heading.setText(_(COUNTRY_LABELS["NL"]))
        neighbour = _(COUNTRY_LABELS[row.neighbour_country])
        self.neighbour_heading.setText(f"{neighbour} ({row.region})" if row.region else neighbour)
        self.dutch_rule.setText(texts.dutch_rule)
        self.neighbour_rule.setText(texts.neighbour_rule)
        self.practice_heading.setText(_("What it means in practice"))
        self.practice.setText(texts.practice)
        self.legal_heading.setText(_("Legal basis"))
        self.legal_heading.setVisible(bool(texts.legal_basis))
        self.legal_basis.setText(texts.legal_basis)
        self.legal_basis.setVisible(bool(texts.legal_basis))
        self.sources_heading.setText(_("Sources"))
        self.sources_heading.setVisible(bool(detail.sources))
        self.sources.setText(sources_html(detail.sources))
        self.sources.setVisible(bool(detail.sources))
        self.review.setText(self._review_text(detail))

    @staticmethod
    def _review_text(detail: ComparisonDetail) -> str:
        row = detail.row
        start = i18n.format_date(row.valid_from)
        if row.valid_to is None:
            validity = _("Valid from {start}.").format(start=start)
        else:
            validity = _("Valid from {start} to {end}.").format(
                start=start, end=i18n.format_date(row.valid_to)
            )
        if detail.reviewed_at is None or not detail.reviewer_name:
            review = _("Not reviewed yet.")
        else:
            review = _("Last reviewed by {name} on {date}.").format(
                name=detail.reviewer_name,
                date=i18n.format_date(detail.reviewed_at.astimezone().date()),
            )
        return f"{validity} {review}"
