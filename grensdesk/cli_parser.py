"""The command line's grammar, kept light: the launcher parses before it knows
whether a screen (Qt) or a command (SQLAlchemy) is wanted, and loads only that."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from typing import Final

from grensdesk import i18n
from grensdesk.cli_consultations import add_consultation_commands
from grensdesk.cli_escalations import add_escalation_commands
from grensdesk.cli_kb import add_kb_commands
from grensdesk.cli_letters import add_letter_commands
from grensdesk.cli_privacy import add_privacy_commands
from grensdesk.cli_reports import add_report_commands
from grensdesk.cli_types import whole_number
from grensdesk.i18n import _

LANGUAGE_ENV: Final = "GRENSDESK_LANGUAGE"


def _iso_date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date of the form YYYY-MM-DD: {value}").format(value=raw)
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grensdesk",
        description=_("GrensDesk: desk software for the border information points."),
    )
    parser.add_argument(
        "--database", metavar="URL", help=_("database URL (sqlite:///FILE or postgresql://...)")
    )
    parser.add_argument("--debug", action="store_true", help=_("show tracebacks"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("gui", help=_("open the desktop application (the default)"))

    db = commands.add_parser("db", help=_("database schema")).add_subparsers(
        dest="db_command", metavar="ACTION", required=True
    )
    db.add_parser("upgrade", help=_("migrate the schema to this version and load reference data"))
    status = db.add_parser("status", help=_("show the schema version"))
    status.add_argument("--json", action="store_true")

    users = commands.add_parser("users", help=_("user accounts")).add_subparsers(
        dest="users_command", metavar="ACTION", required=True
    )
    add = users.add_parser("add", help=_("add a user account"))
    add.add_argument("username")
    add.add_argument("--name", required=True, help=_("full name"))
    add.add_argument("--office", required=True, metavar="CODE")
    add.add_argument(
        "--role", action="append", required=True, metavar="ROLE", help=_("repeat for more roles")
    )
    add.add_argument("--topic", action="append", default=[], metavar="CODE")
    add.add_argument("--email", default="")
    add.add_argument("--language", default="nl", choices=i18n.LANGUAGES)
    add.add_argument(
        "--password-stdin", action="store_true", help=_("read the password from standard input")
    )
    listing = users.add_parser("list", help=_("list user accounts"))
    listing.add_argument("--office", metavar="CODE")
    listing.add_argument("--json", action="store_true")

    offices = commands.add_parser("offices", help=_("offices")).add_subparsers(
        dest="offices_command", metavar="ACTION", required=True
    )
    offices_list = offices.add_parser("list", help=_("list the offices"))
    offices_list.add_argument("--json", action="store_true")
    add_consultation_commands(commands)
    add_escalation_commands(commands)
    add_kb_commands(commands)
    add_privacy_commands(commands)
    add_letter_commands(commands)
    add_report_commands(commands)

    demo = commands.add_parser("demo", help=_("fill the database with reproducible demo data"))
    demo.add_argument("--consultations", type=whole_number(0), default=5_000, metavar="N")
    demo.add_argument("--months", type=whole_number(0), default=24, metavar="M")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD")
    demo.add_argument(
        "--if-empty", action="store_true", help=_("do nothing when consultations exist")
    )
    return parser


def choose_language(configured: str | None) -> str:
    for candidate in (os.environ.get(LANGUAGE_ENV), configured, os.environ.get("LANG", "")[:2]):
        if candidate in i18n.LANGUAGES:
            return candidate
    return i18n.SOURCE_LANGUAGE


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    i18n.set_language(choose_language(None))
    return build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
