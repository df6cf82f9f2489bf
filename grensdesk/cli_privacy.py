"""``grensdesk privacy anonymise|erase``: retention and erasure from the command line.

Meant for a scheduled job (anonymise every night) and for an administrator handling a
citizen's request to be forgotten. Services are imported only when a command runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from grensdesk.cli_types import whole_number
from grensdesk.i18n import _

if TYPE_CHECKING:
    from grensdesk.bootstrap import Database


def _day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date (YYYY-MM-DD): {value}").format(value=raw)
        ) from None


def add_privacy_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    privacy = commands.add_parser(
        "privacy", help=_("retention and erasure of personal data")
    ).add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    anonymise = privacy.add_parser(
        "anonymise",
        help=_("empty the notes and scrub the citizens of consultations older than the period"),
    )
    when = anonymise.add_mutually_exclusive_group()
    when.add_argument(
        "--months",
        type=whole_number(1),
        metavar="N",
        help=_("retention period in months (default 24)"),
    )
    when.add_argument("--before", type=_day, metavar="YYYY-MM-DD", help=_("cut-off day"))
    anonymise.add_argument("--dry-run", action="store_true", help=_("count only; change nothing"))
    erase = privacy.add_parser("erase", help=_("delete one citizen's personal data"))
    erase.add_argument("citizen", type=whole_number(1), metavar="CITIZEN_ID")


def run_privacy_command(args: argparse.Namespace, database: Database) -> int:
    from grensdesk.services.context import BORDER_ZONE, system_actor
    from grensdesk.services.privacy import (
        DEFAULT_RETENTION_MONTHS,
        anonymise_before,
        erase_citizen,
        retention_cutoff,
    )

    actor = system_actor()
    if args.privacy_command == "erase":
        touched = erase_citizen(database.sessions, actor, args.citizen)
        print(
            _("Citizen {id} erased; {count} consultation(s) keep their figures.").format(
                id=args.citizen, count=touched
            )
        )
        return 0
    before = args.before or retention_cutoff(
        dt.datetime.now(BORDER_ZONE).date(), args.months or DEFAULT_RETENTION_MONTHS
    )
    result = anonymise_before(database.sessions, actor, before, dry_run=args.dry_run)
    if result.dry_run:
        message = _(
            "Would anonymise before {day}: {consultations} consultations, {citizens} citizens, "
            "{letters} letters, {escalations} escalations."
        )
    else:
        message = _(
            "Anonymised before {day}: {consultations} consultations, {citizens} citizens, "
            "{letters} letters, {escalations} escalations."
        )
    print(
        message.format(
            day=before.isoformat(),
            consultations=result.consultations,
            citizens=result.citizens,
            letters=result.letters,
            escalations=result.escalations,
        )
    )
    return 0
