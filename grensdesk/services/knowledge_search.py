"""Full-text search and the situation finder over published comparisons.

SQLite: FTS5 tables over the folded words (bm25, title weighted most). PostgreSQL: tsvectors
per text in comparison_search (GIN indexes) holding the folded words both as they are
('simple', for prefix matches) and stemmed with the text's language configuration. Only published
versions are in either index: publishing adds a version, superseding or retiring removes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import and_, case, literal, or_, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from grensdesk.db import reading
from grensdesk.models import Comparison, ComparisonText, ComparisonVersion, Topic
from grensdesk.models.base import LANGUAGES
from grensdesk.services.context import Actor
from grensdesk.services.knowledge import (
    FALLBACK_ORDER,
    ComparisonRow,
    check_country,
    check_language,
    check_profile,
)
from grensdesk.services.knowledge_text import (
    Highlighted,
    first_match,
    highlight,
    query_terms,
    snippet,
)

PG_CONFIGS: Final = {"nl": "dutch", "de": "german", "fr": "french", "en": "english"}
MAX_CANDIDATES: Final = 200
BODY_FIELDS: Final = ("dutch_rule", "neighbour_rule", "practice", "legal_basis", "keywords")
# Why a comparison was listed for a situation, strongest first; the screen names them.
SCORE_TOPIC: Final = 100
SCORE_PROFILE: Final = 20
SCORE_HOME_WORK: Final = 15
SCORE_COUNTRY: Final = 10
SCORE_REGION: Final = 5

_PG_CONFIG_OF_ROW: Final = (
    "(CASE language WHEN 'nl' THEN 'dutch' WHEN 'de' THEN 'german' "
    "WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig"
)
_PG_TITLE_VECTOR: Final = " || ".join(
    f"setweight(to_tsvector('simple', {column}) || to_tsvector({_PG_CONFIG_OF_ROW}, {column}), "
    f"'{weight}')"
    for column, weight in (("search_title", "A"), ("search_keywords", "B"))
)
_PG_VECTOR: Final = " || ".join(
    f"setweight(to_tsvector('simple', {column}) || to_tsvector({_PG_CONFIG_OF_ROW}, {column}), "
    f"'{weight}')"
    for column, weight in (("search_title", "A"), ("search_keywords", "B"), ("search_body", "D"))
)


@dataclass(frozen=True)
class Situation:
    """The open consultation's situation, as the finder matches it."""

    residence: str
    work: str
    profile: str
    home_work_percent: int | None = None
    topics: tuple[str, ...] = ()
    residence_region: str | None = None
    work_region: str | None = None


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


@dataclass(frozen=True)
class SituationMatch:
    row: ComparisonRow
    score: int
    reasons: tuple[str, ...]


# --- index maintenance (called in the publishing transaction) ------------------------------


_FTS_TABLES: Final = (
    ("comparison_text_fts", "search_title, search_keywords, search_body"),
    ("comparison_title_fts", "search_title, search_keywords"),
)


def index_version(session: Session, version_id: int) -> None:
    session.flush()
    if _dialect(session) == "sqlite":
        for table, columns in _FTS_TABLES:
            session.execute(
                text(
                    f"INSERT INTO {table}(rowid, {columns}) SELECT id, {columns} "
                    "FROM comparison_text WHERE version_id = :version_id"
                ),
                {"version_id": version_id},
            )
    else:
        session.execute(
            text(
                "INSERT INTO comparison_search (text_id, title_vector, search_vector) "
                f"SELECT id, {_PG_TITLE_VECTOR}, {_PG_VECTOR} "
                "FROM comparison_text WHERE version_id = :version_id"
            ),
            {"version_id": version_id},
        )


def unindex_version(session: Session, version_id: int) -> None:
    session.flush()
    if _dialect(session) == "sqlite":
        # An external-content FTS5 table forgets a row only when told its indexed values.
        for table, columns in _FTS_TABLES:
            session.execute(
                text(
                    f"INSERT INTO {table}({table}, rowid, {columns}) "
                    f"SELECT 'delete', id, {columns} "
                    "FROM comparison_text WHERE version_id = :version_id"
                ),
                {"version_id": version_id},
            )
    else:
        session.execute(
            text(
                "DELETE FROM comparison_search WHERE text_id IN "
                "(SELECT id FROM comparison_text WHERE version_id = :version_id)"
            ),
            {"version_id": version_id},
        )


