"""The knowledge base exported in the import format (docs/knowledge-format.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import _
from grensdesk.models import ComparisonVersion
from grensdesk.services.context import Actor
from grensdesk.services.errors import ValidationError
from grensdesk.services.knowledge import load_versions, topic_codes
from grensdesk.services.knowledge_format_documents import (
    DEFAULT_AUTHOR,
    FORMAT_VERSION,
    content_of,
)


class _Dumper(yaml.SafeDumper):
    """Block style, texts of several lines as ``|`` blocks: the way people write the files."""


def _text_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_representer)


def _flow_list(dumper: yaml.SafeDumper, value: tuple[str, ...]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_Dumper.add_representer(tuple, _flow_list)


def _document(version: ComparisonVersion, topic_code: str) -> dict[str, Any]:
    comparison = version.comparison
    content = content_of(version, topic_code)
    entry: dict[str, Any] = {
        "code": comparison.code,
        "version": version.number,
        "topic": topic_code,
        "neighbour": comparison.neighbour_country,
    }
    if comparison.region:
        entry["region"] = comparison.region
    if comparison.status != "active":
        entry["status"] = comparison.status
    entry["valid_from"] = version.valid_from
    if version.valid_to:
        entry["valid_to"] = version.valid_to
    entry["author"] = version.author_name or DEFAULT_AUTHOR
    entry["reviewed_by"] = version.reviewer_name
    entry["reviewed_at"] = (version.reviewed_at or version.created_at).date()
    if version.next_review_due:
        entry["next_review"] = version.next_review_due
    applies = content.applies_to
    conditions: dict[str, Any] = {}
    for key, values in (
        ("residence", applies.residence),
        ("work", applies.work),
        ("profiles", applies.profiles),
    ):
        if values:
            conditions[key] = values
    share = {
        key: bound
        for key, bound in (("min", applies.home_work_min), ("max", applies.home_work_max))
        if bound is not None
    }
    if share:
        conditions["home_work_percent"] = share
    if conditions:
        entry["applies_to"] = conditions
    texts: dict[str, Any] = {}
    for item in content.texts:
        fields: dict[str, Any] = {
            "title": item.title,
            "dutch_rule": item.dutch_rule,
            "neighbour_rule": item.neighbour_rule,
            "practice": item.practice,
        }
        if item.legal_basis:
            fields["legal_basis"] = item.legal_basis
        if item.keywords:
            fields["keywords"] = item.keywords
        texts[item.language] = fields
    entry["texts"] = texts
    if content.sources:
        entry["sources"] = [{"title": s.title, "url": s.url} for s in content.sources]
    return entry


def export_yaml(sessions: sessionmaker[Session], actor: Actor) -> str:
    """Every comparison's current published (or retired) version, in the import format."""
    return _dump(_entries(sessions, actor))


def _entries(sessions: sessionmaker[Session], actor: Actor) -> list[dict[str, Any]]:
    del actor  # every role may read what is published
    with sessions() as session:
        newest: dict[int, int] = {}
        for comparison_id, version_id in session.execute(
            select(ComparisonVersion.comparison_id, ComparisonVersion.id)
            .where(ComparisonVersion.state.in_(("published", "retired")))
            .order_by(ComparisonVersion.number)
        ):
            newest[comparison_id] = version_id
        versions = load_versions(session, newest.values())
        codes = topic_codes(session)
        return sorted(
            (_document(v, codes[v.comparison.topic_id]) for v in versions.values()),
            key=lambda entry: str(entry["code"]),
        )


def _dump(entries: list[dict[str, Any]]) -> str:
    body = yaml.dump(
        {"format": FORMAT_VERSION, "comparisons": entries},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return "# GrensDesk knowledge base; format: docs/knowledge-format.md\n" + body


def export_file(sessions: sessionmaker[Session], actor: Actor, path: Path) -> int:
    """Write the export to ``path``; returns the number of comparisons written."""
    entries = _entries(sessions, actor)
    try:
        path.write_text(_dump(entries), encoding="utf-8")
    except OSError as error:
        raise ValidationError(
            _("Cannot write {path}: {reason}").format(path=path, reason=error), field="file"
        ) from None
    return len(entries)
