"""The rows of the consultation form: a caption, the field, and the field's error under it.

The service reports a problem per field (``ValidationError.field``); the error appears right
under that field's row. Fields that share a row (the minutes next to the start) share its label.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from grensdesk.services.errors import ValidationError

ERROR_STYLE = "color: #b00020;"


def pair(*widgets: QWidget) -> QWidget:
    """Several fields side by side in one row, sharing its width evenly."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 1)
    return holder


class FieldRows:
    """The captions and error labels of the form's rows, by field name."""

    def __init__(self) -> None:
        self.captions: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}

    def add(
        self, form: QFormLayout, key: str, field: QWidget, buddy: QWidget | None = None
    ) -> None:
        """A row for ``key``; its caption's mnemonic focuses ``buddy`` (or the field)."""
        caption = QLabel()
        caption.setBuddy(buddy or field)
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(error)
        form.addRow(caption, column)
        self.captions[key] = caption
        self.errors[key] = error

    def share(self, field: str, row: str) -> None:
        """``field`` sits in the row of ``row``; its errors show there."""
        self.errors[field] = self.errors[row]

    def set_captions(self, captions: dict[str, str]) -> None:
        for key, text in captions.items():
            self.captions[key].setText(text)

    def clear(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_error(self, error: ValidationError) -> bool:
        """Show the error under its field; False when no row belongs to that field."""
        label = self.errors.get(error.field or "")
        if label is None:
            return False
        text = label.text()
        label.setText(f"{text}\n{error}" if text else str(error))
        label.show()
        return True

    def hide_error(self, key: str) -> None:
        self.errors[key].hide()


def focus_first(fields: list[str | None], widgets: dict[str, QWidget]) -> None:
    """Put the cursor in the first of ``fields`` that has a widget."""
    for field in fields:
        widget = widgets.get(field or "")
        if widget is not None:
            widget.setFocus()
            return
