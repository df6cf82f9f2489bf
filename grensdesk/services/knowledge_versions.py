"""Loading comparison versions and turning them into the values of ``knowledge_types``.

Shared by every knowledge service: reading, diffs, attachments, editing and search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from grensdesk.i18n import _
from grensdesk.models import LANGUAGES, ComparisonText, ComparisonVersion, Topic
from grensdesk.services.context import Actor
from grensdesk.services.errors import NotFoundError
from grensdesk.services.knowledge_types import (
    FALLBACK_ORDER,
    Applicability,
    ComparisonRow,
    Texts,
)


def split_codes(raw: str) -> tuple[str, ...]:
    return tuple(code for code in raw.split(",") if code)


def join_codes(codes: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(codes))


def pick_text(texts: Sequence[ComparisonText], language: str) -> tuple[ComparisonText, bool]:
    """The text in ``language``, else the first in the fallback order; True when it fell back."""
    by_language = {text.language: text for text in texts}
    if language in by_language:
        return by_language[language], False
    for candidate in (*FALLBACK_ORDER, *LANGUAGES):
        if candidate in by_language:
            return by_language[candidate], True
    raise NotFoundError(_("This comparison has no text in any language."))


def texts_of(text: ComparisonText) -> Texts:
    return Texts(
        language=text.language,
        title=text.title,
        dutch_rule=text.dutch_rule,
        neighbour_rule=text.neighbour_rule,
        practice=text.practice,
        legal_basis=text.legal_basis,
        keywords=tuple(word for word in text.keywords.split("\n") if word),
    )


def applicability_of(version: ComparisonVersion) -> Applicability:
    return Applicability(
        residence=split_codes(version.residence_countries),
        work=split_codes(version.work_countries),
        profiles=split_codes(version.profiles),
        home_work_min=version.home_work_min,
        home_work_max=version.home_work_max,
    )


def row_of(version: ComparisonVersion, topic_code: str, language: str) -> ComparisonRow:
    text, is_fallback = pick_text(version.texts, language)
    comparison = version.comparison
    return ComparisonRow(
        comparison_id=comparison.id,
        code=comparison.code,
        version_id=version.id,
        number=version.number,
        state=version.state,
        topic_code=topic_code,
        neighbour_country=comparison.neighbour_country,
        region=comparison.region,
        language=text.language,
        is_fallback=is_fallback,
        title=text.title,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
    )


def load_versions(session: Session, version_ids: Iterable[int]) -> dict[int, ComparisonVersion]:
    ids = list(dict.fromkeys(version_ids))
    if not ids:
        return {}
    rows = session.scalars(
        select(ComparisonVersion)
        .where(ComparisonVersion.id.in_(ids))
        .options(
            selectinload(ComparisonVersion.texts),
            selectinload(ComparisonVersion.sources),
            selectinload(ComparisonVersion.comparison),
        )
    )
    return {row.id: row for row in rows}


def topic_codes(session: Session) -> dict[int, str]:
    return {topic_id: code for topic_id, code in session.execute(select(Topic.id, Topic.code))}


def event_office(actor: Actor) -> int | None:
    # The command line's system actor belongs to no office (id 0).
    return actor.office_id or None
