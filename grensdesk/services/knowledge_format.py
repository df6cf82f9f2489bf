"""The knowledge-base YAML format (docs/knowledge-format.md): export, import, seed content.

Parsing walks PyYAML's node tree rather than loaded Python values, so that every problem
is reported with the line it is on. An import checks the whole file before it writes,
and writes in one transaction: a file is taken completely or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import LANGUAGES, _
from grensdesk.models import (
    COUNTRIES,
    PROFILES,
    Comparison,
    ComparisonVersion,
    Topic,
)
from grensdesk.models.base import REGIONS
from grensdesk.services.context import Actor, require_role, system_actor
from grensdesk.services.errors import ValidationError
from grensdesk.services.events import record_event
from grensdesk.services.knowledge import (
    Applicability,
    ComparisonContent,
    Source,
    Texts,
    applicability_of,
    content_problem,
    event_office,
    load_versions,
    texts_of,
    topic_codes,
)
from grensdesk.services.knowledge_editorial import (
    REVIEW_INTERVAL,
    code_problem,
    publish_reviewed,
    retire_in,
)

FORMAT_VERSION: Final = 1
DEFAULT_AUTHOR: Final = "GrensDesk import"
CONTENT_DIR: Final = Path(__file__).resolve().parent.parent.parent / "resources" / "knowledge"

_TOP_KEYS: Final = {"format": True, "comparisons": True}
_ENTRY_KEYS: Final = {
    "code": True,
    "topic": True,
    "neighbour": True,
    "region": False,
    "status": False,
    "valid_from": True,
    "valid_to": False,
    "reviewed_by": True,
    "reviewed_at": True,
    "next_review": False,
    "author": False,
    "version": False,
    "applies_to": False,
    "texts": True,
    "sources": False,
}
_APPLIES_KEYS: Final = {
    "residence": False,
    "work": False,
    "profiles": False,
    "home_work_percent": False,
}
_SHARE_KEYS: Final = {"min": False, "max": False}
_TEXT_KEYS: Final = {
    "title": True,
    "dutch_rule": True,
    "neighbour_rule": True,
    "practice": True,
    "legal_basis": False,
    "keywords": False,
}
_SOURCE_KEYS: Final = {"title": True, "url": True}
_NULL_TAG: Final = "tag:yaml.org,2002:null"
# libyaml when PyYAML was built with it: the pure-Python parser is ten times slower.
_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeFormatError(ValidationError):
    """A knowledge file that breaks the format; ``line`` is 1-based (None: the whole file)."""

    def __init__(self, reason: str, line: int | None, source: str = "") -> None:
        where = _("line {line}: {reason}").format(line=line, reason=reason) if line else reason
        super().__init__(f"{source}: {where}" if source else where, field="file")
        self.line = line
        self.reason = reason
        self.source = source


@dataclass(frozen=True)
class ComparisonDocument:
    """One comparison as a file describes it."""

    code: str
    content: ComparisonContent
    status: str
    author: str
    reviewed_by: str
    reviewed_at: dt.date
    line: int
    topic_line: int
    source: str = ""


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


# --- parsing -------------------------------------------------------------------------------


class _Reader:
    """Turns nodes into values, raising KnowledgeFormatError at the node's line."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: yaml.Node, reason: str) -> KnowledgeFormatError:
        return KnowledgeFormatError(reason, node.start_mark.line + 1, self.source)

    def mapping(self, node: yaml.Node, keys: dict[str, bool], what: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, _("{what} must be a mapping (key: value).").format(what=what))
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in keys:
                raise self.fail(
                    key_node,
                    _("unknown field {field} in {what}; known fields: {fields}.").format(
                        field=key, what=what, fields=", ".join(keys)
                    ),
                )
            if key in found:
                raise self.fail(key_node, _("the field {field} appears twice.").format(field=key))
            found[key] = value_node
        for key, required in keys.items():
            if required and (key not in found or self.is_null(found[key])):
                raise self.fail(
                    node, _("{what} lacks the field {field}.").format(what=what, field=key)
                )
        return {key: value for key, value in found.items() if not self.is_null(value)}

    @staticmethod
    def is_null(node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, _("{what} must be text.").format(what=what))
        return str(node.value).strip()

    def choice(self, node: yaml.Node, what: str, allowed: Sequence[str]) -> str:
        value = self.text(node, what)
        if value not in allowed:
            raise self.fail(
                node,
                _("unknown {what} {value}; choose one of {allowed}.").format(
                    what=what, value=value, allowed=", ".join(allowed)
                ),
            )
        return value

    def date(self, node: yaml.Node, what: str) -> dt.date:
        value = self.text(node, what)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.fail(
                node,
                _("{what} must be a date of the form YYYY-MM-DD, not {value}.").format(
                    what=what, value=value
                ),
            ) from None

    def share(self, node: yaml.Node, what: str) -> int:
        value = self.text(node, what)
        if not value.isdigit() or not 0 <= int(value) <= 100:
            raise self.fail(
                node, _("{what} must be a whole number from 0 to 100.").format(what=what)
            )
        return int(value)

    def choices(self, node: yaml.Node, what: str, allowed: Sequence[str]) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, _("{what} must be a list, e.g. [NL, DE].").format(what=what))
        return tuple(dict.fromkeys(self.choice(item, what, allowed) for item in node.value))

    def texts_list(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, _("{what} must be a list.").format(what=what))
        return tuple(self.text(item, what) for item in node.value)


