"""How many escalations changed for this person since they last looked at the page.

Counts escalations (not events) touched by someone else that concern the signed-in person
(``escalations.is_relevant``): a new case in an expert's topics, an answer for an adviser.

Signals:
    count_changed(int): the number changed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from grensdesk.i18n import _
from grensdesk.services.context import Actor
from grensdesk.services.escalations import is_relevant
from grensdesk.services.events import EventRecord


class NewItems(QObject):
    count_changed = Signal(int)

    def __init__(self, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.ids: set[int] = set()

    @property
    def count(self) -> int:
        return len(self.ids)

    def events_arrived(self, events: list[EventRecord]) -> None:
        before = len(self.ids)
        for event in events:
            if (
                event.entity == "escalation"
                and event.entity_id is not None
                and event.actor_id != self.actor.user_id
                and is_relevant(self.actor, event)
            ):
                self.ids.add(event.entity_id)
        if len(self.ids) != before:
            self.count_changed.emit(len(self.ids))

    def seen(self, escalation_id: int) -> None:
        """One of them was opened."""
        if escalation_id in self.ids:
            self.ids.discard(escalation_id)
            self.count_changed.emit(len(self.ids))

    def reset(self) -> None:
        if self.ids:
            self.ids.clear()
            self.count_changed.emit(0)


def navigation_title(title: str, count: int) -> str:
    """ "Escalations (3)": the page's name with the count, when there is one."""
    if not count:
        return title
    return _("{title} ({count})").format(title=title, count=count)
