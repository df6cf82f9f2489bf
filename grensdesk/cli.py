"""The headless surface: ``grensdesk [--database URL] COMMAND``.

Bad input ends with one line on stderr and exit status 2; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final, TextIO

from grensdesk import i18n
from grensdesk.bootstrap import Database, connect, migrate, prepare
from grensdesk.cli_consultations import run_consultation_command
from grensdesk.cli_escalations import run_escalation_command
from grensdesk.cli_kb import run_kb_command
from grensdesk.cli_letters import run_letter_command
from grensdesk.cli_parser import choose_language, parse_args
from grensdesk.cli_privacy import run_privacy_command
from grensdesk.cli_reports import run_report_command
from grensdesk.config import ConfigError, Settings, load_settings
from grensdesk.credentials import stored_password
from grensdesk.db import (
    DatabaseCorruptError,
    DatabaseLoginError,
    DatabaseTarget,
    DatabaseUnreachableError,
    DatabaseUrlError,
    parse_database_url,
)
from grensdesk.demo_data import has_consultations, load_demo_data
from grensdesk.i18n import _
from grensdesk.schema import SchemaMismatchError, backup_sqlite, schema_state
from grensdesk.services.accounts import NewUser, add_user, list_users
from grensdesk.services.context import system_actor
from grensdesk.services.errors import ServiceError
from grensdesk.services.knowledge_format import load_published_content
from grensdesk.services.offices import list_offices

EXIT_BAD_INPUT: Final = 2


class CommandError(Exception):
    """A problem the person at the command line can fix; printed as one line."""


# Errors whose message is meant for a person; anything else is a bug and shows a traceback.
EXPECTED_ERRORS: Final = (
    CommandError,
    ConfigError,
    DatabaseCorruptError,
    DatabaseLoginError,
    DatabaseUnreachableError,
    DatabaseUrlError,
    SchemaMismatchError,
    ServiceError,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; ``grensdesk.launcher`` sends the no-command case to the GUI."""
    return run_command(parse_args(argv))


def run_command(args: argparse.Namespace) -> int:
    if args.command in (None, "gui"):
        raise CommandError(_("No command given; see grensdesk --help."))
    try:
        return _run_command(args)
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not an error of ours.
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - must outlive this function
        return 0
    except Exception as error:  # the single place that turns errors into one line
        if args.debug or not _is_expected(error):
            raise
        print(f"grensdesk: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _is_expected(error: Exception) -> bool:

    return isinstance(error, EXPECTED_ERRORS)


def _run_command(args: argparse.Namespace) -> int:

    settings = load_settings(args.database)
    i18n.set_language(choose_language(settings.language))
    handlers: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "db": _db_command,
        "users": _users_command,
        "offices": _offices_command,
        "demo": _demo_command,
        "consultations": _with_database(run_consultation_command),
        "escalations": _with_database(run_escalation_command),
        "kb": _with_database(run_kb_command),
        "privacy": _with_database(run_privacy_command),
        "letter": _with_database(run_letter_command),
        "report": _with_database(run_report_command),
    }
    return handlers[args.command](args, settings)


