"""``grensdesk escalations list``: the back-office queue at the command line.

The grammar is built by the light parser (``grensdesk.cli_parser``) before anyone knows
whether a command will run, so the services are imported only when one does. Status and
topic are checked by the service, so that a wrong one is refused in one plain line.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from grensdesk.cli_types import whole_number
from grensdesk.i18n import _

if TYPE_CHECKING:
    from grensdesk.bootstrap import Database
    from grensdesk.services.escalations import EscalationSummary


def add_escalation_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    escalations = commands.add_parser(
        "escalations", help=_("escalations to the back office")
    ).add_subparsers(dest="escalations_command", metavar="ACTION", required=True)
    listing = escalations.add_parser(
        "list", help=_("list escalations, overdue first, then by deadline")
    )
    listing.add_argument(
        "--status",
        metavar="S",
        help=_("new, claimed, waiting, answered, returned or closed (default: all but closed)"),
    )
    listing.add_argument("--topic", metavar="T", help=_("topic code, e.g. tax"))
    listing.add_argument("--limit", type=whole_number(1), default=1_000, metavar="N")
    listing.add_argument("--json", action="store_true")


def run_escalation_command(args: argparse.Namespace, database: Database) -> int:
    from grensdesk.services.context import system_actor
    from grensdesk.services.escalations import list_queue

    found = list_queue(
        database.sessions, system_actor(), status=args.status, topic=args.topic, limit=args.limit
    )
    if args.json:
        json.dump([_as_json(item) for item in found], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for item in found:
        flag = "!" if item.is_overdue else ("~" if item.due_soon else " ")
        sys.stdout.write(
            f"{item.id:>8} {flag} {item.due_on.isoformat()} {item.working_days_left:>4} "
            f"{item.status:<9} {item.urgency:<7} {item.topic_code:<20} "
            f"{item.office_name[:28]:<28} {item.assignee_name}\n"
        )
    return 0


def _as_json(item: EscalationSummary) -> dict[str, object]:
    return {
        "id": item.id,
        "consultation_id": item.consultation_id,
        "topic": item.topic_code,
        "urgency": item.urgency,
        "status": item.status,
        "office": item.office_name,
        "answering_office": item.answering_office_name or None,
        "assignee": item.assignee_name or None,
        "created_at": item.created_at.isoformat(),
        "due_on": item.due_on.isoformat(),
        "working_days_left": item.working_days_left,
        "overdue": item.is_overdue,
        "due_soon": item.due_soon,
        "version": item.version,
    }
