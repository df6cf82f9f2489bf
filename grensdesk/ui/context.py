"""What every screen of a signed-in session shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grensdesk.bootstrap import Database
    from grensdesk.config import Settings
    from grensdesk.services.context import Actor
    from grensdesk.ui.tasks import TaskRunner


@dataclass(frozen=True)
class AppContext:
    database: Database
    actor: Actor
    tasks: TaskRunner
    settings: Settings
