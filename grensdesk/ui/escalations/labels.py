"""The words for an escalation's status, urgency, messages and deadline, in the UI language."""

from __future__ import annotations

from typing import Final

from grensdesk import i18n
from grensdesk.i18n import N_, _, ngettext
from grensdesk.services.escalations import EscalationSummary

STATUS_LABELS: Final = {
    "new": N_("New"),
    "claimed": N_("Claimed"),
    "waiting": N_("Waiting for information"),
    "answered": N_("Answered"),
    "closed": N_("Closed"),
    "returned": N_("Returned"),
}
URGENCY_LABELS: Final = {"normal": N_("Normal"), "urgent": N_("Urgent")}
MESSAGE_LABELS: Final = {
    "question": N_("Question"),
    "info_request": N_("Request for information"),
    "info_reply": N_("Information from the adviser"),
    "internal_note": N_("Internal note"),
    "answer": N_("Answer"),
    "return": N_("Returned"),
    "reassign": N_("Reassigned"),
    "reply": N_("Reply from the adviser"),
    "close": N_("Closed"),
}
OPEN_STATUSES: Final = frozenset({"new", "claimed", "waiting"})


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def urgency_label(urgency: str) -> str:
    return _(URGENCY_LABELS.get(urgency, urgency))


def message_label(kind: str) -> str:
    return _(MESSAGE_LABELS.get(kind, kind))


def due_text(row: EscalationSummary) -> str:
    """The date, and for an open case how far away it is in working days.

    Overdue is said in words (not only by colour): "overdue by 2 working days".
    """
    day = i18n.format_date(row.due_on, style="medium")
    if row.status not in OPEN_STATUSES:
        return day
    if row.status == "waiting":
        return _("{date} (paused: waiting for information)").format(date=day)
    left = row.working_days_left
    if row.is_overdue:
        late = max(-left, 1)
        return ngettext(
            "{date}, overdue by {count} working day",
            "{date}, overdue by {count} working days",
            late,
        ).format(date=day, count=late)
    if left <= 0:
        return _("{date}, due today").format(date=day)
    return ngettext(
        "{date}, in {count} working day", "{date}, in {count} working days", left
    ).format(date=day, count=left)
