"""The directory of offices: GIPs and their sites, back-office organisations, Euregios."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, sessionmaker

from grensdesk.i18n import N_
from grensdesk.models import Office
from grensdesk.services.context import Actor

KIND_LABELS: Final = {
    "euregio": N_("Euregio / network"),
    "gip": N_("Border information point"),
    "site": N_("Consultation site"),
    "back_office": N_("Back office"),
}


@dataclass(frozen=True)
class OfficeSummary:
    id: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    border: str | None
    country: str
    neighbour_country: str | None
    region: str | None
    town: str
    address: str
    phone: str
    email: str
    website: str
    languages: tuple[str, ...]
    source: str


def list_offices(sessions: sessionmaker[Session], actor: Actor) -> list[OfficeSummary]:
    """Every active office; any signed-in role may read the directory."""
    del actor  # the directory is public within GrensDesk; kept for a uniform signature
    parent = aliased(Office)
    with sessions() as session:
        rows = session.execute(
            select(Office, parent.code)
            .outerjoin(parent, Office.parent_id == parent.id)
            .where(Office.active.is_(True))
            .order_by(Office.name)
        ).all()
        return [
            OfficeSummary(
                id=office.id,
                code=office.code,
                name=office.name,
                kind=office.kind,
                parent_code=parent_code,
                border=office.border,
                country=office.country,
                neighbour_country=office.neighbour_country,
                region=office.region,
                town=office.town,
                address=office.address,
                phone=office.phone,
                email=office.email,
                website=office.website,
                languages=tuple(office.languages.split(",")),
                source=office.source,
            )
            for office, parent_code in rows
        ]
