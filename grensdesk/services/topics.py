"""The topic taxonomy, named in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.models import Topic


@dataclass(frozen=True)
class TopicSummary:
    id: int
    code: str
    names: dict[str, str]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["nl"]


def list_topics(sessions: sessionmaker[Session]) -> list[TopicSummary]:
    with sessions() as session:
        return [
            TopicSummary(
                id=topic.id,
                code=topic.code,
                names={
                    "nl": topic.name_nl,
                    "de": topic.name_de,
                    "fr": topic.name_fr,
                    "en": topic.name_en,
                },
            )
            for topic in session.scalars(select(Topic).order_by(Topic.position))
        ]