def parse_knowledge(text: str, source: str = "") -> list[ComparisonDocument]:
    """Every comparison in a knowledge file; the first problem raises KnowledgeFormatError."""
    reader = _Reader(source)
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise KnowledgeFormatError(
            _("not valid YAML: {problem}").format(problem=error.problem or error.context),
            mark.line + 1 if mark else None,
            source,
        ) from None
    except yaml.YAMLError as error:
        raise KnowledgeFormatError(
            _("not valid YAML: {problem}").format(problem=error), None, source
        ) from None
    if root is None:
        raise KnowledgeFormatError(_("the file is empty."), None, source)
    top = reader.mapping(root, _TOP_KEYS, _("the file"))
    if reader.text(top["format"], "format") != str(FORMAT_VERSION):
        raise reader.fail(
            top["format"],
            _("this GrensDesk reads format {version} only.").format(version=FORMAT_VERSION),
        )
    entries = top["comparisons"]
    if not isinstance(entries, yaml.SequenceNode):
        raise reader.fail(entries, _("comparisons must be a list of entries (- code: …)."))
    documents: list[ComparisonDocument] = []
    seen: dict[str, int] = {}
    for entry in entries.value:
        document = _parse_entry(reader, entry)
        if document.code in seen:
            raise reader.fail(
                entry,
                _("the code {code} is used twice (first on line {line}).").format(
                    code=document.code, line=seen[document.code]
                ),
            )
        seen[document.code] = document.line
        documents.append(document)
    return documents


def _parse_entry(reader: _Reader, node: yaml.Node) -> ComparisonDocument:
    fields = reader.mapping(node, _ENTRY_KEYS, _("a comparison"))
    code = reader.text(fields["code"], "code")
    problem = code_problem(code)
    if problem is not None:
        raise reader.fail(fields["code"], str(problem))
    neighbour = reader.choice(fields["neighbour"], "neighbour", ("DE", "BE"))
    region = None
    if "region" in fields:
        region = reader.choice(fields["region"], "region", REGIONS[neighbour])
    status = "active"
    if "status" in fields:
        status = reader.choice(fields["status"], "status", ("active", "retired"))
    valid_from = reader.date(fields["valid_from"], "valid_from")
    valid_to = reader.date(fields["valid_to"], "valid_to") if "valid_to" in fields else None
    if valid_to is not None and valid_to < valid_from:
        raise reader.fail(fields["valid_to"], _("valid_to lies before valid_from."))
    reviewed_at = reader.date(fields["reviewed_at"], "reviewed_at")
    next_review = (
        reader.date(fields["next_review"], "next_review")
        if "next_review" in fields
        else reviewed_at + REVIEW_INTERVAL
    )
    content = ComparisonContent(
        topic=reader.text(fields["topic"], "topic"),
        neighbour_country=neighbour,
        region=region,
        valid_from=valid_from,
        valid_to=valid_to,
        next_review_due=next_review,
        applies_to=_parse_applies(reader, fields.get("applies_to")),
        texts=_parse_texts(reader, fields["texts"]),
        sources=_parse_sources(reader, fields.get("sources")),
    )
    problem = content_problem(content)
    if problem is not None:
        raise reader.fail(fields.get(problem.field or "", node), str(problem))
    return ComparisonDocument(
        code=code,
        content=content,
        status=status,
        author=reader.text(fields["author"], "author") if "author" in fields else DEFAULT_AUTHOR,
        reviewed_by=reader.text(fields["reviewed_by"], "reviewed_by"),
        reviewed_at=reviewed_at,
        line=node.start_mark.line + 1,
        topic_line=fields["topic"].start_mark.line + 1,
        source=reader.source,
    )


