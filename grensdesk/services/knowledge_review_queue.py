"""What the editorial screen needs beyond ``knowledge_editorial``: the editors' work list,
a draft with every language for editing, who last changed it, sending back with a comment,
and checking a whole draft at once (every problem, not only the first).

Writing drafts and publishing stay in ``knowledge_editorial``; this module only reads,
except :func:`send_back`, which is ``return_to_draft`` plus the reviewer's comment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from grensdesk.i18n import LANGUAGES, N_, _, translate_in
from grensdesk.models import (
    Comparison,
    ComparisonText,
    ComparisonVersion,
    Event,
    UserAccount,
)
from grensdesk.services.context import Actor, require_role
from grensdesk.services.errors import EditConflictError, NotFoundError, ValidationError
from grensdesk.services.events import record_event
from grensdesk.services.knowledge import (
    DUE_WITHIN_DAYS,
    FALLBACK_ORDER,
    FIELD_LABELS,
    ComparisonContent,
    ComparisonDetail,
    DiffLine,
    VersionDiff,
    applicability_problem,
    check_language,
    content_problem,
    detail_of,
    event_office,
    load_versions,
    topic_codes,
)
from grensdesk.services.knowledge_editorial import code_problem
from grensdesk.services.knowledge_format import content_of

# The lists an editor works from; one entry can be in several (a published entry that is due).
QUEUES: Final = ("mine", "review", "drafts", "due", "published", "retired")
# The events that change a draft, newest first tells who touched it last.
_CHANGE_KINDS: Final = (
    "comparison.draft_created",
    "comparison.draft_saved",
    "comparison.submitted",
    "comparison.returned",
)
_TEXT_FIELDS: Final = ("title", "dutch_rule", "neighbour_rule", "practice")


@dataclass(frozen=True)
class VersionRef:
    """Which version of which comparison, and where each of the two stands."""

    comparison_id: int
    code: str
    version_id: int
    number: int
    state: str
    comparison_status: str


def _ref_fields(version: ComparisonVersion, comparison: Comparison) -> dict[str, Any]:
    """The :class:`VersionRef` part of a queue entry or an editable version, to build one."""
    return dataclasses.asdict(
        VersionRef(
            comparison_id=comparison.id,
            code=comparison.code,
            version_id=version.id,
            number=version.number,
            state=version.state,
            comparison_status=comparison.status,
        )
    )


@dataclass(frozen=True)
class QueueEntry(VersionRef):
    """One version in the editors' list, titled in the reader's language (or a fallback)."""

    topic_code: str
    neighbour_country: str
    region: str | None
    language: str
    title: str
    author_id: int | None
    author_name: str
    updated_at: dt.datetime
    valid_from: dt.date
    valid_to: dt.date | None
    next_review_due: dt.date | None
    review_due: bool
    validity_ends: bool
    queues: tuple[str, ...]


@dataclass(frozen=True)
class ChangeInfo:
    """Who last changed a draft, and when."""

    changed_by: str
    changed_at: dt.datetime


@dataclass(frozen=True)
class EditableVersion(VersionRef):
    """A version with the texts of every language, as the draft editor fills its form."""

    lock_version: int
    author_id: int | None
    author_name: str
    content: ComparisonContent
    published_version_id: int | None
    last_change: ChangeInfo | None
    review_comment: str


# --- the work list -------------------------------------------------------------------------


def editorial_queue(
    sessions: sessionmaker[Session],
    actor: Actor,
    language: str = "nl",
    today: dt.date | None = None,
    within_days: int = DUE_WITHIN_DAYS,
) -> list[QueueEntry]:
    """Open drafts, the published versions and the retired entries, by title.

    ``queues`` says where an entry belongs: "mine" (my open drafts), "review" (waiting
    for review by someone other than me: four eyes), "drafts" (the others' open drafts),
    "due" (published; review due or validity ending within ``within_days``),
    "published" and "retired".
    """
    require_role(actor, "editor")
    check_language(language)
    horizon = (today or dt.date.today()) + dt.timedelta(days=within_days)
    with sessions() as session:
        versions = session.execute(
            select(ComparisonVersion, Comparison)
            .join(Comparison, Comparison.id == ComparisonVersion.comparison_id)
            .where(ComparisonVersion.state.in_(("draft", "in_review", "published", "retired")))
            .order_by(ComparisonVersion.number)
        ).all()
        retired_newest: dict[int, int] = {}
        for version, _comparison in versions:
            if version.state == "retired":
                retired_newest[version.comparison_id] = version.id
        wanted = [
            (version, comparison)
            for version, comparison in versions
            if version.state != "retired" or retired_newest[version.comparison_id] == version.id
        ]
        titles = _titles(session, [version.id for version, _c in wanted])
        codes = topic_codes(session)
        entries = []
        for version, comparison in wanted:
            shown_language, title = _title_in(titles.get(version.id, {}), language)
            review_due = version.next_review_due is not None and version.next_review_due <= horizon
            validity_ends = version.valid_to is not None and version.valid_to <= horizon
            entries.append(
                QueueEntry(
                    **_ref_fields(version, comparison),
                    topic_code=codes[comparison.topic_id],
                    neighbour_country=comparison.neighbour_country,
                    region=comparison.region,
                    language=shown_language,
                    title=title,
                    author_id=version.author_id,
                    author_name=version.author_name,
                    updated_at=version.updated_at,
                    valid_from=version.valid_from,
                    valid_to=version.valid_to,
                    next_review_due=version.next_review_due,
                    review_due=review_due,
                    validity_ends=validity_ends,
                    queues=_queues_of(version, comparison, actor, review_due or validity_ends),
                )
            )
    return sorted(entries, key=lambda entry: (entry.title.casefold(), entry.number))


def _queues_of(
    version: ComparisonVersion, comparison: Comparison, actor: Actor, due: bool
) -> tuple[str, ...]:
    if version.state in ("draft", "in_review"):
        if version.author_id is not None and version.author_id == actor.user_id:
            return ("mine",)
        return ("review",) if version.state == "in_review" else ("drafts",)
    if version.state == "retired" or comparison.status == "retired":
        return ("retired",)
    return ("published", "due") if due else ("published",)


def _titles(session: Session, version_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Only the titles: the list must not read every text of every version."""
    found: dict[int, dict[str, str]] = {}
    for start in range(0, len(version_ids), 500):  # keeps IN lists short on both engines
        chunk = version_ids[start : start + 500]
        for version_id, language, title in session.execute(
            select(ComparisonText.version_id, ComparisonText.language, ComparisonText.title).where(
                ComparisonText.version_id.in_(chunk)
            )
        ):
            found.setdefault(version_id, {})[language] = title
    return found


def _title_in(titles: dict[str, str], language: str) -> tuple[str, str]:
    for candidate in (language, *FALLBACK_ORDER, *LANGUAGES):
        if candidate in titles:
            return candidate, titles[candidate]
    return language, ""


# --- one version for editing ---------------------------------------------------------------


def load_editable(
    sessions: sessionmaker[Session], actor: Actor, version_id: int
) -> EditableVersion:
    """A version with all its languages, who changed it last, and the reviewer's comment."""
    require_role(actor, "editor")
    with sessions() as session:
        version = load_versions(session, [version_id]).get(version_id)
        if version is None:
            raise NotFoundError(_("Unknown comparison version {id}.").format(id=version_id))
        comparison = version.comparison
        published = session.scalar(
            select(ComparisonVersion.id).where(
                ComparisonVersion.comparison_id == comparison.id,
                ComparisonVersion.state == "published",
            )
        )
        return EditableVersion(
            **_ref_fields(version, comparison),
            lock_version=version.version,
            author_id=version.author_id,
            author_name=version.author_name,
            content=content_of(version, topic_codes(session)[comparison.topic_id]),
            published_version_id=published,
            last_change=_last_change(session, version),
            review_comment=_review_comment(session, version),
        )


def _latest_event(
    session: Session, version: ComparisonVersion, kinds: Sequence[str]
) -> Event | None:
    return session.scalars(
        select(Event)
        .where(
            Event.entity == "comparison",
            Event.entity_id == version.comparison_id,
            Event.kind.in_(kinds),
            # The detail starts "version=<id> number=<n>" (knowledge_editorial._event).
            Event.detail.like(f"version={version.id} %"),
        )
        .order_by(Event.id.desc())
        .limit(1)
    ).first()


def _last_change(session: Session, version: ComparisonVersion) -> ChangeInfo | None:
    event = _latest_event(session, version, _CHANGE_KINDS)
    if event is None:
        return None
    name: str | None = None
    if event.actor_id is not None:
        name = session.scalar(select(UserAccount.full_name).where(UserAccount.id == event.actor_id))
    return ChangeInfo(changed_by=name or version.author_name, changed_at=event.occurred_at)


def _review_comment(session: Session, version: ComparisonVersion) -> str:
    """The comment of the last send-back, while the version is a draft again."""
    if version.state != "draft":
        return ""
    event = _latest_event(session, version, ("comparison.returned", "comparison.submitted"))
    if event is None or event.kind != "comparison.returned":
        return ""
    _first, _newline, comment = event.detail.partition("\n")
    return comment


# --- sending back ---------------------------------------------------------------------------


def send_back(
    sessions: sessionmaker[Session],
    actor: Actor,
    version_id: int,
    expected_version: int,
    comment: str = "",
) -> ComparisonDetail:
    """The reviewer returns a version to its author as a draft, saying why."""
    require_role(actor, "editor")
    comment = comment.strip()
    try:
        with sessions.begin() as session:
            version = load_versions(session, [version_id]).get(version_id)
            if version is None:
                raise NotFoundError(_("Unknown comparison version {id}.").format(id=version_id))
            if version.state != "in_review":
                raise ValidationError(
                    _("Version {number} is not waiting for review any more.").format(
                        number=version.number
                    )
                )
            if version.version != expected_version:
                raise _changed_meanwhile()
            version.state = "draft"
            version.updated_at = dt.datetime.now(dt.UTC)
            session.flush()
            record_event(
                session,
                "comparison.returned",
                "comparison",
                version.comparison_id,
                office_id=event_office(actor),
                actor_id=actor.user_id,
                detail=f"version={version.id} number={version.number}"
                + (f"\n{comment}" if comment else ""),
            )
            language = actor.ui_language if actor.ui_language in LANGUAGES else "nl"
            return detail_of(session, version, language)
    except StaleDataError as error:
        raise _changed_meanwhile() from error


def _changed_meanwhile() -> EditConflictError:
    return EditConflictError(
        _("Someone else changed this version in the meantime. Reload it to see their changes.")
    )


# --- checking a whole draft ----------------------------------------------------------------


def is_web_address(url: str) -> bool:
    """http(s), a host with a dot or "localhost", no spaces."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    return (
        parts.scheme in ("http", "https")
        and bool(host)
        and ("." in host or host == "localhost")
        and not re.search(r"\s", url.strip())
    )


def draft_problems(code: str | None, content: ComparisonContent) -> list[ValidationError]:
    """Every problem of a draft at once, each with the field it belongs to.

    Fields are the service's names, per language ``title.nl`` and per source ``sources.2``
    (1-based), so a form can put each message under its own input. ``code`` is None for a
    version of an existing comparison.
    """
    problems: list[ValidationError] = []
    if code is not None:
        problem = code_problem(code)
        if problem is not None:
            problems.append(problem)
    if content.valid_to is not None and content.valid_to < content.valid_from:
        problems.append(
            ValidationError(_("The end of validity lies before its start."), field="valid_to")
        )
    written = [texts for texts in content.texts if _has_text(texts)]
    if not written:
        problems.append(
            ValidationError(_("Write the texts in at least one language."), field="texts")
        )
    for texts in written:
        for name in _TEXT_FIELDS:
            if not getattr(texts, name).strip():
                # Shown under the field itself, on the tab of its language: short is enough.
                problems.append(ValidationError(_("Required."), field=f"{name}.{texts.language}"))
        if len(texts.title.strip()) > 200:
            problems.append(
                ValidationError(
                    _("A title has at most {count} characters.").format(count=200),
                    field=f"title.{texts.language}",
                )
            )
    for position, source in enumerate(content.sources, start=1):
        if not source.title.strip():
            problems.append(
                ValidationError(_("Every source needs a title."), field=f"sources.{position}")
            )
        if not is_web_address(source.url):
            problems.append(
                ValidationError(
                    _("A source link must be a web address like https://www.svb.nl/: {url}").format(
                        url=source.url
                    ),
                    field=f"sources.{position}",
                )
            )
    applies = applicability_problem(content.applies_to)
    if applies is not None:
        problems.append(applies)
    if not problems:
        # What the form cannot see (unknown country or region codes): the service's own check.
        remaining = content_problem(
            ComparisonContent(
                topic=content.topic,
                neighbour_country=content.neighbour_country,
                region=content.region,
                valid_from=content.valid_from,
                valid_to=content.valid_to,
                texts=tuple(written),
                sources=content.sources,
                applies_to=content.applies_to,
                next_review_due=content.next_review_due,
            )
        )
        if remaining is not None:
            problems.append(remaining)
    return problems


def _has_text(texts: object) -> bool:
    return any(
        str(getattr(texts, name, "")).strip() for name in (*_TEXT_FIELDS, "legal_basis")
    ) or bool(getattr(texts, "keywords", ()))


# --- comparing a typed draft with a stored one ---------------------------------------------


def diff_contents(
    old: ComparisonContent,
    new: ComparisonContent,
    language: str,
    old_number: int = 0,
    new_number: int = 0,
) -> VersionDiff:
    """Like ``knowledge.diff_versions``, for content that need not be stored (a typed draft)."""
    check_language(language)
    lines: list[DiffLine] = []
    for (heading, before), (_heading, after) in zip(
        _readable(old, language), _readable(new, language), strict=True
    ):
        lines.append(DiffLine("heading", heading))
        for line in difflib.ndiff(before, after):
            code, text = line[:2], line[2:]
            if code == "? ":
                continue
            lines.append(DiffLine({"- ": "removed", "+ ": "added"}.get(code, "same"), text))
    return VersionDiff(old_number, new_number, language, tuple(lines))


def _readable(content: ComparisonContent, language: str) -> list[tuple[str, list[str]]]:
    by_language = {texts.language: texts for texts in content.texts}
    texts = next(
        (by_language[code] for code in (language, *FALLBACK_ORDER) if code in by_language),
        None,
    )

    def label(key: str) -> str:
        return translate_in(language, FIELD_LABELS[key])

    sections: list[tuple[str, list[str]]] = [
        (label(name), (getattr(texts, name) if texts else "").splitlines() or [""])
        for name in ("title", "dutch_rule", "neighbour_rule", "practice", "legal_basis")
    ]
    sections.append(
        (
            translate_in(language, N_("Validity")),
            [f"{content.valid_from.isoformat()} – {content.valid_to or '…'}"],
        )
    )
    sections.append(
        (
            translate_in(language, N_("Sources")),
            [f"{source.title} <{source.url}>" for source in content.sources] or ["-"],
        )
    )
    return sections
