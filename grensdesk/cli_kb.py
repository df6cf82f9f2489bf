"""``grensdesk kb``: search, export and import the knowledge base from the command line.

``add_kb_commands`` adds the grammar to the main parser; ``run_kb_command`` runs it.
Bad input raises a ServiceError (ValidationError), which the main command line prints as
one line with exit status 2. The grammar half imports nothing heavy: the launcher parses
before it loads SQLAlchemy; the services are imported when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grensdesk import i18n
from grensdesk.cli_types import whole_number
from grensdesk.i18n import _

if TYPE_CHECKING:
    from grensdesk.bootstrap import Database
    from grensdesk.services.knowledge_search import SearchHit, Situation, SituationMatch


def add_kb_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kb = commands.add_parser("kb", help=_("knowledge base of rule comparisons")).add_subparsers(
        dest="kb_command", metavar="ACTION", required=True
    )
    found = kb.add_parser(
        "search",
        help=_("search published comparisons (every word counts as a prefix)"),
        description=_(
            "Search published comparisons. With --residence, --work and --profile only the "
            'comparisons that apply to that situation are shown; with an empty TEXT ("") '
            "they are listed best first."
        ),
    )
    found.add_argument("text", metavar="TEXT")
    found.add_argument("--lang", metavar="L", help=_("language of the results: nl, de, fr, en"))
    found.add_argument("--residence", metavar="CC", help=_("country of residence: NL, DE, BE"))
    found.add_argument("--work", metavar="CC", help=_("country of work: NL, DE, BE"))
    found.add_argument("--profile", metavar="P", help=_("e.g. frontier_worker, pensioner"))
    found.add_argument(
        "--home-work", type=int, metavar="PERCENT", help=_("share of work done from home")
    )
    found.add_argument(
        "--topic", action="append", default=[], metavar="CODE", help=_("repeat for more topics")
    )
    found.add_argument("--limit", type=whole_number(1), default=20, metavar="N")
    found.add_argument("--json", action="store_true")
    export = kb.add_parser("export", help=_("write every published comparison to a YAML file"))
    export.add_argument("file", metavar="FILE", type=Path)
    load = kb.add_parser(
        "import", help=_("read comparisons from a YAML file: all of it or nothing")
    )
    load.add_argument("file", metavar="FILE", type=Path)


def run_kb_command(args: argparse.Namespace, database: Database) -> int:
    from grensdesk.services.context import system_actor
    from grensdesk.services.knowledge_format import export_file, import_file

    actor = system_actor()
    if args.kb_command == "export":
        count = export_file(database.sessions, actor, args.file)
        print(_("Exported {count} comparisons to {file}.").format(count=count, file=args.file))
        return 0
    if args.kb_command == "import":
        result = import_file(database.sessions, actor, args.file)
        print(
            _("Imported {file}: {created} new, {updated} changed, {unchanged} unchanged.").format(
                file=args.file,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
            )
        )
        return 0
    return _search(args, database)


def _situation(args: argparse.Namespace) -> Situation | None:
    from grensdesk.services.errors import ValidationError
    from grensdesk.services.knowledge_search import Situation

    given = [args.residence, args.work, args.profile]
    if not any(given) and args.home_work is None and not args.topic:
        return None
    if not all(given):
        raise ValidationError(
            _("A situation needs --residence, --work and --profile together."),
            field="situation",
        )
    return Situation(
        residence=args.residence.upper(),
        work=args.work.upper(),
        profile=args.profile,
        home_work_percent=args.home_work,
        topics=tuple(args.topic),
    )


def _search(args: argparse.Namespace, database: Database) -> int:
    from grensdesk.services.context import system_actor
    from grensdesk.services.knowledge import check_language
    from grensdesk.services.knowledge_search import SearchHit, find_for_situation, search

    language = args.lang or i18n.current_language()
    check_language(language)
    situation = _situation(args)
    actor = system_actor()
    results: list[SearchHit] | list[SituationMatch]
    if not args.text.strip() and situation is not None:
        results = find_for_situation(database.sessions, actor, situation, language, args.limit)
    else:
        results = search(database.sessions, actor, args.text, language, args.limit, situation)
    if args.json:
        json.dump(
            [_as_json(result) for result in results], sys.stdout, ensure_ascii=False, indent=2
        )
        sys.stdout.write("\n")
        return 0
    if not results:
        print(_("Nothing found."))
    for result in results:
        row = result.row
        title = result.title.marked() if isinstance(result, SearchHit) else row.title
        marker = f" ({row.language})" if row.is_fallback else ""
        print(
            f"{float(result.score):8.2f}  {row.code:<40} v{row.number:<3} "
            f"{row.topic_code:<20} NL-{row.neighbour_country}  {title}{marker}"
        )
    return 0


def _as_json(result: SearchHit | SituationMatch) -> dict[str, Any]:
    from grensdesk.services.knowledge_search import SearchHit

    row = result.row
    data: dict[str, Any] = {
        "id": row.comparison_id,
        "code": row.code,
        "version": row.number,
        "version_id": row.version_id,
        "title": row.title,
        "language": row.language,
        "fallback": row.is_fallback,
        "topic": row.topic_code,
        "countries": ["NL", row.neighbour_country],
        "region": row.region,
        "valid_from": row.valid_from.isoformat(),
        "valid_to": row.valid_to.isoformat() if row.valid_to else None,
        "score": result.score,
    }
    if isinstance(result, SearchHit):
        data["matched_language"] = result.matched_language
        data["snippet"] = result.snippet.text
    else:
        data["reasons"] = list(result.reasons)
    return data
