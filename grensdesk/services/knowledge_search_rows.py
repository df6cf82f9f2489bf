"""List rows for a page of search or finder results, in the reader's language or a fallback."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from grensdesk.models import Comparison, ComparisonText, ComparisonVersion, Topic
from grensdesk.models.base import LANGUAGES
from grensdesk.services.knowledge import FALLBACK_ORDER, ComparisonRow

BODY_FIELDS: Final = ("dutch_rule", "neighbour_rule", "practice", "legal_basis", "keywords")


def hydrate(
    session: Session, ids: list[int], language: str, with_bodies: bool = True
) -> tuple[dict[int, ComparisonRow], dict[tuple[int, str], Any]]:
    """List rows (and texts, for snippets) for a page of results in one query, without
    ORM objects."""
    if not ids:
        return {}, {}
    bodies = [getattr(ComparisonText, name) for name in BODY_FIELDS] if with_bodies else []
    found = session.execute(
        select(
            ComparisonText.version_id,
            ComparisonText.language,
            ComparisonText.title,
            *bodies,
            ComparisonVersion.number,
            ComparisonVersion.state,
            ComparisonVersion.valid_from,
            ComparisonVersion.valid_to,
            Comparison.id.label("comparison_id"),
            Comparison.code,
            Comparison.neighbour_country,
            Comparison.region,
            Topic.code.label("topic_code"),
        )
        .join(ComparisonVersion, ComparisonVersion.id == ComparisonText.version_id)
        .join(Comparison, Comparison.id == ComparisonVersion.comparison_id)
        .join(Topic, Topic.id == Comparison.topic_id)
        .where(ComparisonText.version_id.in_(ids))
    ).all()
    texts = {(row.version_id, row.language): row for row in found}
    languages: dict[int, list[str]] = {}
    for version_id, lang in texts:
        languages.setdefault(version_id, []).append(lang)
    rows = {}
    for version_id, available in languages.items():
        shown = language if language in available else _fallback(available)
        head = texts[version_id, shown]
        rows[version_id] = ComparisonRow(
            comparison_id=head.comparison_id,
            code=head.code,
            version_id=version_id,
            number=head.number,
            state=head.state,
            topic_code=head.topic_code,
            neighbour_country=head.neighbour_country,
            region=head.region,
            language=shown,
            is_fallback=shown != language,
            title=head.title,
            valid_from=head.valid_from,
            valid_to=head.valid_to,
        )
    return rows, texts


def _fallback(available: list[str]) -> str:
    return next(lang for lang in (*FALLBACK_ORDER, *LANGUAGES) if lang in available)
