"""``grensdesk consultations list|import``: consultations at the command line.

The grammar is built by the light parser (``grensdesk.cli_parser``) before anyone knows
whether a command will run, so the services are imported only when one does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from grensdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from grensdesk.bootstrap import Database


def add_consultation_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    consultations = commands.add_parser("consultations", help=_("consultations")).add_subparsers(
        dest="consultations_command", metavar="ACTION", required=True
    )
    listing = consultations.add_parser(
        "list", help=_("list consultations, oldest first, without notes or personal data")
    )
    listing.add_argument("--office", metavar="CODE")
    listing.add_argument("--month", metavar="YYYY-MM")
    listing.add_argument("--json", action="store_true")
    importing = consultations.add_parser(
        "import",
        help=_("import consultations from a CSV or JSON file: all rows or none"),
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument(
        "--format", choices=("csv", "json"), help=_("when the file name does not say")
    )


def run_consultation_command(args: argparse.Namespace, database: Database) -> int:
    if args.consultations_command == "list":
        return _list(args, database)
    return _import(args, database)


def _list(args: argparse.Namespace, database: Database) -> int:
    from grensdesk.services.consultation_queries import list_for_export
    from grensdesk.services.context import system_actor

    rows = list_for_export(database.sessions, system_actor(), args.office, args.month)
    out = sys.stdout
    if args.json:
        # Streamed, one object per line: a whole border's history never sits in memory.
        out.write("[")
        for number, row in enumerate(rows):
            out.write(",\n" if number else "\n")
            out.write(json.dumps(row.as_json(), ensure_ascii=False))
        out.write("\n]\n")
        return 0
    for row in rows:
        situation = row.situation
        out.write(
            f"{row.id:>9} {row.date.isoformat()} {row.office:<22} {row.channel:<16} "
            f"{situation.residence_country}>{situation.work_country} {situation.profile:<16} "
            f"{row.status:<9} {','.join(row.topics)}\n"
        )
    return 0


def _import(args: argparse.Namespace, database: Database) -> int:
    from grensdesk.services.consultation_import import (
        ConsultationImportError,
        import_consultations,
    )
    from grensdesk.services.context import system_actor

    try:
        result = import_consultations(database.sessions, system_actor(), args.file, args.format)
    except ConsultationImportError as error:
        # Every problem on a line of its own, FILE:LINE: as compilers and editors read it;
        # the summary line follows from the command line's error handling.
        for problem in error.problems:
            field = f" {problem.field}:" if problem.field else ""
            print(f"{args.file}:{problem.line}:{field} {problem.message}", file=sys.stderr)
        raise
    print(
        ngettext(
            "Imported {count} consultation from {file}.",
            "Imported {count} consultations from {file}.",
            result.consultations,
        ).format(count=result.consultations, file=args.file)
    )
    for office, count in result.per_office:
        print(f"  {office:<22} {count}")
    return 0
