"""The columns of a consultation import file, and what an import reports back.

Shared by the readers, the row checks and the writer of ``consultation_import``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from grensdesk.i18n import _, ngettext
from grensdesk.services.errors import ServiceError

FORMATS: Final = ("csv", "json")
MAX_SOURCE_REF: Final = 80

REQUIRED_COLUMNS: Final = (
    "source_ref",
    "office",
    "adviser",
    "started_at",
    "duration_minutes",
    "channel",
    "language",
    "residence_country",
    "work_country",
    "profile",
    "topics",
)
CITIZEN_COLUMNS: Final = (
    "citizen_name",
    "citizen_email",
    "citizen_phone",
    "citizen_street",
    "citizen_postcode",
    "citizen_town",
    "citizen_country",
    "citizen_language",
)
OPTIONAL_COLUMNS: Final = (
    "residence_region",
    "work_region",
    "home_work_percent",
    "question",
    "advice",
    "follow_up_on",
    "status",
    "consent",
    *CITIZEN_COLUMNS,
)
COLUMNS: Final = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
# Imported consultations are history: without a status they count as closed, so that an
# import does not fill every office's list of open cases.
DEFAULT_STATUS: Final = "closed"


@dataclass(frozen=True)
class ImportProblem:
    """Why one row (or the file) cannot be imported; ``line`` counts from 1."""

    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field is None:
            return _("Line {line}: {message}").format(line=self.line, message=self.message)
        return _("Line {line}, {field}: {message}").format(
            line=self.line, field=self.field, message=self.message
        )


class ConsultationImportError(ServiceError):
    """The file has problems; nothing was imported. ``problems`` lists every one by line."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.line)
        count = len(self.problems)
        super().__init__(
            ngettext(
                "Nothing was imported: the file has {count} problem.",
                "Nothing was imported: the file has {count} problems.",
                count,
            ).format(count=count)
        )


@dataclass(frozen=True)
class ImportResult:
    consultations: int
    citizens: int
    per_office: tuple[tuple[str, int], ...]


Record = tuple[int, object]
"""One row as read from the file: the line it starts on, and its values (a mapping)."""


@dataclass(frozen=True)
class WrongWidth:
    """Stands in for a CSV row whose number of values does not match the header."""

    found: int
    expected: int
