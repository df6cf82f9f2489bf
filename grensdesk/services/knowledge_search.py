"""Full-text search and the situation finder over published comparisons.

SQLite: FTS5 tables over the folded words (bm25, title weighted most). PostgreSQL: tsvectors
per text in comparison_search (GIN indexes) holding the folded words both as they are
('simple', for prefix matches) and stemmed with the text's language configuration. Only published
versions are in either index: publishing adds a version, superseding or retiring removes it.
"""

from __future__ import annotations

from grensdesk.services.knowledge_search_fulltext import (
    MAX_CANDIDATES,
    PG_CONFIGS,
    SearchHit,
    search,
)
from grensdesk.services.knowledge_search_index import (
    index_version,
    rebuild_search_index,
    unindex_version,
)
from grensdesk.services.knowledge_search_rows import BODY_FIELDS
from grensdesk.services.knowledge_situation_finder import (
    SCORE_COUNTRY,
    SCORE_HOME_WORK,
    SCORE_PROFILE,
    SCORE_REGION,
    SCORE_TOPIC,
    Situation,
    SituationMatch,
    find_for_situation,
)

# The names callers and tests import from here; the work is done in knowledge_search_*
# (the index, the full-text search, the result rows) and knowledge_situation_finder.
__all__ = [
    "BODY_FIELDS",
    "MAX_CANDIDATES",
    "PG_CONFIGS",
    "SCORE_COUNTRY",
    "SCORE_HOME_WORK",
    "SCORE_PROFILE",
    "SCORE_REGION",
    "SCORE_TOPIC",
    "SearchHit",
    "Situation",
    "SituationMatch",
    "find_for_situation",
    "index_version",
    "rebuild_search_index",
    "search",
    "unindex_version",
]
