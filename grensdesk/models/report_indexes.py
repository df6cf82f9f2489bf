"""Indexes that exist for the monthly reports (migration 0007).

A report reads thirteen months of consultations at once, grouped by channel, language,
profile, direction, office and length.

* ``ix_consultation_report`` (both engines): every column a report groups by, after
  started_at, so a month is one range read from the index alone (SQLite: a covering
  index; PostgreSQL: an index-only scan, then a hash aggregate).
* ``ix_consultation_report_breakdown`` (SQLite only): the same columns with the five
  breakdowns first. SQLite has no hash aggregate; with this order it reads a month with a
  skip-scan (one short range per combination of channel, language, profile, residence
  and work) and the rows arrive already grouped, so there is nothing left to sort.
  PostgreSQL cannot skip-scan (before version 18) and does not need it.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Index

from grensdesk.models.core import Consultation

REPORT_COLUMNS: Final = (
    "started_at",
    "office_id",
    "channel",
    "language",
    "profile",
    "residence_country",
    "work_country",
    "duration_minutes",
)
BREAKDOWN_COLUMNS: Final = (
    "channel",
    "language",
    "profile",
    "residence_country",
    "work_country",
    "started_at",
    "duration_minutes",
    "office_id",
)

# Built on the table's columns, so they belong to the consultation table like any other.
consultation_report_index: Final = Index(
    "ix_consultation_report",
    *(Consultation.__table__.c[name] for name in REPORT_COLUMNS),
)
consultation_breakdown_index: Final = Index(
    "ix_consultation_report_breakdown",
    *(Consultation.__table__.c[name] for name in BREAKDOWN_COLUMNS),
).ddl_if(dialect="sqlite")
