"""The editorial workflow: draft → in review → published (four eyes) → superseded / retired.

A published version never changes: a change is a new version, drafted from the current one.
Editors write and review; the reviewer who publishes must not be the draft's author.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from grensdesk.i18n import LANGUAGES, _
from grensdesk.models import (
    Comparison,
    ComparisonSource,
    ComparisonText,
    ComparisonVersion,
    Topic,
)
from grensdesk.services.context import Actor, require_role
from grensdesk.services.errors import (
    EditConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from grensdesk.services.events import record_event
from grensdesk.services.knowledge import (
    ComparisonContent,
    ComparisonDetail,
    content_problem,
    detail_of,
    event_office,
    join_codes,
    load_versions,
)
from grensdesk.services.knowledge_search import index_version, unindex_version
from grensdesk.services.knowledge_text import search_form

CODE_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
REVIEW_INTERVAL: Final = dt.timedelta(days=365)
OPEN_STATES: Final = ("draft", "in_review")


def code_problem(code: str) -> ValidationError | None:
    if CODE_PATTERN.match(code):
        return None
    return ValidationError(
        _(
            "A code has 2 to 80 characters: lower-case letters, digits and '-', "
            "starting with a letter or digit."
        ),
        field="code",
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _language(actor: Actor) -> str:
    return actor.ui_language if actor.ui_language in LANGUAGES else "nl"


def _topic_id(session: Session, code: str) -> int:
    found = session.scalar(select(Topic.id).where(Topic.code == code))
    if found is None:
        raise NotFoundError(_("Unknown topic {code}.").format(code=code))
    return found


def write_content(session: Session, version: ComparisonVersion, content: ComparisonContent) -> None:
    """Put ``content`` into a version that is not yet published (texts and sources replaced)."""
    applies = content.applies_to
    version.valid_from = content.valid_from
    version.valid_to = content.valid_to
    version.next_review_due = content.next_review_due
    version.residence_countries = join_codes(applies.residence)
    version.work_countries = join_codes(applies.work)
    version.profiles = join_codes(applies.profiles)
    version.home_work_min = applies.home_work_min
    version.home_work_max = applies.home_work_max
    version.updated_at = _now()
    # Rows are updated in place per language: the unit of work inserts before it deletes,
    # so replacing them would briefly hold two rows for one (version, language).
    existing = {text.language: text for text in version.texts}
    rows = []
    for texts in content.texts:
        row = existing.get(texts.language) or ComparisonText(language=texts.language)
        row.title = texts.title.strip()
        row.dutch_rule = texts.dutch_rule.strip()
        row.neighbour_rule = texts.neighbour_rule.strip()
        row.practice = texts.practice.strip()
        row.legal_basis = texts.legal_basis.strip()
        row.keywords = "\n".join(word.strip() for word in texts.keywords if word.strip())
        row.search_title = search_form(texts.title)
        row.search_keywords = search_form(*texts.keywords)
        row.search_body = search_form(
            texts.dutch_rule, texts.neighbour_rule, texts.practice, texts.legal_basis
        )
        rows.append(row)
    version.texts = rows
    version.sources = [
        ComparisonSource(position=position, title=source.title.strip(), url=source.url.strip())
        for position, source in enumerate(content.sources, start=1)
    ]


def _check(content: ComparisonContent) -> None:
    problem = content_problem(content)
    if problem is not None:
        raise problem


def _new_version(
    session: Session, comparison: Comparison, author_id: int | None, author_name: str
) -> ComparisonVersion:
    number = (
        session.scalar(
            select(func.max(ComparisonVersion.number)).where(
                ComparisonVersion.comparison_id == comparison.id
            )
        )
        or 0
    ) + 1
    moment = _now()
    version = ComparisonVersion(
        comparison=comparison,
        number=number,
        state="draft",
        author_id=author_id,
        author_name=author_name,
        created_at=moment,
        updated_at=moment,
    )
    session.add(version)
    return version


def _event(session: Session, actor: Actor, kind: str, version: ComparisonVersion) -> None:
    record_event(
        session,
        kind,
        "comparison",
        version.comparison_id,
        office_id=event_office(actor),
        actor_id=actor.user_id,
        detail=f"version={version.id} number={version.number}",
    )


def create_draft(
    sessions: sessionmaker[Session], actor: Actor, code: str, content: ComparisonContent
) -> ComparisonDetail:
    """A new comparison with its first version as a draft."""
    require_role(actor, "editor")
    problem = code_problem(code)
    if problem is not None:
        raise problem
    _check(content)
    try:
        return _create_draft(sessions, actor, code, content)
    except IntegrityError as error:
        # Another editor created the same code between our check and our insert.
        raise _code_taken(code) from error


def _code_taken(code: str) -> ValidationError:
    return ValidationError(_("The code {code} is taken.").format(code=code), field="code")


def _create_draft(
    sessions: sessionmaker[Session], actor: Actor, code: str, content: ComparisonContent
) -> ComparisonDetail:
    with sessions.begin() as session:
        if session.scalar(select(Comparison.id).where(Comparison.code == code)) is not None:
            raise _code_taken(code)
        comparison = Comparison(
            code=code,
            topic_id=_topic_id(session, content.topic),
            neighbour_country=content.neighbour_country,
            region=content.region,
            status="active",
            created_at=_now(),
        )
        session.add(comparison)
        version = _new_version(session, comparison, actor.user_id, actor.full_name)
        write_content(session, version, content)
        session.flush()
        _event(session, actor, "comparison.draft_created", version)
        return detail_of(session, version, _language(actor))


def draft_new_version(
    sessions: sessionmaker[Session], actor: Actor, comparison_id: int
) -> ComparisonDetail:
    """A draft copying the current published version: the way to change a published entry."""
    require_role(actor, "editor")
    try:
        return _draft_new_version(sessions, actor, comparison_id)
    except IntegrityError as error:
        # Two editors started a new version at the same moment: both took the same number.
        raise EditConflictError(
            _(
                "Another editor started a new version of this comparison at the same moment. "
                "Reload it and continue in that draft."
            )
        ) from error


def _draft_new_version(
    sessions: sessionmaker[Session], actor: Actor, comparison_id: int
) -> ComparisonDetail:
    with sessions.begin() as session:
        comparison = session.get(Comparison, comparison_id)
        if comparison is None:
            raise NotFoundError(_("Unknown comparison {id}.").format(id=comparison_id))
        versions = session.scalars(
            select(ComparisonVersion)
            .where(ComparisonVersion.comparison_id == comparison_id)
            .order_by(ComparisonVersion.number.desc())
        ).all()
        if any(v.state in OPEN_STATES for v in versions):
            raise ValidationError(
                _("This comparison already has a draft; finish or discard that one first.")
            )
        base = next((v for v in versions if v.state in ("published", "retired")), None)
        if base is None:
            raise NotFoundError(_("Unknown comparison {id}.").format(id=comparison_id))
        base = load_versions(session, [base.id])[base.id]
        draft = _new_version(session, comparison, actor.user_id, actor.full_name)
        for name in (
            "valid_from",
            "valid_to",
            "next_review_due",
            "residence_countries",
            "work_countries",
            "profiles",
            "home_work_min",
            "home_work_max",
        ):
            setattr(draft, name, getattr(base, name))
        draft.texts = [
            ComparisonText(
                language=t.language,
                title=t.title,
                dutch_rule=t.dutch_rule,
                neighbour_rule=t.neighbour_rule,
                practice=t.practice,
                legal_basis=t.legal_basis,
                keywords=t.keywords,
                search_title=t.search_title,
                search_keywords=t.search_keywords,
                search_body=t.search_body,
            )
            for t in base.texts
        ]
        draft.sources = [
            ComparisonSource(position=s.position, title=s.title, url=s.url) for s in base.sources
        ]
        session.flush()
        _event(session, actor, "comparison.draft_created", draft)
        return detail_of(session, draft, _language(actor))


def _open_version(
    session: Session, version_id: int, expected_version: int, states: tuple[str, ...]
) -> ComparisonVersion:
    version = load_versions(session, [version_id]).get(version_id)
    if version is None:
        raise NotFoundError(_("Unknown comparison version {id}.").format(id=version_id))
    if version.state in ("published", "superseded", "retired"):
        raise ValidationError(
            _(
                "Version {number} is published and can no longer change; "
                "start a new version instead."
            ).format(number=version.number)
        )
    if version.state not in states:
        raise ValidationError(
            _("Version {number} is {state}; this step is not possible now.").format(
                number=version.number, state=version.state
            )
        )
    if version.version != expected_version:
        raise _changed_meanwhile()
    return version


def _changed_meanwhile() -> EditConflictError:
    return EditConflictError(
        _("Someone else changed this version in the meantime. Reload it to see their changes.")
    )


def update_draft(
    sessions: sessionmaker[Session],
    actor: Actor,
    version_id: int,
    expected_version: int,
    content: ComparisonContent,
) -> ComparisonDetail:
    """Save a draft; ``expected_version`` is the ``lock_version`` the editor started from."""
    require_role(actor, "editor")
    _check(content)
    try:
        with sessions.begin() as session:
            version = _open_version(session, version_id, expected_version, ("draft",))
            comparison = version.comparison
            topic_id = _topic_id(session, content.topic)
            identity = (topic_id, content.neighbour_country, content.region)
            current = (comparison.topic_id, comparison.neighbour_country, comparison.region)
            if identity != current:
                published_before = session.scalar(
                    select(func.count(ComparisonVersion.id)).where(
                        ComparisonVersion.comparison_id == comparison.id,
                        ComparisonVersion.state.not_in(OPEN_STATES),
                    )
                )
                if published_before:
                    raise ValidationError(
                        _(
                            "Topic, country and region of a published comparison stay as they "
                            "are; retire it and write a new one instead."
                        ),
                        field="topic",
                    )
                comparison.topic_id, comparison.neighbour_country, comparison.region = identity
            write_content(session, version, content)
            session.flush()
            _event(session, actor, "comparison.draft_saved", version)
            return detail_of(session, version, _language(actor))
    except StaleDataError as error:
        raise _changed_meanwhile() from error


def _transition(
    sessions: sessionmaker[Session],
    actor: Actor,
    version_id: int,
    expected_version: int,
    from_states: tuple[str, ...],
    to_state: str,
    kind: str,
) -> ComparisonDetail:
    require_role(actor, "editor")
    try:
        with sessions.begin() as session:
            version = _open_version(session, version_id, expected_version, from_states)
            version.state = to_state
            version.updated_at = _now()
            session.flush()
            _event(session, actor, kind, version)
            return detail_of(session, version, _language(actor))
    except StaleDataError as error:
        raise _changed_meanwhile() from error


def submit_for_review(
    sessions: sessionmaker[Session], actor: Actor, version_id: int, expected_version: int
) -> ComparisonDetail:
    return _transition(
        sessions,
        actor,
        version_id,
        expected_version,
        ("draft",),
        "in_review",
        "comparison.submitted",
    )


def return_to_draft(
    sessions: sessionmaker[Session], actor: Actor, version_id: int, expected_version: int
) -> ComparisonDetail:
    """The reviewer sends a version back to its author."""
    return _transition(
        sessions,
        actor,
        version_id,
        expected_version,
        ("in_review",),
        "draft",
        "comparison.returned",
    )


def publish(
    sessions: sessionmaker[Session], actor: Actor, version_id: int, expected_version: int
) -> ComparisonDetail:
    """A second editor publishes a version under review; the previous one is superseded."""
    require_role(actor, "editor")
    try:
        with sessions.begin() as session:
            version = _open_version(session, version_id, expected_version, ("in_review",))
            if actor.user_id is None or actor.user_id == version.author_id:
                raise PermissionDeniedError(
                    _(
                        "Four eyes: {user} wrote this version, so another editor must review "
                        "and publish it."
                    ).format(user=actor.full_name)
                )
            moment = _now()
            _supersede_published(session, version.comparison_id, "superseded")
            version.state = "published"
            version.reviewed_by_id = actor.user_id
            version.reviewer_name = actor.full_name
            version.reviewed_at = moment
            version.published_at = moment
            version.updated_at = moment
            if version.next_review_due is None:
                version.next_review_due = (moment + REVIEW_INTERVAL).date()
            session.flush()
            index_version(session, version.id)
            _event(session, actor, "comparison.published", version)
            return detail_of(session, version, _language(actor))
    except StaleDataError as error:
        raise _changed_meanwhile() from error


def _supersede_published(session: Session, comparison_id: int, state: str) -> None:
    for old in session.scalars(
        select(ComparisonVersion).where(
            ComparisonVersion.comparison_id == comparison_id,
            ComparisonVersion.state == "published",
        )
    ):
        unindex_version(session, old.id)
        old.state = state
        old.updated_at = _now()


def publish_reviewed(
    session: Session,
    comparison: Comparison,
    content: ComparisonContent,
    *,
    author_name: str,
    reviewer_name: str,
    reviewed_at: dt.datetime,
) -> ComparisonVersion:
    """A version reviewed outside GrensDesk (an imported file), published at once."""
    _supersede_published(session, comparison.id, "superseded")
    version = _new_version(session, comparison, None, author_name)
    write_content(session, version, content)
    version.state = "published"
    version.reviewer_name = reviewer_name
    version.reviewed_at = reviewed_at
    version.published_at = _now()
    if version.next_review_due is None:
        version.next_review_due = (reviewed_at + REVIEW_INTERVAL).date()
    session.flush()
    index_version(session, version.id)
    return version


def retire(
    sessions: sessionmaker[Session], actor: Actor, comparison_id: int, reason: str = ""
) -> None:
    """Take a comparison out of search and the finder; its history stays readable."""
    require_role(actor, "editor")
    with sessions.begin() as session:
        comparison = session.get(Comparison, comparison_id)
        if comparison is None:
            raise NotFoundError(_("Unknown comparison {id}.").format(id=comparison_id))
        if comparison.status == "retired":
            return
        retire_in(session, comparison)
        record_event(
            session,
            "comparison.retired",
            "comparison",
            comparison.id,
            office_id=event_office(actor),
            actor_id=actor.user_id,
            detail=reason,
        )


def retire_in(session: Session, comparison: Comparison) -> None:
    _supersede_published(session, comparison.id, "retired")
    comparison.status = "retired"


def discard_draft(
    sessions: sessionmaker[Session], actor: Actor, version_id: int, expected_version: int
) -> None:
    """Throw away a draft that was never published (a first draft takes its comparison along)."""
    require_role(actor, "editor")
    with sessions.begin() as session:
        version = _open_version(session, version_id, expected_version, OPEN_STATES)
        comparison = version.comparison
        _event(session, actor, "comparison.draft_discarded", version)
        session.delete(version)
        session.flush()
        remaining = session.scalar(
            select(func.count(ComparisonVersion.id)).where(
                ComparisonVersion.comparison_id == comparison.id
            )
        )
        if not remaining:
            session.delete(comparison)
