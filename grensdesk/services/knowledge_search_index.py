"""The search indexes over published texts, kept up to date in the publishing transaction.

SQLite: FTS5 tables over the folded words (bm25, title weighted most). PostgreSQL: tsvectors
per text in comparison_search (GIN indexes) holding the folded words both as they are
('simple', for prefix matches) and stemmed with the text's language configuration. Only published
versions are in either index: publishing adds a version, superseding or retiring removes it.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import text
from sqlalchemy.orm import Session

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

_FTS_TABLES: Final = (
    ("comparison_text_fts", "search_title, search_keywords, search_body"),
    ("comparison_title_fts", "search_title, search_keywords"),
)


def index_version(session: Session, version_id: int) -> None:
    session.flush()
    if dialect_of(session) == "sqlite":
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
    if dialect_of(session) == "sqlite":
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
    if dialect_of(session) == "sqlite":
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


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name
