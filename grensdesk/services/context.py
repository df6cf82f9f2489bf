"""Who is acting, and the role check every use case starts with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NewType
from zoneinfo import ZoneInfo

from grensdesk.i18n import _
from grensdesk.services.errors import PermissionDeniedError

# Netherlands, Germany and Belgium share one clock (CET/CEST): days and months of the
# GIPs' work are counted in it, whatever zone the desk computer is set to.
BORDER_ZONE: Final = ZoneInfo("Europe/Amsterdam")

UserId = NewType("UserId", int)
OfficeId = NewType("OfficeId", int)


@dataclass(frozen=True)
class Actor:
    """The signed-in person on whose behalf a service acts."""

    user_id: UserId | None
    username: str
    full_name: str
    office_id: OfficeId
    office_code: str
    office_name: str
    roles: frozenset[str]
    topics: tuple[str, ...]
    ui_language: str

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_system(self) -> bool:
        """The command line, acting with the database's own credentials."""
        return self.user_id is None


def system_actor(office_id: int = 0, office_code: str = "", office_name: str = "") -> Actor:
    """The administrator at the command line: whoever holds the database credentials."""
    return Actor(
        user_id=None,
        username="grensdesk-cli",
        full_name="GrensDesk command line",
        office_id=OfficeId(office_id),
        office_code=office_code,
        office_name=office_name,
        roles=frozenset({"admin", "coordinator", "editor", "expert", "adviser"}),
        topics=(),
        ui_language="en",
    )


def require_role(actor: Actor, *roles: str) -> None:
    """Refuse unless the actor holds at least one of ``roles``."""
    if not any(actor.has_role(role) for role in roles):
        raise PermissionDeniedError(
            _("{user} may not do this: it needs the role {roles}.").format(
                user=actor.username, roles=" / ".join(roles)
            )
        )
