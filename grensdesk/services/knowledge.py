"""The knowledge base of rule comparisons: reading, history, review lists, attachments.

Writing (drafts, review, publishing) is in ``knowledge_editorial``, search and the
situation finder in ``knowledge_search``, the YAML format in ``knowledge_format``.
Every role may read; a published version is what advisers see and attach.

This module gathers the names callers import; the work is done in:
``knowledge_types`` (the frozen values), ``knowledge_versions`` (loading versions as those
values), ``knowledge_checks`` (what is asked and written), ``knowledge_reading`` (a
comparison, the list, a history), ``knowledge_diff`` (between two versions),
``knowledge_due`` (due for review) and ``knowledge_attach`` (citing in consultations).
"""

from __future__ import annotations

from grensdesk.services.knowledge_attach import (
    attach_to_consultation,
    detach_from_consultation,
    list_attached,
)
from grensdesk.services.knowledge_checks import (
    applicability_problem,
    check_country,
    check_language,
    check_profile,
    content_problem,
    sources_problem,
)
from grensdesk.services.knowledge_diff import diff_versions
from grensdesk.services.knowledge_due import due_for_review
from grensdesk.services.knowledge_reading import (
    detail_of,
    get_comparison,
    list_comparisons,
    list_history,
)
from grensdesk.services.knowledge_types import (
    DUE_WITHIN_DAYS,
    FALLBACK_ORDER,
    FIELD_LABELS,
    READ_STATES,
    Applicability,
    AttachedComparison,
    ComparisonContent,
    ComparisonDetail,
    ComparisonRow,
    DiffLine,
    DueItem,
    Source,
    Texts,
    VersionDiff,
    VersionSummary,
)
from grensdesk.services.knowledge_versions import (
    applicability_of,
    event_office,
    join_codes,
    load_versions,
    pick_text,
    row_of,
    split_codes,
    texts_of,
    topic_codes,
)

__all__ = [
    "DUE_WITHIN_DAYS",
    "FALLBACK_ORDER",
    "FIELD_LABELS",
    "READ_STATES",
    "Applicability",
    "AttachedComparison",
    "ComparisonContent",
    "ComparisonDetail",
    "ComparisonRow",
    "DiffLine",
    "DueItem",
    "Source",
    "Texts",
    "VersionDiff",
    "VersionSummary",
    "applicability_of",
    "applicability_problem",
    "attach_to_consultation",
    "check_country",
    "check_language",
    "check_profile",
    "content_problem",
    "detach_from_consultation",
    "detail_of",
    "diff_versions",
    "due_for_review",
    "event_office",
    "get_comparison",
    "join_codes",
    "list_attached",
    "list_comparisons",
    "list_history",
    "load_versions",
    "pick_text",
    "row_of",
    "sources_problem",
    "split_codes",
    "texts_of",
    "topic_codes",
]
