"""Knowledge files written to the database, and the shipped content loaded.

An import checks the whole file before it writes, and writes in one transaction: a file is
taken completely or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import _
from grensdesk.models import Comparison, ComparisonVersion, Topic
from grensdesk.services.context import Actor, require_role, system_actor
from grensdesk.services.errors import ValidationError
from grensdesk.services.events import record_event
from grensdesk.services.knowledge import event_office, load_versions
from grensdesk.services.knowledge_editorial import publish_reviewed, retire_in
from grensdesk.services.knowledge_format_documents import (
    ComparisonDocument,
    ImportResult,
    KnowledgeFormatError,
    content_of,
)
from grensdesk.services.knowledge_format_parsing import parse_knowledge

CONTENT_DIR: Final = Path(__file__).resolve().parent.parent.parent / "resources" / "knowledge"


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _apply(session: Session, documents: Iterable[ComparisonDocument]) -> ImportResult:
    topics = {code: topic_id for code, topic_id in session.execute(select(Topic.code, Topic.id))}
    codes = {topic_id: code for code, topic_id in topics.items()}
    created = updated = unchanged = retired = 0
    for document in documents:
        topic_id = topics.get(document.content.topic)
        if topic_id is None:
            raise KnowledgeFormatError(
                _("unknown topic {code}; choose one of {codes}.").format(
                    code=document.content.topic, codes=", ".join(topics)
                ),
                document.topic_line,
                document.source,
            )
        comparison = session.scalar(select(Comparison).where(Comparison.code == document.code))
        reviewed_at = _moment(document.reviewed_at)
        if comparison is None:
            comparison = Comparison(
                code=document.code,
                topic_id=topic_id,
                neighbour_country=document.content.neighbour_country,
                region=document.content.region,
                status="active",
                created_at=dt.datetime.now(dt.UTC),
            )
            session.add(comparison)
            session.flush()
            current = None
            created += 1
        else:
            current_id = session.scalar(
                select(ComparisonVersion.id)
                .where(
                    ComparisonVersion.comparison_id == comparison.id,
                    ComparisonVersion.state.in_(("published", "retired")),
                )
                .order_by(ComparisonVersion.number.desc())
                .limit(1)
            )
            current = load_versions(session, [current_id])[current_id] if current_id else None
            same = (
                current is not None
                and comparison.status == document.status
                and content_of(current, codes[comparison.topic_id]) == document.content
                and current.reviewer_name == document.reviewed_by
                and current.reviewed_at == reviewed_at
            )
            if same:
                unchanged += 1
                continue
            updated += 1
            comparison.topic_id = topic_id
            comparison.neighbour_country = document.content.neighbour_country
            comparison.region = document.content.region
            comparison.status = "active"
        version = publish_reviewed(
            session,
            comparison,
            document.content,
            author_name=document.author,
            reviewer_name=document.reviewed_by,
            reviewed_at=reviewed_at,
        )
        if document.status == "retired":
            retire_in(session, comparison)
            retired += 1
        record_event(
            session,
            "comparison.imported",
            "comparison",
            comparison.id,
            detail=f"version={version.id} number={version.number}",
        )
    return ImportResult(created, updated, unchanged, retired)


def import_yaml(
    sessions: sessionmaker[Session], actor: Actor, text: str, source: str = ""
) -> ImportResult:
    """Import a knowledge file: all of it, or (on the first problem) nothing at all."""
    require_role(actor, "editor")
    documents = parse_knowledge(text, source)
    with sessions.begin() as session:
        result = _apply(session, documents)
        record_event(
            session,
            "knowledge.imported",
            "comparison",
            office_id=event_office(actor),
            actor_id=actor.user_id,
            detail=(
                f"source={source} created={result.created} updated={result.updated} "
                f"unchanged={result.unchanged}"
            ),
        )
        return result


def read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(
            _("Cannot read {path}: {reason}").format(path=path, reason=error), field="file"
        ) from None


def import_file(sessions: sessionmaker[Session], actor: Actor, path: Path) -> ImportResult:
    return import_yaml(sessions, actor, read_file(path), source=str(path))


def load_published_content(
    sessions: sessionmaker[Session], directory: Path = CONTENT_DIR
) -> ImportResult:
    """Load every ``*.yaml`` in ``directory`` as published content, in one transaction.

    Unchanged entries are skipped, so this can run at every ``db upgrade``. A missing
    directory loads nothing.
    """
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    documents: list[ComparisonDocument] = []
    seen: dict[str, ComparisonDocument] = {}
    for path in files:
        for document in parse_knowledge(read_file(path), source=path.name):
            earlier = seen.get(document.code)
            if earlier is not None:
                raise KnowledgeFormatError(
                    _("the code {code} is also used in {other}, line {line}.").format(
                        code=document.code, other=earlier.source, line=earlier.line
                    ),
                    document.line,
                    path.name,
                )
            seen[document.code] = document
            documents.append(document)
    if not documents:
        return ImportResult()
    actor = system_actor()
    with sessions.begin() as session:
        result = _apply(session, documents)
        if result.created or result.updated:
            record_event(
                session,
                "knowledge.imported",
                "comparison",
                actor_id=actor.user_id,
                detail=f"source={directory.name} created={result.created} updated={result.updated}",
            )
        return result
