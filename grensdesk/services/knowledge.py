"""The knowledge base of rule comparisons: reading, history, review lists, attachments.

Writing (drafts, review, publishing) is in ``knowledge_editorial``, search and the
situation finder in ``knowledge_search``, the YAML format in ``knowledge_format``.
Every role may read; a published version is what advisers see and attach.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from grensdesk.i18n import N_, _, translate_in
from grensdesk.models import (
    COUNTRIES,
    LANGUAGES,
    PROFILES,
    Comparison,
    ComparisonText,
    ComparisonVersion,
    Consultation,
    ConsultationComparison,
    Topic,
)
from grensdesk.models.base import REGIONS
from grensdesk.models.knowledge import NEIGHBOUR_COUNTRIES
from grensdesk.services.context import Actor, require_role
from grensdesk.services.errors import (
    NotFoundError,
    ValidationError,
)
from grensdesk.services.events import record_event

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


# --- shared helpers ------------------------------------------------------------------------


def split_codes(raw: str) -> tuple[str, ...]:
    return tuple(code for code in raw.split(",") if code)


def join_codes(codes: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(codes))


def pick_text(texts: Sequence[ComparisonText], language: str) -> tuple[ComparisonText, bool]:
    """The text in ``language``, else the first in the fallback order; True when it fell back."""
    by_language = {text.language: text for text in texts}
    if language in by_language:
        return by_language[language], False
    for candidate in (*FALLBACK_ORDER, *LANGUAGES):
        if candidate in by_language:
            return by_language[candidate], True
    raise NotFoundError(_("This comparison has no text in any language."))


def texts_of(text: ComparisonText) -> Texts:
    return Texts(
        language=text.language,
        title=text.title,
        dutch_rule=text.dutch_rule,
        neighbour_rule=text.neighbour_rule,
        practice=text.practice,
        legal_basis=text.legal_basis,
        keywords=tuple(word for word in text.keywords.split("\n") if word),
    )


def applicability_of(version: ComparisonVersion) -> Applicability:
    return Applicability(
        residence=split_codes(version.residence_countries),
        work=split_codes(version.work_countries),
        profiles=split_codes(version.profiles),
        home_work_min=version.home_work_min,
        home_work_max=version.home_work_max,
    )


def row_of(version: ComparisonVersion, topic_code: str, language: str) -> ComparisonRow:
    text, is_fallback = pick_text(version.texts, language)
    comparison = version.comparison
    return ComparisonRow(
        comparison_id=comparison.id,
        code=comparison.code,
        version_id=version.id,
        number=version.number,
        state=version.state,
        topic_code=topic_code,
        neighbour_country=comparison.neighbour_country,
        region=comparison.region,
        language=text.language,
        is_fallback=is_fallback,
        title=text.title,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
    )


def load_versions(session: Session, version_ids: Iterable[int]) -> dict[int, ComparisonVersion]:
    ids = list(dict.fromkeys(version_ids))
    if not ids:
        return {}
    rows = session.scalars(
        select(ComparisonVersion)
        .where(ComparisonVersion.id.in_(ids))
        .options(
            selectinload(ComparisonVersion.texts),
            selectinload(ComparisonVersion.sources),
            selectinload(ComparisonVersion.comparison),
        )
    )
    return {row.id: row for row in rows}


def topic_codes(session: Session) -> dict[int, str]:
    return {topic_id: code for topic_id, code in session.execute(select(Topic.id, Topic.code))}


def check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError(
            _("Unknown language {language}. Choose one of {languages}.").format(
                language=language, languages=", ".join(LANGUAGES)
            ),
            field="language",
        )


def check_country(code: str, field_name: str) -> None:
    if code not in COUNTRIES:
        raise ValidationError(
            _("Unknown country {code}. Choose one of {countries}.").format(
                code=code, countries=", ".join(COUNTRIES)
            ),
            field=field_name,
        )


def check_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise ValidationError(
            _("Unknown profile {profile}. Choose one of {profiles}.").format(
                profile=profile, profiles=", ".join(PROFILES)
            ),
            field="profile",
        )


def content_problem(content: ComparisonContent) -> ValidationError | None:
    """The first rule ``content`` breaks (topics are checked against the database elsewhere)."""
    if content.neighbour_country not in NEIGHBOUR_COUNTRIES:
        return ValidationError(
            _("The neighbour country must be one of {countries}.").format(
                countries=", ".join(NEIGHBOUR_COUNTRIES)
            ),
            field="neighbour_country",
        )
    regions = REGIONS.get(content.neighbour_country, ())
    if content.region is not None and content.region not in regions:
        return ValidationError(
            _("Unknown region {region} for {country}. Choose one of {regions}.").format(
                region=content.region,
                country=content.neighbour_country,
                regions=", ".join(regions),
            ),
            field="region",
        )
    if content.valid_to is not None and content.valid_to < content.valid_from:
        return ValidationError(_("The end of validity lies before its start."), field="valid_to")
    if not content.texts:
        return ValidationError(_("Write the texts in at least one language."), field="texts")
    seen: set[str] = set()
    for texts in content.texts:
        if texts.language not in LANGUAGES or texts.language in seen:
            return ValidationError(
                _("Unknown or repeated language {language}.").format(language=texts.language),
                field="texts",
            )
        seen.add(texts.language)
        for name in ("title", "dutch_rule", "neighbour_rule", "practice"):
            if not getattr(texts, name).strip():
                return ValidationError(
                    _("The {field} ({language}) is required.").format(
                        field=_(FIELD_LABELS[name]).lower(), language=texts.language
                    ),
                    field=name,
                )
        if len(texts.title) > 200:
            return ValidationError(
                _("A title has at most {count} characters.").format(count=200), field="title"
            )
    return applicability_problem(content.applies_to) or sources_problem(content.sources)


def applicability_problem(applies: Applicability) -> ValidationError | None:
    for code in (*applies.residence, *applies.work):
        if code not in COUNTRIES:
            return ValidationError(
                _("Unknown country {code}. Choose one of {countries}.").format(
                    code=code, countries=", ".join(COUNTRIES)
                ),
                field="applies_to",
            )
    for profile in applies.profiles:
        if profile not in PROFILES:
            return ValidationError(
                _("Unknown profile {profile}. Choose one of {profiles}.").format(
                    profile=profile, profiles=", ".join(PROFILES)
                ),
                field="applies_to",
            )
    bounds = [b for b in (applies.home_work_min, applies.home_work_max) if b is not None]
    if any(not 0 <= bound <= 100 for bound in bounds) or (
        applies.home_work_min is not None
        and applies.home_work_max is not None
        and applies.home_work_min > applies.home_work_max
    ):
        return ValidationError(
            _("The home-working share runs from 0 to 100 %, the minimum not above the maximum."),
            field="applies_to",
        )
    return None


def sources_problem(sources: Sequence[Source]) -> ValidationError | None:
    for source in sources:
        if not source.title.strip():
            return ValidationError(_("Every source needs a title."), field="sources")
        if not source.url.startswith(("http://", "https://")):
            return ValidationError(
                _("A source link must start with http:// or https://: {url}").format(
                    url=source.url
                ),
                field="sources",
            )
    return None


def event_office(actor: Actor) -> int | None:
    # The command line's system actor belongs to no office (id 0).
    return actor.office_id or None


# --- reading ------------------------------------------------------------------------------


def get_comparison(
    sessions: sessionmaker[Session],
    actor: Actor,
    *,
    version_id: int | None = None,
    comparison_id: int | None = None,
    language: str = "nl",
) -> ComparisonDetail:
    """One version for the side-by-side view; by comparison id: its current published version.

    Editors also see drafts and versions under review; other roles only published ones.
    """
    check_language(language)
    with sessions() as session:
        if version_id is None:
            if comparison_id is None:
                raise ValidationError(_("Name a comparison or a version."))
            version_id = _current_version_id(session, comparison_id, actor)
        version = load_versions(session, [version_id]).get(version_id)
        if version is None or (
            version.state in ("draft", "in_review") and not actor.has_role("editor")
        ):
            raise NotFoundError(_("Unknown comparison version {id}.").format(id=version_id))
        return detail_of(session, version, language)


def _current_version_id(session: Session, comparison_id: int, actor: Actor) -> int:
    states = ["published", "retired"]
    if actor.has_role("editor"):
        states += ["draft", "in_review"]
    rows: list[tuple[int, str]] = [
        (id_, state)
        for id_, state in session.execute(
            select(ComparisonVersion.id, ComparisonVersion.state)
            .where(
                ComparisonVersion.comparison_id == comparison_id,
                ComparisonVersion.state.in_(states),
            )
            .order_by(ComparisonVersion.number.desc())
        )
    ]
    if not rows:
        raise NotFoundError(_("Unknown comparison {id}.").format(id=comparison_id))
    published = [id_ for id_, state in rows if state in ("published", "retired")]
    return published[0] if published else rows[0][0]


def detail_of(session: Session, version: ComparisonVersion, language: str) -> ComparisonDetail:
    topic = session.get(Topic, version.comparison.topic_id)
    assert topic is not None
    row = row_of(version, topic.code, language)
    text, _fallback = pick_text(version.texts, language)
    latest = session.scalar(
        select(ComparisonVersion.id).where(
            ComparisonVersion.comparison_id == version.comparison_id,
            ComparisonVersion.state == "published",
        )
    )
    return ComparisonDetail(
        row=row,
        requested_language=language,
        texts=texts_of(text),
        available_languages=tuple(t.language for t in version.texts),
        topic_name=getattr(topic, f"name_{language}") or topic.name_nl,
        comparison_status=version.comparison.status,
        sources=tuple(Source(s.title, s.url) for s in version.sources),
        applies_to=applicability_of(version),
        author_name=version.author_name,
        reviewer_name=version.reviewer_name,
        reviewed_at=version.reviewed_at,
        published_at=version.published_at,
        next_review_due=version.next_review_due,
        lock_version=version.version,
        latest_published_version_id=latest,
    )


def list_comparisons(
    sessions: sessionmaker[Session], actor: Actor, language: str = "nl"
) -> list[ComparisonRow]:
    """Every comparison's newest version (drafts only for editors), by title."""
    check_language(language)
    states = ["published", "retired", "superseded"]
    if actor.has_role("editor"):
        states += ["draft", "in_review"]
    with sessions() as session:
        newest: dict[int, int] = {}
        for comparison_id, version_id in session.execute(
            select(ComparisonVersion.comparison_id, ComparisonVersion.id)
            .where(ComparisonVersion.state.in_(states))
            .order_by(ComparisonVersion.number)
        ):
            newest[comparison_id] = version_id
        versions = load_versions(session, newest.values())
        codes = topic_codes(session)
        rows = [
            row_of(version, codes[version.comparison.topic_id], language)
            for version in versions.values()
        ]
        return sorted(rows, key=lambda row: row.title.casefold())


def list_history(
    sessions: sessionmaker[Session], actor: Actor, comparison_id: int
) -> list[VersionSummary]:
    """Every version of a comparison, newest first (drafts only for editors)."""
    with sessions() as session:
        query = select(ComparisonVersion).where(ComparisonVersion.comparison_id == comparison_id)
        if not actor.has_role("editor"):
            query = query.where(ComparisonVersion.state.not_in(("draft", "in_review")))
        versions = session.scalars(query.order_by(ComparisonVersion.number.desc())).all()
        if not versions:
            raise NotFoundError(_("Unknown comparison {id}.").format(id=comparison_id))
        return [
            VersionSummary(
                version_id=v.id,
                number=v.number,
                state=v.state,
                author_name=v.author_name,
                reviewer_name=v.reviewer_name,
                created_at=v.created_at,
                reviewed_at=v.reviewed_at,
                published_at=v.published_at,
                valid_from=v.valid_from,
                valid_to=v.valid_to,
            )
            for v in versions
        ]


def _readable(version: ComparisonVersion, language: str) -> list[tuple[str, list[str]]]:
    """A version as labelled sections of lines, in the order the view shows them."""
    text, _fallback = pick_text(version.texts, language)

    def label(key: str) -> str:
        return translate_in(language, FIELD_LABELS[key])

    applies = applicability_of(version)
    sections: list[tuple[str, list[str]]] = [
        (label(name), getattr(text, name).splitlines() or [""])
        for name in ("title", "dutch_rule", "neighbour_rule", "practice", "legal_basis")
    ]
    sections.append(
        (
            translate_in(language, N_("Validity")),
            [f"{version.valid_from.isoformat()} – {version.valid_to or '…'}"],
        )
    )
    sections.append(
        (
            translate_in(language, N_("Applies to")),
            [
                f"residence: {', '.join(applies.residence) or '*'}",
                f"work: {', '.join(applies.work) or '*'}",
                f"profiles: {', '.join(applies.profiles) or '*'}",
                f"home work %: {applies.home_work_min or 0}–{applies.home_work_max or 100}",
            ],
        )
    )
    sections.append(
        (
            translate_in(language, N_("Sources")),
            [f"{source.title} <{source.url}>" for source in version.sources] or ["-"],
        )
    )
    return sections


def diff_versions(
    sessions: sessionmaker[Session],
    actor: Actor,
    old_version_id: int,
    new_version_id: int,
    language: str = "nl",
) -> VersionDiff:
    """What changed between two versions of one comparison, section by section."""
    check_language(language)
    with sessions() as session:
        versions = load_versions(session, [old_version_id, new_version_id])
        old, new = versions.get(old_version_id), versions.get(new_version_id)
        if old is None or new is None or old.comparison_id != new.comparison_id:
            raise NotFoundError(_("Choose two versions of the same comparison."))
        if not actor.has_role("editor") and {old.state, new.state} & {"draft", "in_review"}:
            raise NotFoundError(_("Choose two versions of the same comparison."))
        lines: list[DiffLine] = []
        for (heading, before), (_heading, after) in zip(
            _readable(old, language), _readable(new, language), strict=True
        ):
            lines.append(DiffLine("heading", heading))
            for line in difflib.ndiff(before, after):
                code, content = line[:2], line[2:]
                if code == "? ":
                    continue  # ndiff's intraline hints are for fixed-width terminals
                kind = {"- ": "removed", "+ ": "added"}.get(code, "same")
                lines.append(DiffLine(kind, content))
        return VersionDiff(old.number, new.number, language, tuple(lines))


def due_for_review(
    sessions: sessionmaker[Session],
    actor: Actor,
    within_days: int = DUE_WITHIN_DAYS,
    today: dt.date | None = None,
    language: str = "nl",
) -> list[DueItem]:
    """Published versions whose review is due, or whose validity ends, within ``within_days``."""
    check_language(language)
    day = today or dt.date.today()
    horizon = day + dt.timedelta(days=within_days)
    with sessions() as session:
        ids = session.scalars(
            select(ComparisonVersion.id)
            .join(Comparison, Comparison.id == ComparisonVersion.comparison_id)
            .where(
                ComparisonVersion.state == "published",
                Comparison.status == "active",
                or_(
                    ComparisonVersion.next_review_due <= horizon,
                    ComparisonVersion.valid_to <= horizon,
                ),
            )
        ).all()
        versions = load_versions(session, ids)
        codes = topic_codes(session)
        items = [
            DueItem(
                row=row_of(v, codes[v.comparison.topic_id], language),
                next_review_due=v.next_review_due,
                review_due=v.next_review_due is not None and v.next_review_due <= horizon,
                validity_ends=v.valid_to is not None and v.valid_to <= horizon,
            )
            for v in versions.values()
        ]
    far = dt.date.max
    return sorted(
        items,
        key=lambda item: (
            min(item.next_review_due or far, item.row.valid_to or far),
            item.row.title.casefold(),
        ),
    )


# --- attaching to consultations ------------------------------------------------------------


def attach_to_consultation(
    sessions: sessionmaker[Session], actor: Actor, consultation_id: int, version_id: int
) -> AttachedComparison:
    """Attach the exact version the adviser sees; attaching it twice changes nothing."""
    require_role(actor, "adviser", "expert", "editor")
    with sessions.begin() as session:
        consultation = session.get(Consultation, consultation_id)
        if consultation is None:
            raise NotFoundError(_("Unknown consultation {id}.").format(id=consultation_id))
        version = load_versions(session, [version_id]).get(version_id)
        if version is None or version.state != "published":
            raise ValidationError(
                _("Only a published comparison can be attached to a consultation."),
                field="version_id",
            )
        link = session.get(ConsultationComparison, (consultation_id, version_id))
        if link is None:
            link = ConsultationComparison(
                consultation_id=consultation_id,
                comparison_version_id=version_id,
                attached_by_id=actor.user_id,
                attached_at=dt.datetime.now(dt.UTC),
            )
            session.add(link)
            session.flush()
            record_event(
                session,
                "consultation.comparison_attached",
                "consultation",
                consultation_id,
                office_id=consultation.office_id,
                actor_id=actor.user_id,
                detail=f"comparison_version={version_id}",
            )
        codes = topic_codes(session)
        return AttachedComparison(
            consultation_id=consultation_id,
            row=row_of(version, codes[version.comparison.topic_id], consultation.language),
            attached_at=link.attached_at,
            attached_by_id=link.attached_by_id,
        )


def detach_from_consultation(
    sessions: sessionmaker[Session], actor: Actor, consultation_id: int, version_id: int
) -> None:
    require_role(actor, "adviser", "expert", "editor")
    with sessions.begin() as session:
        link = session.get(ConsultationComparison, (consultation_id, version_id))
        if link is None:
            return
        consultation = session.get(Consultation, consultation_id)
        session.delete(link)
        record_event(
            session,
            "consultation.comparison_detached",
            "consultation",
            consultation_id,
            office_id=consultation.office_id if consultation else None,
            actor_id=actor.user_id,
            detail=f"comparison_version={version_id}",
        )


def list_attached(
    sessions: sessionmaker[Session], actor: Actor, consultation_id: int, language: str = "nl"
) -> list[AttachedComparison]:
    """The versions attached to a consultation, in the order they were attached."""
    del actor  # whoever may open the consultation may see what it cites
    check_language(language)
    with sessions() as session:
        links = session.scalars(
            select(ConsultationComparison)
            .where(ConsultationComparison.consultation_id == consultation_id)
            .order_by(ConsultationComparison.attached_at)
        ).all()
        versions = load_versions(session, [link.comparison_version_id for link in links])
        codes = topic_codes(session)
        return [
            AttachedComparison(
                consultation_id=consultation_id,
                row=row_of(
                    versions[link.comparison_version_id],
                    codes[versions[link.comparison_version_id].comparison.topic_id],
                    language,
                ),
                attached_at=link.attached_at,
                attached_by_id=link.attached_by_id,
            )
            for link in links
        ]
