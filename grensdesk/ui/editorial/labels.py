"""Names of version states and work lists, translated when shown."""

from __future__ import annotations

from typing import Final

from grensdesk.i18n import N_, _
from grensdesk.models.knowledge import VERSION_STATES
from grensdesk.services.knowledge_review_queue import QUEUES

STATE_LABELS: Final = {
    "draft": N_("Draft"),
    "in_review": N_("Waiting for review"),
    "published": N_("Published"),
    "superseded": N_("Superseded"),
    "retired": N_("Retired"),
}
QUEUE_LABELS: Final = {
    "mine": N_("My drafts"),
    "review": N_("Waiting for my review"),
    "drafts": N_("Drafts of other editors"),
    "due": N_("Due for review (60 days)"),
    "published": N_("Published"),
    "retired": N_("Retired"),
}

assert set(STATE_LABELS) == set(VERSION_STATES)
assert set(QUEUE_LABELS) == set(QUEUES)


def state_label(state: str) -> str:
    return _(STATE_LABELS.get(state, state))
