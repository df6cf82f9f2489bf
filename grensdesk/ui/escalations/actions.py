"""The things a person can do with a case, each with its shortcut.

``key`` is the name in ``EscalationDetail.allowed_actions``; the backend decides what is
allowed for whom and when, the screen only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from grensdesk.i18n import N_


@dataclass(frozen=True)
class CaseAction:
    key: str
    label: str  # N_-marked, with a mnemonic
    shortcut: str
    roles: frozenset[str]  # who sees the button at all
    needs_text: bool  # opens a dialog for a message first


EXPERT: Final = frozenset({"expert"})
ADVISER: Final = frozenset({"adviser"})

CASE_ACTIONS: Final = (
    CaseAction("claim", N_("&Claim"), "Ctrl+M", EXPERT, needs_text=False),
    CaseAction("request_information", N_("As&k adviser…"), "Ctrl+I", EXPERT, needs_text=True),
    CaseAction("note", N_("Internal &note…"), "Ctrl+Shift+N", EXPERT, needs_text=True),
    CaseAction("answer", N_("&Answer…"), "Ctrl+Shift+A", EXPERT, needs_text=True),
    CaseAction("return", N_("Re&turn…"), "Ctrl+Shift+R", EXPERT, needs_text=True),
    CaseAction("reassign", N_("Reassi&gn…"), "Ctrl+Shift+G", EXPERT, needs_text=True),
    CaseAction(
        "provide_information", N_("Give &information…"), "Ctrl+Shift+I", ADVISER, needs_text=True
    ),
    CaseAction("reply", N_("Re&ply…"), "Ctrl+Shift+P", ADVISER, needs_text=True),
    CaseAction("close", N_("Clos&e…"), "Ctrl+Shift+W", EXPERT | ADVISER, needs_text=True),
)
ACTIONS_BY_KEY: Final = {action.key: action for action in CASE_ACTIONS}
