"""Full-text search over published comparisons, matching in every language at once.

SQLite ranks with FTS5's bm25, PostgreSQL with ts_rank; the indexes are kept in
``knowledge_search_index``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.db import reading
from grensdesk.services.context import Actor
from grensdesk.services.knowledge import ComparisonRow, check_language
from grensdesk.services.knowledge_search_index import dialect_of as _dialect
from grensdesk.services.knowledge_search_rows import BODY_FIELDS
from grensdesk.services.knowledge_search_rows import hydrate as _hydrate
from grensdesk.services.knowledge_situation_finder import Situation
from grensdesk.services.knowledge_situation_finder import check_situation as _check_situation
from grensdesk.services.knowledge_situation_finder import comparison_applies as _applies
from grensdesk.services.knowledge_text import (
    Highlighted,
    first_match,
    highlight,
    query_terms,
    snippet,
)

PG_CONFIGS: Final = {"nl": "dutch", "de": "german", "fr": "french", "en": "english"}
MAX_CANDIDATES: Final = 200


@dataclass(frozen=True)
class SearchHit:
    """A result row: ``title`` is in the reader's language; ``matched_title`` and ``snippet``
    are in the language that matched best (a German word finds the Dutch entry too)."""

    row: ComparisonRow
    title: Highlighted
    matched_title: Highlighted
    snippet: Highlighted
    matched_language: str
    score: float


def search(
    sessions: sessionmaker[Session],
    actor: Actor,
    query: str,
    language: str = "nl",
    limit: int = 20,
    situation: Situation | None = None,
) -> list[SearchHit]:
    """Published comparisons matching every word of ``query`` (as a prefix), best first.

    Matches in any language count; the row is shown in ``language`` (or a marked fallback).
    Ranked in tiers: an exact title, then entries whose title or search words hold every
    word, then those that mention them in the texts; by relevance within a tier.
    """
    del actor  # every role may search
    check_language(language)
    if situation is not None:
        _check_situation(situation)
    terms = query_terms(query)
    # One letter matches nearly everything: wait for the second before searching.
    if limit <= 0 or sum(len(term) for term in terms) < 2:
        return []
    candidates = min(MAX_CANDIDATES, limit * (10 if situation else 3))
    phrase = " ".join(terms)
    best: dict[int, tuple[tuple[int, int, float], str]] = {}
    with reading(sessions) as session:
        postgres = _dialect(session) == "postgresql"
        # Titles first: for the short, common prefixes typed first they already fill the
        # page, and ranking every text that mentions "ve…" would cost more than it tells.
        for tier, titles_only in ((1, True), (0, False)):
            statement, params = (_postgres_query if postgres else _sqlite_query)(terms, titles_only)
            params.update(phrase=phrase, limit=candidates)
            for row in session.execute(text(statement), params):
                version_id, matched_language, score, exact = row[0], row[1], row[2], row[3]
                if row[4] != "published" or row[5] != "active":
                    continue
                if situation is not None and not _applies(situation, *row[6:]):
                    continue
                key = (int(bool(exact)), tier, float(score))
                if version_id not in best or key > best[version_id][0]:
                    best[version_id] = (key, matched_language)
            if len(best) >= limit:
                break
        top = sorted(best, key=lambda version_id: (best[version_id][0], -version_id))[::-1]
        top = top[:limit]
        rows, texts = _hydrate(session, top, language)
    hits = []
    for version_id in top:
        (is_exact, tier, score), matched_language = best[version_id]
        matched_text = texts[version_id, matched_language]
        hits.append(
            SearchHit(
                row=rows[version_id],
                title=highlight(rows[version_id].title, terms),
                matched_title=highlight(matched_text.title, terms),
                snippet=_best_snippet(matched_text, terms),
                matched_language=matched_language,
                score=round(score + 100 * is_exact + 10 * tier, 4),
            )
        )
    return hits


# What the ranking and the situation filter need of a candidate, in one round trip: the
# search runs at every keystroke, and each extra query costs as much as the match itself.
_CANDIDATE_COLUMNS: Final = (
    "t.version_id, t.language, m.score, t.search_title = :phrase AS exact, v.state, c.status, "
    "c.neighbour_country, c.region, v.residence_countries, v.work_countries, v.profiles, "
    "v.home_work_min, v.home_work_max"
)
_CANDIDATE_JOINS: Final = (
    "JOIN comparison_text t ON t.id = m.id "
    "JOIN comparison_version v ON v.id = t.version_id "
    "JOIN comparison c ON c.id = v.comparison_id"
)
# An exact title ranks first even when the index ranks it beyond the candidates; the title
# index finds it directly.
_EXACT_TITLES: Final = (
    "SELECT id, 0.0 AS score FROM comparison_text WHERE search_title = :phrase LIMIT :limit"
)


def _sqlite_query(terms: tuple[str, ...], titles_only: bool) -> tuple[str, dict[str, Any]]:
    table, weights = (
        ("comparison_title_fts", "10.0, 4.0")
        if titles_only
        else ("comparison_text_fts", "10.0, 4.0, 1.0")
    )
    # bm25 is smaller for better matches; turned around so that more is better everywhere.
    found = (
        f"SELECT rowid AS id, -bm25({table}, {weights}) AS score FROM {table} "
        f"WHERE {table} MATCH :match ORDER BY score DESC LIMIT :limit"
    )
    if titles_only:
        found = f"SELECT * FROM ({found}) UNION ALL SELECT * FROM ({_EXACT_TITLES})"
    statement = f"SELECT {_CANDIDATE_COLUMNS} FROM ({found}) m {_CANDIDATE_JOINS}"
    return statement, {"match": " ".join(f'"{term}"*' for term in terms)}


def _postgres_query(terms: tuple[str, ...], titles_only: bool) -> tuple[str, dict[str, Any]]:
    parts: list[str] = []
    params: dict[str, Any] = {}
    for index, term in enumerate(terms):
        params[f"p{index}"] = f"{term}:*"
        params[f"t{index}"] = term
        stems = " || ".join(f"to_tsquery('{config}', :t{index})" for config in PG_CONFIGS.values())
        parts.append(f"(to_tsquery('simple', :p{index}) || {stems})")
    query = " && ".join(parts)
    column = "title_vector" if titles_only else "search_vector"
    found = (
        f"SELECT s.text_id AS id, ts_rank(s.{column}, q.query) AS score "
        f"FROM comparison_search s, (SELECT {query} AS query) q "
        f"WHERE s.{column} @@ q.query ORDER BY score DESC LIMIT :limit"
    )
    if titles_only:
        found = f"({found}) UNION ALL ({_EXACT_TITLES})"
    return f"SELECT {_CANDIDATE_COLUMNS} FROM ({found}) m {_CANDIDATE_JOINS}", params


def _best_snippet(text_row: Any, terms: tuple[str, ...]) -> Highlighted:
    """Around the first match in the body, in the order the view shows the fields."""
    for name in BODY_FIELDS:
        value = str(getattr(text_row, name))
        if first_match(value, terms) is not None:
            return snippet(value, terms)
    return snippet(text_row.practice, terms)