def _with_database(
    command: Callable[[argparse.Namespace, Database], int],
) -> Callable[[argparse.Namespace, Settings], int]:
    """A command that works on an opened database, closed again whatever happens."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        database = _open(settings)
        try:
            return command(args, database)
        finally:
            database.dispose()

    return run


def _target(settings: Settings) -> DatabaseTarget:

    target = parse_database_url(settings.database_url)
    if target.needs_password:
        # libpq still reads PGPASSWORD and ~/.pgpass when the keyring has nothing.
        password = stored_password(target)
        if password:
            target = target.with_password(password)
    return target


def _open(settings: Settings) -> Database:
    """A database ready for work (embedded ones are backed up and upgraded)."""

    prepared = prepare(_target(settings), settings.backup_dir)
    if prepared.backup is not None and prepared.upgraded:
        print(_("Backed up to {path} before upgrading.").format(path=prepared.backup))
    return prepared.database


def _db_command(args: argparse.Namespace, settings: Settings) -> int:

    target = _target(settings)
    database = connect(target)
    try:
        state = schema_state(database.engine)
        if args.db_command == "status":
            verdict = (
                _("up to date")
                if state.is_current
                else _("newer than this GrensDesk")
                if state.is_newer
                else _("empty")
                if state.is_empty
                else _("needs upgrade")
            )
            if args.json:
                _print_json(
                    {
                        "database": target.describe(),
                        "current": state.current,
                        "head": state.head,
                        "up_to_date": state.is_current,
                        "newer": state.is_newer,
                    }
                )
            else:
                print(_("Database: {database}").format(database=target.describe()))
                print(
                    _("Schema: {current} (this GrensDesk: {head}), {verdict}").format(
                        current=state.current or "-", head=state.head, verdict=verdict
                    )
                )
            return 0
        if state.is_newer:
            raise CommandError(
                _("The database schema {current} is newer than this GrensDesk.").format(
                    current=state.current
                )
            )
        path = target.sqlite_path
        if path is not None and not state.is_empty and state.needs_upgrade:
            backup = backup_sqlite(path, settings.backup_dir, f"before-{state.head}")
            print(_("Backed up to {path}.").format(path=backup))
        migrate(database)
        print(
            _("Schema upgraded from {current} to {head}.").format(
                current=state.current or "-", head=state.head
            )
            if state.needs_upgrade
            else _("Schema already at {head}; reference data checked.").format(head=state.head)
        )
        content = load_published_content(database.sessions)
        print(
            _(
                "Knowledge base: {created} comparisons added, {updated} updated, "
                "{unchanged} unchanged."
            ).format(created=content.created, updated=content.updated, unchanged=content.unchanged)
        )
        return 0
    finally:
        database.dispose()


def _users_command(args: argparse.Namespace, settings: Settings) -> int:
    database = _open(settings)
    try:
        actor = system_actor()
        if args.users_command == "list":
            users = list_users(database.sessions, actor, args.office)
            if args.json:
                _print_json([dataclasses.asdict(user) for user in users])
            else:
                for user in users:
                    print(
                        f"{user.username:<24} {user.full_name:<32} {user.office_code:<22} "
                        f"{','.join(user.roles)}"
                    )
            return 0
        password = _read_password(args.password_stdin, sys.stdin)
        user = add_user(
            database.sessions,
            actor,
            NewUser(
                username=args.username,
                full_name=args.name,
                office_code=args.office,
                roles=tuple(args.role),
                password=password,
                email=args.email,
                ui_language=args.language,
                topics=tuple(args.topic),
            ),
        )
        print(
            _("User {username} added to {office}.").format(
                username=user.username, office=user.office_code
            )
        )
        return 0
    finally:
        database.dispose()


def _read_password(from_stdin: bool, stdin: TextIO) -> str:
    if from_stdin:
        return stdin.readline().rstrip("\n")
    if not stdin.isatty():
        raise CommandError(_("No terminal to ask the password on: use --password-stdin."))
    first = getpass.getpass(_("Password: "))
    if getpass.getpass(_("Repeat password: ")) != first:
        raise CommandError(_("The passwords differ."))
    return first


def _offices_command(args: argparse.Namespace, settings: Settings) -> int:

    database = _open(settings)
    try:
        offices = list_offices(database.sessions, system_actor())
        if args.json:
            _print_json([dataclasses.asdict(office) for office in offices])
        else:
            for office in offices:
                print(f"{office.code:<22} {office.kind:<12} {office.border or '':<6} {office.name}")
        return 0
    finally:
        database.dispose()


def _demo_command(args: argparse.Namespace, settings: Settings) -> int:

    database = _open(settings)
    try:
        if args.if_empty and has_consultations(database.sessions):
            print(_("The database already has consultations; no demo data added."))
            return 0
        started = time.perf_counter()
        result = load_demo_data(
            database.sessions, args.consultations, args.months, args.seed, args.until
        )
        print(
            _(
                "Demo data: {consultations} consultations, {citizens} citizens, "
                "{accounts} new accounts in {seconds} s."
            ).format(
                consultations=result.consultations,
                citizens=result.citizens,
                accounts=result.accounts_created,
                seconds=f"{time.perf_counter() - started:.1f}",
            )
        )
        return 0
    finally:
        database.dispose()


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
