"""Shared set-up for the knowledge-base tests: the sample file and a draft's content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

from sqlalchemy import select

from grensdesk.bootstrap import Database
from grensdesk.models import Comparison
from grensdesk.services.context import system_actor
from grensdesk.services.knowledge import Applicability, ComparisonContent, Source, Texts
from grensdesk.services.knowledge_format import ImportResult, import_file

SAMPLE: Final = Path(__file__).resolve().parent / "data" / "knowledge_sample.yaml"
TODAY: Final = dt.date(2026, 11, 28)


def load_sample(database: Database) -> ImportResult:
    return import_file(database.sessions, system_actor(), SAMPLE)


def comparison_id(database: Database, code: str) -> int:
    with database.sessions() as session:
        found = session.scalar(select(Comparison.id).where(Comparison.code == code))
    assert found is not None, code
    return found


def draft_content(
    title: str = "Rijbewijs omwisselen in Duitsland", **changes: object
) -> ComparisonContent:
    values: dict[str, object] = {
        "topic": "vehicles",
        "neighbour_country": "DE",
        "valid_from": dt.date(2026, 1, 1),
        "texts": (
            Texts(
                language="nl",
                title=title,
                dutch_rule="Een Nederlands rijbewijs blijft geldig.",
                neighbour_rule="Na verhuizing naar Duitsland mag u het blijven gebruiken.",
                practice="Omwisselen hoeft niet, maar kan bij de Führerscheinstelle.",
                legal_basis="Richtlijn 2006/126/EG",
            ),
        ),
        "sources": (Source("RDW", "https://www.rdw.nl/"),),
        "applies_to": Applicability(residence=("DE",)),
    }
    values.update(changes)
    return ComparisonContent(**values)  # type: ignore[arg-type]
