"""Who may do what with an escalation, in which status: one place for checks and buttons.

The same predicates decide whether a service call is refused and which actions the
detail offers, so the screen never offers what the service would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from grensdesk.models import OPEN_ESCALATION_STATUSES
from grensdesk.services.context import Actor

ACTIONS: Final = (
    "claim",
    "request_information",
    "provide_information",
    "note",
    "answer",
    "return",
    "reassign",
    "reply",
    "close",
)


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about one escalation."""

    status: str
    topic_code: str
    office_id: int  # the front office that escalated
    answering_office_id: int | None
    assignee_id: int | None


def is_front_office(actor: Actor, case: CaseFacts) -> bool:
    """An adviser of the office that escalated."""
    return actor.has_role("adviser") and actor.office_id == case.office_id and not actor.is_system


def is_topic_expert(actor: Actor, case: CaseFacts) -> bool:
    """An expert in the field, at the answering office (or any, while none is chosen)."""
    return (
        actor.has_role("expert")
        and case.topic_code in actor.topics
        and case.answering_office_id in (None, actor.office_id)
    )


def is_assignee(actor: Actor, case: CaseFacts) -> bool:
    return actor.user_id is not None and actor.user_id == case.assignee_id


def is_back_office(actor: Actor, case: CaseFacts) -> bool:
    """Reads internal notes: the back office of this case, or the command line."""
    return actor.is_system or is_topic_expert(actor, case) or is_assignee(actor, case)


def may_see(actor: Actor, case: CaseFacts) -> bool:
    return (
        actor.is_system
        or actor.has_role("coordinator")
        or is_front_office(actor, case)
        or is_back_office(actor, case)
    )


def may(action: str, actor: Actor, case: CaseFacts) -> bool:
    """Whether ``actor`` may take ``action`` on the case now."""
    status = case.status
    if action == "claim":
        return status == "new" and is_topic_expert(actor, case) and actor.user_id is not None
    if action == "request_information":
        return status == "claimed" and is_assignee(actor, case)
    if action == "provide_information":
        return status == "waiting" and is_front_office(actor, case)
    if action == "note":
        return status != "closed" and (is_topic_expert(actor, case) or is_assignee(actor, case))
    if action == "answer":
        return status in ("claimed", "waiting") and is_assignee(actor, case)
    if action == "return":
        return status in OPEN_ESCALATION_STATUSES and (
            is_assignee(actor, case) or (status == "new" and is_topic_expert(actor, case))
        )
    if action == "reassign":
        return status in OPEN_ESCALATION_STATUSES and (
            is_assignee(actor, case) or is_topic_expert(actor, case)
        )
    if action == "reply":
        return status == "answered" and is_front_office(actor, case)
    if action == "close":
        return status != "closed" and (
            is_front_office(actor, case)
            or (status in ("answered", "returned") and is_assignee(actor, case))
        )
    raise ValueError(f"unknown action {action}")


def allowed_actions(actor: Actor, case: CaseFacts) -> frozenset[str]:
    return frozenset(action for action in ACTIONS if may(action, actor, case))
