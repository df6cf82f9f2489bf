"""A knowledge file (docs/knowledge-format.md) read into comparison documents.

The whole file is checked before anything is written; the first problem raises
KnowledgeFormatError with its line.
"""

from __future__ import annotations

from typing import Final

import yaml

from grensdesk.i18n import LANGUAGES, _
from grensdesk.models import COUNTRIES, PROFILES
from grensdesk.models.base import REGIONS
from grensdesk.services.knowledge import (
    Applicability,
    ComparisonContent,
    Source,
    Texts,
    content_problem,
)
from grensdesk.services.knowledge_editorial import REVIEW_INTERVAL, code_problem
from grensdesk.services.knowledge_format_documents import (
    DEFAULT_AUTHOR,
    FORMAT_VERSION,
    ComparisonDocument,
    KnowledgeFormatError,
)
from grensdesk.services.knowledge_format_nodes import NodeReader as _Reader

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

# libyaml when PyYAML was built with it: the pure-Python parser is ten times slower.
_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
