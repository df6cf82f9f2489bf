"""Published comparisons due for review, or whose validity ends soon."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.models import Comparison, ComparisonVersion
from grensdesk.services.context import Actor
from grensdesk.services.knowledge_checks import check_language
from grensdesk.services.knowledge_types import DUE_WITHIN_DAYS, DueItem
from grensdesk.services.knowledge_versions import load_versions, row_of, topic_codes


def due_for_review(
    sessions: sessionmaker[Session],
    actor: Actor,
    within_days: int = DUE_WITHIN_DAYS,
    today: dt.date | None = None,
    language: str = "nl",
) -> list[DueItem]:
    """Published versions whose review is due, or whose validity ends, within ``within_days``."""
    check_language(language)
    day = today or dt.date.today()
    horizon = day + dt.timedelta(days=within_days)
    with sessions() as session:
        ids = session.scalars(
            select(ComparisonVersion.id)
            .join(Comparison, Comparison.id == ComparisonVersion.comparison_id)
            .where(
                ComparisonVersion.state == "published",
                Comparison.status == "active",
                or_(
                    ComparisonVersion.next_review_due <= horizon,
                    ComparisonVersion.valid_to <= horizon,
                ),
            )
        ).all()
        versions = load_versions(session, ids)
        codes = topic_codes(session)
        items = [
            DueItem(
                row=row_of(v, codes[v.comparison.topic_id], language),
                next_review_due=v.next_review_due,
                review_due=v.next_review_due is not None and v.next_review_due <= horizon,
                validity_ends=v.valid_to is not None and v.valid_to <= horizon,
            )
            for v in versions.values()
        ]
    far = dt.date.max
    return sorted(
        items,
        key=lambda item: (
            min(item.next_review_due or far, item.row.valid_to or far),
            item.row.title.casefold(),
        ),
    )
