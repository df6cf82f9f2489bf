"""Reference data every database carries: the offices and the topic taxonomy.

The source files are ``resources/seed/offices.toml`` and ``topics.toml``. Loading is
idempotent: rows are matched on their code, new ones added, changed ones updated;
nothing an administrator added is removed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from grensdesk.models import Office, Topic

SEED_DIR: Final = Path(__file__).resolve().parent.parent / "resources" / "seed"
OFFICE_FIELDS: Final = (
    "name",
    "kind",
    "border",
    "country",
    "neighbour_country",
    "region",
    "town",
    "address",
    "phone",
    "email",
    "website",
    "languages",
    "source",
)


@dataclass(frozen=True)
class SeedCounts:
    offices_added: int
    offices_updated: int
    topics_added: int
    topics_updated: int


def _load(name: str) -> dict[str, Any]:
    with (SEED_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


def office_seed() -> list[dict[str, Any]]:
    return list(_load("offices.toml")["office"])


def topic_seed() -> list[dict[str, Any]]:
    return list(_load("topics.toml")["topic"])


def seed_reference_data(session: Session) -> SeedCounts:
    topics_added, topics_updated = _seed_topics(session)
    offices_added, offices_updated = _seed_offices(session)
    return SeedCounts(offices_added, offices_updated, topics_added, topics_updated)


def _seed_topics(session: Session) -> tuple[int, int]:
    existing = {topic.code: topic for topic in session.scalars(select(Topic))}
    added = updated = 0
    for position, entry in enumerate(topic_seed(), start=1):
        values = {
            "position": position,
            "name_nl": entry["nl"],
            "name_de": entry["de"],
            "name_fr": entry["fr"],
            "name_en": entry["en"],
        }
        topic = existing.get(entry["code"])
        if topic is None:
            session.add(Topic(code=entry["code"], **values))
            added += 1
        elif _assign(topic, values):
            updated += 1
    session.flush()
    return added, updated


def _seed_offices(session: Session) -> tuple[int, int]:
    existing = {office.code: office for office in session.scalars(select(Office))}
    added = updated = 0
    # Parents come before their children in the file, so one pass resolves every parent.
    for entry in office_seed():
        values: dict[str, Any] = {field: entry.get(field) for field in OFFICE_FIELDS}
        for text_field in ("address", "phone", "email", "website", "source"):
            values[text_field] = values[text_field] or ""
        values["languages"] = values["languages"] or "nl"
        parent_code = entry.get("parent")
        values["parent_id"] = existing[parent_code].id if parent_code else None
        office = existing.get(entry["code"])
        if office is None:
            office = Office(code=entry["code"], active=True, **values)
            session.add(office)
            session.flush()
            existing[office.code] = office
            added += 1
        elif _assign(office, values):
            updated += 1
    session.flush()
    return added, updated


def _assign(row: object, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed
