"""The values the knowledge services take and return: frozen, free of the ORM.

Also the constants the knowledge modules share: the language fallback, the review horizon
and the labels of a version's text fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final

from grensdesk.i18n import N_

# When the reader's language is missing: Dutch is the source language of the content.
FALLBACK_ORDER: Final = ("nl", "en", "de", "fr")
DUE_WITHIN_DAYS: Final = 60
READ_STATES: Final = ("published",)
FIELD_LABELS: Final = {
    "title": N_("Title"),
    "dutch_rule": N_("The Netherlands"),
    "neighbour_rule": N_("Neighbour country"),
    "practice": N_("In practice"),
    "legal_basis": N_("Legal basis"),
    "keywords": N_("Search words"),
}


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Applicability:
    """Who a comparison applies to; an empty tuple or None means "any"."""

    residence: tuple[str, ...] = ()
    work: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    home_work_min: int | None = None
    home_work_max: int | None = None


@dataclass(frozen=True)
class Texts:
    """The texts of a version in one language."""

    language: str
    title: str
    dutch_rule: str
    neighbour_rule: str
    practice: str
    legal_basis: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComparisonContent:
    """Everything an editor writes for one version (input of drafts and imports)."""

    topic: str
    neighbour_country: str
    valid_from: dt.date
    texts: tuple[Texts, ...]
    region: str | None = None
    valid_to: dt.date | None = None
    sources: tuple[Source, ...] = ()
    applies_to: Applicability = field(default_factory=Applicability)
    next_review_due: dt.date | None = None


@dataclass(frozen=True)
class ComparisonRow:
    """What a list row needs, in the reader's language (or a marked fallback)."""

    comparison_id: int
    code: str
    version_id: int
    number: int
    state: str
    topic_code: str
    neighbour_country: str
    region: str | None
    language: str
    is_fallback: bool
    title: str
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(frozen=True)
class ComparisonDetail:
    """The side-by-side view of one version."""

    row: ComparisonRow
    requested_language: str
    texts: Texts
    available_languages: tuple[str, ...]
    topic_name: str
    comparison_status: str
    sources: tuple[Source, ...]
    applies_to: Applicability
    author_name: str
    reviewer_name: str
    reviewed_at: dt.datetime | None
    published_at: dt.datetime | None
    next_review_due: dt.date | None
    lock_version: int
    latest_published_version_id: int | None


@dataclass(frozen=True)
class VersionSummary:
    version_id: int
    number: int
    state: str
    author_name: str
    reviewer_name: str
    created_at: dt.datetime
    reviewed_at: dt.datetime | None
    published_at: dt.datetime | None
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(frozen=True)
class DiffLine:
    """One line of a readable diff: ``kind`` is "same", "removed", "added" or "heading"."""

    kind: str
    text: str


@dataclass(frozen=True)
class VersionDiff:
    old_number: int
    new_number: int
    language: str
    lines: tuple[DiffLine, ...]

    @property
    def changed(self) -> bool:
        return any(line.kind in ("removed", "added") for line in self.lines)


@dataclass(frozen=True)
class DueItem:
    row: ComparisonRow
    next_review_due: dt.date | None
    review_due: bool
    validity_ends: bool


@dataclass(frozen=True)
class AttachedComparison:
    consultation_id: int
    row: ComparisonRow
    attached_at: dt.datetime
    attached_by_id: int | None
