"""``grensdesk report monthly``: a monthly activity report written to a file, for scheduled runs.

A malformed month, an unknown office or an unwritable file ends with one line on stderr
and exit status 2 (through the ServiceErrors the main command line prints). A month
without activity is not an error: the report is written, says so, and so does this command.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from grensdesk import i18n
from grensdesk.i18n import _

if TYPE_CHECKING:
    from grensdesk.bootstrap import Database


def add_report_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser("report", help=_("activity reports")).add_subparsers(
        dest="report_command", metavar="KIND", required=True
    )
    monthly = report.add_parser(
        "monthly",
        help=_("the monthly activity report of some offices or the whole border"),
        description=_(
            "Write the monthly activity report: consultations, escalations and letters of "
            "one month beside the month before and the same month last year. Without "
            "--office it covers the whole border; a GIP includes its consultation sites."
        ),
    )
    monthly.add_argument("--month", required=True, metavar="YYYY-MM")
    monthly.add_argument(
        "--office", action="append", default=[], metavar="CODE", help=_("repeat for more offices")
    )
    monthly.add_argument(
        "--external",
        action="store_true",
        help=_("for readers outside the GIPs: counts below 5 are shown as <5"),
    )
    monthly.add_argument(
        "--format", choices=("pdf", "csv", "xlsx"), help=_("when the file name does not say")
    )
    monthly.add_argument("--output", required=True, type=Path, metavar="FILE")
    monthly.add_argument(
        "--language",
        choices=i18n.LANGUAGES,
        help=_("language of the PDF and XLSX (default: the command line's)"),
    )


def run_report_command(args: argparse.Namespace, database: Database) -> int:
    from grensdesk.services.context import system_actor
    from grensdesk.services.report_files import format_of, render_report, write_atomically
    from grensdesk.services.report_months import month_window
    from grensdesk.services.reports import monthly_report, record_report_export

    month_window(args.month)  # a malformed month is refused before anything is read
    file_format = format_of(args.output, args.format)
    actor = system_actor()
    report = monthly_report(
        database.sessions, actor, args.month, tuple(args.office), external=args.external
    )
    language = args.language or i18n.current_language()
    write_atomically(args.output, render_report(report, file_format, language))
    record_report_export(database.sessions, actor, report, file_format)
    if not report.has_data:
        print(
            _("No activity in {month} for {offices}: the report is empty and says so.").format(
                month=report.month, offices=report.scope
            )
        )
    print(_("Report for {month} written to {path}.").format(month=report.month, path=args.output))
    return 0
