"""When a comparison applies and when it is reviewed next: three dates, typed as people write them.

Signals:
    changed(): one of the dates was edited.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from grensdesk.i18n import _
from grensdesk.services.errors import ValidationError
from grensdesk.services.knowledge import ComparisonContent
from grensdesk.ui.editorial.form_rows import FormGroup

DATE_FORMATS: Final = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")


def parse_day(text: str) -> dt.date | None:
    """2026-01-01, or as people write it here: 1-1-2026, 1.1.2026, 1/1/2026."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


class ValidityFields(FormGroup):
    """Valid from, valid until and the next review, in the group "Validity and review"."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.valid_from = QLineEdit()
        self.valid_from.setObjectName("valid_from")
        self.valid_to = QLineEdit()
        self.valid_to.setObjectName("valid_to")
        self.next_review = QLineEdit()
        self.next_review.setObjectName("next_review_due")
        self.add_row("valid_from", self.valid_from, self.valid_from)
        self.add_row("valid_to", self.valid_to, self.valid_to)
        self.add_row("next_review_due", self.next_review, self.next_review)
        for edit in (self.valid_from, self.valid_to, self.next_review):
            edit.textEdited.connect(self._edited)

    def _edited(self, _text: str) -> None:
        self.changed.emit()

    def retranslate_ui(self) -> None:
        self.captions["valid_from"].setText(_("Valid &from:"))
        self.captions["valid_to"].setText(_("Valid &until:"))
        self.captions["next_review_due"].setText(_("Ne&xt review:"))
        self.setTitle(_("Validity and review"))
        date_hint = _("YYYY-MM-DD")
        self.valid_from.setPlaceholderText(date_hint)
        self.valid_to.setPlaceholderText(_("{format}, empty: no end").format(format=date_hint))
        self.next_review.setPlaceholderText(
            _("{format}, empty: a year after publishing").format(format=date_hint)
        )

    def start_new(self) -> None:
        """A new comparison applies from the next first of January, with no end."""
        self.valid_from.setText(dt.date(dt.date.today().year + 1, 1, 1).isoformat())
        self.valid_to.clear()
        self.next_review.clear()

    def set_dates(self, content: ComparisonContent) -> None:
        self.valid_from.setText(content.valid_from.isoformat())
        self.valid_to.setText(content.valid_to.isoformat() if content.valid_to else "")
        self.next_review.setText(
            content.next_review_due.isoformat() if content.next_review_due else ""
        )

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.valid_from, self.valid_to, self.next_review):
            edit.setReadOnly(read_only)

    def dates(self) -> tuple[dict[str, dt.date | None], list[ValidationError]]:
        """The dates typed, by field; and those that could not be read or are missing."""
        problems: list[ValidationError] = []
        days: dict[str, dt.date | None] = {}
        for key, edit, required in (
            ("valid_from", self.valid_from, True),
            ("valid_to", self.valid_to, False),
            ("next_review_due", self.next_review, False),
        ):
            text = edit.text().strip()
            day = parse_day(text) if text else None
            if text and day is None:
                problems.append(
                    ValidationError(
                        _("{text} is not a date; write it as 2027-01-01.").format(text=text),
                        field=key,
                    )
                )
            elif required and day is None:
                problems.append(ValidationError(_("Give the date it applies from."), field=key))
            days[key] = day
        return days, problems