def rebuild_search_index(session: Session) -> None:
    """Index every published version afresh (after a bulk load, or to repair the index)."""
    session.flush()
    published = (
        "SELECT t.id FROM comparison_text t JOIN comparison_version v ON v.id = t.version_id "
        "WHERE v.state = 'published'"
    )
    if _dialect(session) == "sqlite":
        for table, columns in _FTS_TABLES:
            session.execute(text(f"INSERT INTO {table}({table}) VALUES('delete-all')"))
            session.execute(
                text(
                    f"INSERT INTO {table}(rowid, {columns}) SELECT id, {columns} "
                    f"FROM comparison_text WHERE id IN ({published})"
                )
            )
            session.execute(text(f"INSERT INTO {table}({table}) VALUES('optimize')"))
    else:
        session.execute(text("DELETE FROM comparison_search"))
        session.execute(
            text(
                "INSERT INTO comparison_search (text_id, title_vector, search_vector) "
                f"SELECT id, {_PG_TITLE_VECTOR}, {_PG_VECTOR} "
                f"FROM comparison_text WHERE id IN ({published})"
            )
        )


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# --- search --------------------------------------------------------------------------------


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


def _hydrate(
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


def _applies(
    situation: Situation,
    neighbour: str,
    region: str | None,
    residence: str,
    work: str,
    profiles: str,
    home_work_min: int | None,
    home_work_max: int | None,
) -> bool:
    if residence and situation.residence not in residence.split(","):
        return False
    if work and situation.work not in work.split(","):
        return False
    if profiles and situation.profile not in profiles.split(","):
        return False
    share = situation.home_work_percent
    if share is not None and (
        (home_work_min is not None and share < home_work_min)
        or (home_work_max is not None and share > home_work_max)
    ):
        return False
    neighbours = {situation.residence, situation.work} - {"NL"}
    if neighbours and neighbour not in neighbours:
        return False
    known = _regions_in(situation, neighbour)
    return region is None or not known or region in known


def _best_snippet(text_row: Any, terms: tuple[str, ...]) -> Highlighted:
    """Around the first match in the body, in the order the view shows the fields."""
    for name in BODY_FIELDS:
        value = str(getattr(text_row, name))
        if first_match(value, terms) is not None:
            return snippet(value, terms)
    return snippet(text_row.practice, terms)


# --- the situation finder ------------------------------------------------------------------


def _check_situation(situation: Situation) -> None:
    check_country(situation.residence, "residence")
    check_country(situation.work, "work")
    check_profile(situation.profile)


def _listed(column: InstrumentedAttribute[str], code: str) -> ColumnElement[bool]:
    """An empty list means "any"; otherwise ``code`` must be one of the comma-separated codes."""
    return or_(column == "", (literal(",") + column + literal(",")).like(f"%,{code},%"))


def find_for_situation(
    sessions: sessionmaker[Session],
    actor: Actor,
    situation: Situation,
    language: str = "nl",
    limit: int = 50,
    today: dt.date | None = None,
) -> list[SituationMatch]:
    """The published, currently valid comparisons that apply to a situation, best first."""
    del actor  # every role may look
    check_language(language)
    _check_situation(situation)
    day = today or dt.date.today()
    conditions = [
        ComparisonVersion.state == "published",
        Comparison.status == "active",
        ComparisonVersion.valid_from <= day,
        or_(ComparisonVersion.valid_to.is_(None), ComparisonVersion.valid_to >= day),
        _listed(ComparisonVersion.residence_countries, situation.residence),
        _listed(ComparisonVersion.work_countries, situation.work),
        _listed(ComparisonVersion.profiles, situation.profile),
    ]
    neighbours = {situation.residence, situation.work} - {"NL"}
    if neighbours:
        conditions.append(Comparison.neighbour_country.in_(sorted(neighbours)))
    if situation.home_work_percent is not None:
        share = situation.home_work_percent
        conditions.append(
            and_(
                or_(
                    ComparisonVersion.home_work_min.is_(None),
                    ComparisonVersion.home_work_min <= share,
                ),
                or_(
                    ComparisonVersion.home_work_max.is_(None),
                    ComparisonVersion.home_work_max >= share,
                ),
            )
        )
    for country in sorted(neighbours):
        regions = _regions_in(situation, country)
        if regions:
            conditions.append(
                or_(
                    Comparison.region.is_(None),
                    Comparison.neighbour_country != country,
                    Comparison.region.in_(sorted(regions)),
                )
            )
    with reading(sessions) as session:
        topic_ids = set(
            session.scalars(select(Topic.id).where(Topic.code.in_(situation.topics))).all()
        )
        # Scored in SQL too, so that only a page of rows travels (thousands may apply);
        # _score below is the same sum and also names the reasons.
        known_regions = sorted(
            _regions_in(situation, situation.residence) | _regions_in(situation, situation.work)
        )
        score = (
            literal(1)
            + case((Comparison.topic_id.in_(sorted(topic_ids) or [-1]), SCORE_TOPIC), else_=0)
            + case((ComparisonVersion.profiles != "", SCORE_PROFILE), else_=0)
            + case((ComparisonVersion.residence_countries != "", SCORE_COUNTRY), else_=0)
            + case((ComparisonVersion.work_countries != "", SCORE_COUNTRY), else_=0)
            + case((Comparison.region.in_(known_regions or [""]), SCORE_REGION), else_=0)
        )
        if situation.home_work_percent is not None:
            score = score + case(
                (
                    or_(
                        ComparisonVersion.home_work_min.is_not(None),
                        ComparisonVersion.home_work_max.is_not(None),
                    ),
                    SCORE_HOME_WORK,
                ),
                else_=0,
            )
        rows = session.execute(
            select(
                ComparisonVersion.id,
                Comparison.topic_id,
                Comparison.neighbour_country,
                Comparison.region,
                ComparisonVersion.residence_countries,
                ComparisonVersion.work_countries,
                ComparisonVersion.profiles,
                ComparisonVersion.home_work_min,
                ComparisonVersion.home_work_max,
            )
            .join(Comparison, Comparison.id == ComparisonVersion.comparison_id)
            .where(*conditions)
            .order_by(score.desc(), ComparisonVersion.id)
            .limit(limit)
        ).all()
        scored: list[tuple[int, int, tuple[str, ...]]] = []
        for row in rows:
            result = _score(
                situation,
                topic_ids,
                topic_id=row[1],
                neighbour=row[2],
                region=row[3],
                residence=row[4],
                work=row[5],
                profiles=row[6],
                home_work=(row[7], row[8]),
            )
            if result is not None:
                scored.append((row[0], *result))
        scored.sort(key=lambda item: (-item[1], item[0]))
        top = scored[:limit]
        page, _texts = _hydrate(
            session, [version_id for version_id, _s, _r in top], language, with_bodies=False
        )
    matches = [
        SituationMatch(row=page[version_id], score=score, reasons=reasons)
        for version_id, score, reasons in top
    ]
    matches.sort(key=lambda match: (-match.score, match.row.title.casefold()))
    return matches[:limit]


def _score(
    situation: Situation,
    topic_ids: set[int],
    *,
    topic_id: int,
    neighbour: str,
    region: str | None,
    residence: str,
    work: str,
    profiles: str,
    home_work: tuple[int | None, int | None],
) -> tuple[int, tuple[str, ...]] | None:
    """How well a comparison fits, with the reasons; None when its region rules it out."""
    score, reasons = 1, list[str]()
    if topic_id in topic_ids:
        score, reasons = score + SCORE_TOPIC, [*reasons, "topic"]
    if profiles:
        score, reasons = score + SCORE_PROFILE, [*reasons, "profile"]
    if home_work != (None, None) and situation.home_work_percent is not None:
        score, reasons = score + SCORE_HOME_WORK, [*reasons, "home_work"]
    if residence:
        score, reasons = score + SCORE_COUNTRY, [*reasons, "residence"]
    if work:
        score, reasons = score + SCORE_COUNTRY, [*reasons, "work"]
    if region is not None:
        known = _regions_in(situation, neighbour)
        if known and region not in known:
            return None
        if region in known:
            score, reasons = score + SCORE_REGION, [*reasons, "region"]
    return score, tuple(reasons)


def _regions_in(situation: Situation, country: str) -> set[str]:
    regions: set[str] = set()
    if situation.residence == country and situation.residence_region:
        regions.add(situation.residence_region)
    if situation.work == country and situation.work_region:
        regions.add(situation.work_region)
    return regions