def _parse_applies(reader: _Reader, node: yaml.Node | None) -> Applicability:
    if node is None:
        return Applicability()
    fields = reader.mapping(node, _APPLIES_KEYS, "applies_to")
    low = high = None
    if "home_work_percent" in fields:
        share = reader.mapping(fields["home_work_percent"], _SHARE_KEYS, "home_work_percent")
        low = reader.share(share["min"], "min") if "min" in share else None
        high = reader.share(share["max"], "max") if "max" in share else None
        if low is not None and high is not None and low > high:
            raise reader.fail(fields["home_work_percent"], _("min is above max."))
    return Applicability(
        residence=reader.choices(fields["residence"], "residence", COUNTRIES)
        if "residence" in fields
        else (),
        work=reader.choices(fields["work"], "work", COUNTRIES) if "work" in fields else (),
        profiles=reader.choices(fields["profiles"], "profile", PROFILES)
        if "profiles" in fields
        else (),
        home_work_min=low,
        home_work_max=high,
    )


def _parse_texts(reader: _Reader, node: yaml.Node) -> tuple[Texts, ...]:
    languages = reader.mapping(node, dict.fromkeys(LANGUAGES, False), "texts")
    if not languages:
        raise reader.fail(node, _("write the texts in at least one language (nl, de, fr, en)."))
    result = []
    for language, text_node in languages.items():
        fields = reader.mapping(text_node, _TEXT_KEYS, f"texts.{language}")
        title = reader.text(fields["title"], "title")
        if len(title) > 200:
            raise reader.fail(
                fields["title"], _("a title has at most {count} characters.").format(count=200)
            )
        result.append(
            Texts(
                language=language,
                title=title,
                dutch_rule=reader.text(fields["dutch_rule"], "dutch_rule"),
                neighbour_rule=reader.text(fields["neighbour_rule"], "neighbour_rule"),
                practice=reader.text(fields["practice"], "practice"),
                legal_basis=reader.text(fields["legal_basis"], "legal_basis")
                if "legal_basis" in fields
                else "",
                keywords=reader.texts_list(fields["keywords"], "keywords")
                if "keywords" in fields
                else (),
            )
        )
    return tuple(sorted(result, key=lambda texts: LANGUAGES.index(texts.language)))


def _parse_sources(reader: _Reader, node: yaml.Node | None) -> tuple[Source, ...]:
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise reader.fail(node, _("sources must be a list of entries (- title: … url: …)."))
    sources = []
    for item in node.value:
        fields = reader.mapping(item, _SOURCE_KEYS, _("a source"))
        url = reader.text(fields["url"], "url")
        if not url.startswith(("http://", "https://")):
            raise reader.fail(fields["url"], _("a link must start with http:// or https://."))
        sources.append(Source(title=reader.text(fields["title"], "title"), url=url))
    return tuple(sources)


# --- writing to the database --------------------------------------------------------------


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def content_of(version: ComparisonVersion, topic_code: str) -> ComparisonContent:
    comparison = version.comparison
    return ComparisonContent(
        topic=topic_code,
        neighbour_country=comparison.neighbour_country,
        region=comparison.region,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        next_review_due=version.next_review_due,
        applies_to=applicability_of(version),
        texts=tuple(
            sorted(
                (texts_of(text) for text in version.texts),
                key=lambda texts: LANGUAGES.index(texts.language),
            )
        ),
        sources=tuple(Source(source.title, source.url) for source in version.sources),
    )


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


# --- export --------------------------------------------------------------------------------


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
