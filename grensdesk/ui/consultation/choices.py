"""The fixed choices of the consultation form, labelled in the UI language."""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QComboBox

from grensdesk.i18n import N_, _
from grensdesk.models import CHANNELS, CONSULTATION_STATUSES, COUNTRIES, LANGUAGES, PROFILES

CHANNEL_LABELS: Final = {
    "walk_in": N_("Walk-in"),
    "appointment": N_("Appointment"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "video": N_("Video call"),
    "consultation_day": N_("Consultation day at a town hall"),
}
PROFILE_LABELS: Final = {
    "frontier_worker": N_("Frontier worker"),
    "migrant_worker": N_("Migrant worker"),
    "pensioner": N_("Pensioner"),
    "job_seeker": N_("Job seeker"),
    "employer": N_("Employer"),
    "student": N_("Student or trainee"),
    "self_employed": N_("Self-employed"),
    "other": N_("Other"),
}
STATUS_LABELS: Final = {
    "open": N_("Open"),
    "follow_up": N_("Follow-up"),
    "closed": N_("Closed"),
}
COUNTRY_LABELS: Final = {"NL": N_("Netherlands"), "DE": N_("Germany"), "BE": N_("Belgium")}
LANGUAGE_LABELS: Final = {
    "nl": N_("Dutch"),
    "de": N_("German"),
    "fr": N_("French"),
    "en": N_("English"),
}

assert set(CHANNEL_LABELS) == set(CHANNELS)
assert set(PROFILE_LABELS) == set(PROFILES)
assert set(STATUS_LABELS) == set(CONSULTATION_STATUSES)
assert set(COUNTRY_LABELS) == set(COUNTRIES)
assert set(LANGUAGE_LABELS) == set(LANGUAGES)


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
