"""What import rows are checked against: offices, advisers, topics and earlier imports.

Read once per file, so that checking ten thousand rows costs a handful of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from grensdesk.models import Consultation, Office, Topic, UserAccount
from grensdesk.services.consultation_import_types import Record

# Rows per statement when looking up earlier imports; well below every engine's limit.
_LOOKUP_CHUNK: Final = 500


@dataclass
class ImportContext:
    """What the rows are checked against, read once for the whole file."""

    offices: dict[str, int]
    advisers: dict[str, tuple[int, int]]
    topics: dict[str, int]
    earlier: set[tuple[int, str]]
    seen: dict[tuple[int, str], int]
    today: dt.date


def read_context(session: Session, records: Sequence[Record]) -> ImportContext:
    """The offices, advisers and topics by code, and the rows' earlier imports."""
    offices = dict(session.execute(select(Office.code, Office.id)).all())
    advisers = {
        username: (user_id, office_id)
        for username, user_id, office_id in session.execute(
            select(UserAccount.username, UserAccount.id, UserAccount.office_id)
        )
    }
    topics = dict(session.execute(select(Topic.code, Topic.id)).all())
    refs = sorted(
        {
            str(values["source_ref"]).strip()
            for _line, values in records
            if isinstance(values, Mapping) and isinstance(values.get("source_ref"), str | int)
        }
    )
    office_ids = {
        offices[code]
        for _line, values in records
        if isinstance(values, Mapping)
        and isinstance(values.get("office"), str)
        and (code := str(values["office"]).strip()) in offices
    }
    earlier: set[tuple[int, str]] = set()
    for chunk in _chunks(refs, _LOOKUP_CHUNK):
        for office_id, source_ref in session.execute(
            select(Consultation.office_id, Consultation.source_ref).where(
                Consultation.office_id.in_(office_ids), Consultation.source_ref.in_(chunk)
            )
        ):
            earlier.add((office_id, source_ref or ""))
    return ImportContext(offices, advisers, topics, earlier, {}, dt.date.today())


def _chunks(values: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
