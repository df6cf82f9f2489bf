"""Consultations from the registration system the offices shared before GrensDesk.

``grensdesk consultations import FILE`` reads CSV or JSON (docs/consultation-import.md).
An import is all or nothing: every row is checked first, every problem is reported with
its line number, and only a file without problems is written, in one transaction.
A row remembers its id in the old system (``source_ref``), so importing the same file
twice is refused instead of counting the consultations twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import _
from grensdesk.services.consultation_import_lookup import ImportContext as _Context
from grensdesk.services.consultation_import_lookup import read_context as _context
from grensdesk.services.consultation_import_reading import read_csv, read_json
from grensdesk.services.consultation_import_rows import PreparedRow, prepare_row
from grensdesk.services.consultation_import_types import (
    CITIZEN_COLUMNS,
    COLUMNS,
    DEFAULT_STATUS,
    FORMATS,
    MAX_SOURCE_REF,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ConsultationImportError,
    ImportProblem,
    ImportResult,
    Record,
)
from grensdesk.services.consultation_import_writing import write_rows
from grensdesk.services.context import Actor, require_role
from grensdesk.services.errors import ValidationError

# The names callers and tests import from here; the work is done in consultation_import_*.
__all__ = [
    "CITIZEN_COLUMNS",
    "COLUMNS",
    "DEFAULT_STATUS",
    "FORMATS",
    "MAX_SOURCE_REF",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ConsultationImportError",
    "ImportProblem",
    "ImportResult",
    "Record",
    "import_consultations",
    "import_records",
    "read_csv",
    "read_json",
]


def import_consultations(
    sessions: sessionmaker[Session],
    actor: Actor,
    path: Path,
    file_format: str | None = None,
) -> ImportResult:
    """Import a CSV or JSON file (by its extension unless ``file_format`` says)."""
    require_role(actor, "admin", "coordinator")
    chosen = (file_format or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise ValidationError(
            _("Import a .csv or .json file, or give the format; {name} is neither.").format(
                name=path.name
            ),
            field="file",
        )
    try:
        # newline="" keeps line ends inside quoted CSV values as they are.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise ValidationError(
            _("{name} is not UTF-8 text; save it as UTF-8 and import again.").format(
                name=path.name
            ),
            field="file",
        ) from None
    except OSError as error:
        raise ValidationError(
            _("Cannot read {name}: {reason}").format(name=path.name, reason=error.strerror),
            field="file",
        ) from None
    records = read_csv(text) if chosen == "csv" else read_json(text)
    return import_records(sessions, actor, records, source=path.name)


def import_records(
    sessions: sessionmaker[Session],
    actor: Actor,
    records: Sequence[Record],
    source: str = "",
) -> ImportResult:
    """Check every record, then write all of them in one transaction, or none."""
    require_role(actor, "admin", "coordinator")
    if not records:
        raise ConsultationImportError([ImportProblem(1, None, _("The file has no rows."))])
    try:
        with sessions.begin() as session:
            # Looked up in this module, so that a test can stand in for a concurrent import.
            context: _Context = _context(session, records)
            prepared: list[PreparedRow] = []
            problems: list[ImportProblem] = []
            for line, values in records:
                row, row_problems = prepare_row(line, values, context)
                problems += row_problems
                if row is not None:
                    prepared.append(row)
            if problems:
                raise ConsultationImportError(problems)
            result = write_rows(session, actor, prepared, source)
    except IntegrityError as error:
        # Only a concurrent import of the same references gets past the check above.
        if "source_ref" not in str(error.orig):
            raise
        raise ConsultationImportError(
            [
                ImportProblem(
                    1,
                    "source_ref",
                    _(
                        "Another import wrote some of these consultations meanwhile; "
                        "import the file again to see which."
                    ),
                )
            ]
        ) from error
    return result
