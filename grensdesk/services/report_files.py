"""A monthly report rendered and written to a file: whole, or not at all.

The bytes are rendered first and written to a temporary file beside the target, which
then replaces it in one step: a failing disk, a cancelled run or a crash never leaves a
half-written report where a scheduled job or a colleague would pick it up.
"""

from __future__ import annotations

from pathlib import Path

from grensdesk.i18n import _
from grensdesk.services.errors import ValidationError
from grensdesk.services.file_replacing import replacing
from grensdesk.services.report_types import MonthlyReport
from grensdesk.services.reports import FORMATS


def render_report(report: MonthlyReport, file_format: str, language: str) -> bytes:
    """The file's bytes; PDF and XLSX in ``language``, the CSV with codes."""
    if file_format == "pdf":
        from grensdesk.services.report_pdf import report_pdf

        return report_pdf(report, language)
    if file_format == "xlsx":
        from grensdesk.services.report_xlsx import report_xlsx

        return report_xlsx(report, language)
    if file_format == "csv":
        from grensdesk.services.report_csv import report_csv

        return report_csv(report)
    raise ValidationError(
        _("{value} is not a report format; choose pdf, csv or xlsx.").format(value=file_format),
        field="format",
    )


def format_of(path: Path, given: str | None) -> str:
    """The format asked for, or else the one the file name ends in."""
    chosen = given or path.suffix.lower().lstrip(".")
    if chosen not in FORMATS:
        raise ValidationError(
            _("{value} is not a report format; choose pdf, csv or xlsx.").format(
                value=chosen or path.name
            ),
            field="format",
        )
    return chosen


def write_atomically(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise ValidationError(
            _("The folder {folder} does not exist.").format(folder=folder), field="output"
        )
    # A read-only folder fails when the temporary file is made, a full disk while writing:
    # either way the person gets one line saying which file, and nothing half-written.
    try:
        with replacing(path, folder) as stream:
            stream.write(data)
    except OSError as error:
        raise ValidationError(
            _("Could not write {path}: {reason}").format(path=path, reason=error.strerror or error),
            field="output",
        ) from error
