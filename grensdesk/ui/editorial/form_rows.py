"""The draft form's building blocks: a titled group of captioned rows, each with its error line."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

ERROR_STYLE: Final = "color: #b00020;"


def error_label(name: str) -> QLabel:
    """The (hidden) line under a field that says what is wrong with it."""
    label = QLabel()
    label.setObjectName(f"error_{name}")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def add_field_row(form: QFormLayout, caption: QLabel, field: QWidget, error: QLabel) -> None:
    """A caption, and beside it the field with its error line right under it."""
    column = QVBoxLayout()
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(error)
    form.addRow(caption, column)


def line(*widgets: QWidget) -> QWidget:
    """Widgets side by side, flush left."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return holder


class FormGroup(QGroupBox):
    """A titled group of the form; each row's caption and error line are kept by key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.captions: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}

    def add_row(self, key: str, field: QWidget, buddy: QWidget) -> None:
        caption = QLabel()
        caption.setBuddy(buddy)
        error = error_label(key)
        add_field_row(self.form, caption, field, error)
        self.captions[key] = caption
        self.errors[key] = error
