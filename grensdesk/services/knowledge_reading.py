"""Reading the knowledge base: one comparison side by side, the list, a version history.

Every role may read published versions; editors also see drafts and versions under review.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import _
from grensdesk.models import ComparisonVersion, Topic
from grensdesk.services.context import Actor
from grensdesk.services.errors import NotFoundError, ValidationError
from grensdesk.services.knowledge_checks import check_language
from grensdesk.services.knowledge_types import (
    ComparisonDetail,
    ComparisonRow,
    Source,
    VersionSummary,
)
from grensdesk.services.knowledge_versions import (
    applicability_of,
    load_versions,
    pick_text,
    row_of,
    texts_of,
    topic_codes,
)


def get_comparison(
    sessions: sessionmaker[Session],
    actor: Actor,
    *,
    version_id: int | None = None,
    comparison_id: int | None = None,
    language: str = "nl",
) -> ComparisonDetail:
    """One version for the side-by-side view; by comparison id: its current published version.

    Editors also see drafts and versions under review; other roles only published ones.
    """
    check_language(language)
    with sessions() as session:
        if version_id is None:
            if comparison_id is None:
                raise ValidationError(_("Name a comparison or a version."))
            version_id = _current_version_id(session, comparison_id, actor)
        version = load_versions(session, [version_id]).get(version_id)
        if version is None or (
            version.state in ("draft", "in_review") and not actor.has_role("editor")
        ):
            raise NotFoundError(_("Unknown comparison version {id}.").format(id=version_id))
        return detail_of(session, version, language)


def _current_version_id(session: Session, comparison_id: int, actor: Actor) -> int:
    states = ["published", "retired"]
    if actor.has_role("editor"):
        states += ["draft", "in_review"]
    rows: list[tuple[int, str]] = [
        (id_, state)
        for id_, state in session.execute(
            select(ComparisonVersion.id, ComparisonVersion.state)
            .where(
                ComparisonVersion.comparison_id == comparison_id,
                ComparisonVersion.state.in_(states),
            )
            .order_by(ComparisonVersion.number.desc())
        )
    ]
    if not rows:
        raise NotFoundError(_("Unknown comparison {id}.").format(id=comparison_id))
    published = [id_ for id_, state in rows if state in ("published", "retired")]
    return published[0] if published else rows[0][0]


def detail_of(session: Session, version: ComparisonVersion, language: str) -> ComparisonDetail:
    topic = session.get(Topic, version.comparison.topic_id)
    assert topic is not None
    row = row_of(version, topic.code, language)
    text, _fallback = pick_text(version.texts, language)
    latest = session.scalar(
        select(ComparisonVersion.id).where(
            ComparisonVersion.comparison_id == version.comparison_id,
            ComparisonVersion.state == "published",
        )
    )
    return ComparisonDetail(
        row=row,
        requested_language=language,
        texts=texts_of(text),
        available_languages=tuple(t.language for t in version.texts),
        topic_name=getattr(topic, f"name_{language}") or topic.name_nl,
        comparison_status=version.comparison.status,
        sources=tuple(Source(s.title, s.url) for s in version.sources),
        applies_to=applicability_of(version),
        author_name=version.author_name,
        reviewer_name=version.reviewer_name,
        reviewed_at=version.reviewed_at,
        published_at=version.published_at,
        next_review_due=version.next_review_due,
        lock_version=version.version,
        latest_published_version_id=latest,
    )


def list_comparisons(
    sessions: sessionmaker[Session], actor: Actor, language: str = "nl"
) -> list[ComparisonRow]:
    """Every comparison's newest version (drafts only for editors), by title."""
    check_language(language)
    states = ["published", "retired", "superseded"]
    if actor.has_role("editor"):
        states += ["draft", "in_review"]
    with sessions() as session:
        newest: dict[int, int] = {}
        for comparison_id, version_id in session.execute(
            select(ComparisonVersion.comparison_id, ComparisonVersion.id)
            .where(ComparisonVersion.state.in_(states))
            .order_by(ComparisonVersion.number)
        ):
            newest[comparison_id] = version_id
        versions = load_versions(session, newest.values())
        codes = topic_codes(session)
        rows = [
            row_of(version, codes[version.comparison.topic_id], language)
            for version in versions.values()
        ]
        return sorted(rows, key=lambda row: row.title.casefold())


def list_history(
    sessions: sessionmaker[Session], actor: Actor, comparison_id: int
) -> list[VersionSummary]:
    """Every version of a comparison, newest first (drafts only for editors)."""
    with sessions() as session:
        query = select(ComparisonVersion).where(ComparisonVersion.comparison_id == comparison_id)
        if not actor.has_role("editor"):
            query = query.where(ComparisonVersion.state.not_in(("draft", "in_review")))
        versions = session.scalars(query.order_by(ComparisonVersion.number.desc())).all()
        if not versions:
            raise NotFoundError(_("Unknown comparison {id}.").format(id=comparison_id))
        return [
            VersionSummary(
                version_id=v.id,
                number=v.number,
                state=v.state,
                author_name=v.author_name,
                reviewer_name=v.reviewer_name,
                created_at=v.created_at,
                reviewed_at=v.reviewed_at,
                published_at=v.published_at,
                valid_from=v.valid_from,
                valid_to=v.valid_to,
            )
            for v in versions
        ]
