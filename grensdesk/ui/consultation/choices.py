"""The fixed choices of the consultation form, labelled in the UI language.

The labels themselves live in :mod:`grensdesk.services.labels`, shared with letters and
reports; they are re-exported here for the screens that fill combo boxes with them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from grensdesk.i18n import _
from grensdesk.services.labels import (
    CHANNEL_LABELS,
    COUNTRY_LABELS,
    LANGUAGE_LABELS,
    PROFILE_LABELS,
)
from grensdesk.services.labels import CONSULTATION_STATUS_LABELS as STATUS_LABELS

__all__ = [
    "CHANNEL_LABELS",
    "COUNTRY_LABELS",
    "LANGUAGE_LABELS",
    "PROFILE_LABELS",
    "STATUS_LABELS",
    "choose",
    "fill",
]


def fill(combo: QComboBox, labels: dict[str, str], empty: str | None = None) -> None:
    """(Re)fill a combo box with translated labels, keeping the chosen value."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if empty is not None:
        combo.addItem(empty, None)
    for value, label in labels.items():
        combo.addItem(_(label), value)
    index = combo.findData(chosen)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))
