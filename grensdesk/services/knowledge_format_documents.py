"""What a knowledge file describes, and the same shape read back from a stored version.

The import compares the two to skip unchanged entries; the export writes the stored one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from grensdesk.i18n import LANGUAGES, _
from grensdesk.models import ComparisonVersion
from grensdesk.services.errors import ValidationError
from grensdesk.services.knowledge import (
    ComparisonContent,
    Source,
    applicability_of,
    texts_of,
)

FORMAT_VERSION: Final = 1
DEFAULT_AUTHOR: Final = "GrensDesk import"


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
