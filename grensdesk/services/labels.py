"""What the fixed codes of a consultation are called: one msgid per code, for every screen.

The consultation form, the letters and the reports translate these same messages (in the
UI language with ``_``, in a letter's or report's language with ``translate_in``), so a
code reads the same everywhere and each text is translated once.
"""

from __future__ import annotations

from typing import Final

from grensdesk.i18n import N_
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
CONSULTATION_STATUS_LABELS: Final = {
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
assert set(CONSULTATION_STATUS_LABELS) == set(CONSULTATION_STATUSES)
assert set(COUNTRY_LABELS) == set(COUNTRIES)
assert set(LANGUAGE_LABELS) == set(LANGUAGES)
