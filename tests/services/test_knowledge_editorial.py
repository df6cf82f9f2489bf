from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from grensdesk.bootstrap import Database
from grensdesk.models import Consultation, Event, Office, UserAccount
from grensdesk.services.context import Actor
from grensdesk.services.errors import (
    EditConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from grensdesk.services.knowledge import (
    Texts,
    attach_to_consultation,
    detach_from_consultation,
    diff_versions,
    due_for_review,
    get_comparison,
    list_attached,
    list_comparisons,
    list_history,
)
from grensdesk.services.knowledge_editorial import (
    create_draft,
    discard_draft,
    draft_new_version,
    publish,
    retire,
    return_to_draft,
    submit_for_review,
    update_draft,
)
from grensdesk.services.knowledge_search import search
from tests.conftest import sign_in_as
from tests.services.knowledge_support import comparison_id, draft_content, load_sample


@pytest.fixture
def markus(database: Database) -> Actor:
    return sign_in_as(database, "markus")


@pytest.fixture
def els(database: Database) -> Actor:
    return sign_in_as(database, "els")


def published(database: Database, author: Actor, reviewer: Actor, title: str = "Rijbewijs") -> int:
    draft = create_draft(database.sessions, author, "driving-licence-de", draft_content(title))
    review = submit_for_review(database.sessions, author, draft.row.version_id, draft.lock_version)
    done = publish(database.sessions, reviewer, review.row.version_id, review.lock_version)
    return done.row.version_id


def test_a_draft_is_reviewed_and_published_by_a_second_editor(
    database: Database, markus: Actor, els: Actor
) -> None:
    draft = create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    assert draft.row.state == "draft" and draft.row.number == 1
    assert draft.author_name == "Markus Weber"
    assert search(database.sessions, els, "rijbewijs", "nl") == []  # drafts are not searchable

    review = submit_for_review(database.sessions, markus, draft.row.version_id, draft.lock_version)
    assert review.row.state == "in_review"
    done = publish(database.sessions, els, review.row.version_id, review.lock_version)
    assert done.row.state == "published"
    assert done.reviewer_name == sign_in_as(database, "els").full_name
    assert done.reviewed_at is not None and done.published_at is not None
    assert done.next_review_due == (done.published_at + dt.timedelta(days=365)).date()
    assert [hit.row.version_id for hit in search(database.sessions, els, "rijbewijs", "nl")] == [
        done.row.version_id
    ]
    with database.sessions() as session:
        kinds = session.scalars(select(Event.kind).where(Event.entity == "comparison")).all()
    assert {"comparison.draft_created", "comparison.submitted", "comparison.published"} <= set(
        kinds
    )


def test_an_editor_cannot_publish_their_own_draft(database: Database, markus: Actor) -> None:
    draft = create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    review = submit_for_review(database.sessions, markus, draft.row.version_id, draft.lock_version)
    with pytest.raises(PermissionDeniedError, match="Four eyes"):
        publish(database.sessions, markus, review.row.version_id, review.lock_version)
    assert (
        get_comparison(database.sessions, markus, version_id=review.row.version_id).row.state
        == "in_review"
    )


def test_only_editors_write_and_a_draft_must_be_reviewed_first(
    database: Database, adviser: Actor, markus: Actor, els: Actor
) -> None:
    with pytest.raises(PermissionDeniedError):
        create_draft(database.sessions, adviser, "driving-licence-de", draft_content())
    draft = create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    with pytest.raises(ValidationError, match="not possible now"):
        publish(database.sessions, els, draft.row.version_id, draft.lock_version)
    # Advisers do not see drafts at all.
    with pytest.raises(NotFoundError):
        get_comparison(database.sessions, adviser, version_id=draft.row.version_id)


def test_a_published_version_is_immutable_and_a_change_is_a_new_version(
    database: Database, markus: Actor, els: Actor
) -> None:
    first = published(database, markus, els)
    detail = get_comparison(database.sessions, els, version_id=first)
    with pytest.raises(ValidationError, match="can no longer change"):
        update_draft(database.sessions, els, first, detail.lock_version, draft_content("Gewijzigd"))
    with pytest.raises(ValidationError, match="can no longer change"):
        submit_for_review(database.sessions, els, first, detail.lock_version)

    second = draft_new_version(database.sessions, els, detail.row.comparison_id)
    assert second.row.number == 2 and second.texts.title == "Rijbewijs"
    with pytest.raises(ValidationError, match="already has a draft"):
        draft_new_version(database.sessions, els, detail.row.comparison_id)
    changed = update_draft(
        database.sessions,
        els,
        second.row.version_id,
        second.lock_version,
        draft_content("Rijbewijs omwisselen na verhuizing"),
    )
    review = submit_for_review(database.sessions, els, changed.row.version_id, changed.lock_version)
    publish(database.sessions, markus, review.row.version_id, review.lock_version)

    old = get_comparison(database.sessions, els, version_id=first)
    assert old.row.state == "superseded"
    assert old.texts.title == "Rijbewijs"  # untouched
    hits = search(database.sessions, els, "rijbewijs", "nl")
    assert [hit.row.number for hit in hits] == [2]
    current = get_comparison(database.sessions, els, comparison_id=detail.row.comparison_id)
    assert current.row.number == 2
    assert current.latest_published_version_id == current.row.version_id


def test_history_and_a_readable_diff(database: Database, markus: Actor, els: Actor) -> None:
    first = published(database, markus, els)
    comparison = get_comparison(database.sessions, els, version_id=first).row.comparison_id
    draft = draft_new_version(database.sessions, els, comparison)
    content = draft_content(
        "Rijbewijs omwisselen",
        valid_to=dt.date(2026, 12, 31),
    )
    update_draft(database.sessions, els, draft.row.version_id, draft.lock_version, content)

    history = list_history(database.sessions, els, comparison)
    assert [(v.number, v.state) for v in history] == [(2, "draft"), (1, "published")]
    assert [
        v.number for v in list_history(database.sessions, sign_in_as(database, "anna"), comparison)
    ] == [1]

    diff = diff_versions(database.sessions, els, first, draft.row.version_id, "nl")
    assert diff.changed
    removed = [line.text for line in diff.lines if line.kind == "removed"]
    added = [line.text for line in diff.lines if line.kind == "added"]
    assert "Rijbewijs" in removed and "Rijbewijs omwisselen" in added
    assert any("2026-12-31" in line for line in added)
    assert "Titel" not in removed  # headings are separate lines
    assert not diff_versions(database.sessions, els, first, first, "nl").changed


def test_a_stale_save_is_a_conflict_not_an_overwrite(
    database: Database, markus: Actor, els: Actor
) -> None:
    draft = create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    update_draft(
        database.sessions, els, draft.row.version_id, draft.lock_version, draft_content("Els")
    )
    with pytest.raises(EditConflictError, match="changed this version"):
        update_draft(
            database.sessions,
            markus,
            draft.row.version_id,
            draft.lock_version,
            draft_content("Markus"),
        )
    current = get_comparison(database.sessions, markus, version_id=draft.row.version_id)
    assert current.texts.title == "Els"


def test_a_reviewer_can_return_a_draft_and_a_draft_can_be_discarded(
    database: Database, markus: Actor, els: Actor
) -> None:
    draft = create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    review = submit_for_review(database.sessions, markus, draft.row.version_id, draft.lock_version)
    back = return_to_draft(database.sessions, els, review.row.version_id, review.lock_version)
    assert back.row.state == "draft"
    discard_draft(database.sessions, markus, back.row.version_id, back.lock_version)
    assert list_comparisons(database.sessions, markus) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"neighbour_country": "FR"}, "neighbour_country"),
        ({"region": "Bayern"}, "region"),
        ({"valid_to": dt.date(2025, 1, 1)}, "valid_to"),
        ({"texts": ()}, "texts"),
        (
            {"texts": (Texts("nl", "Titel", "", "buurland", "praktijk"),)},
            "dutch_rule",
        ),
    ],
)
def test_bad_content_names_the_field(
    database: Database, markus: Actor, change: dict[str, object], field: str
) -> None:
    content = dataclasses.replace(draft_content(), **change)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        create_draft(database.sessions, markus, "driving-licence-de", content)
    assert caught.value.field == field


def test_codes_are_unique_and_well_formed(database: Database, markus: Actor) -> None:
    create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    with pytest.raises(ValidationError, match="taken"):
        create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    with pytest.raises(ValidationError) as caught:
        create_draft(database.sessions, markus, "Not A Code", draft_content())
    assert caught.value.field == "code"
    with pytest.raises(NotFoundError, match="Unknown topic astrology"):
        create_draft(
            database.sessions,
            markus,
            "stars",
            dataclasses.replace(draft_content(), topic="astrology"),
        )


def test_retiring_keeps_the_history(database: Database, markus: Actor, els: Actor) -> None:
    version = published(database, markus, els)
    comparison = get_comparison(database.sessions, els, version_id=version).row.comparison_id
    retire(database.sessions, els, comparison, "rule abolished")
    detail = get_comparison(database.sessions, els, comparison_id=comparison)
    assert detail.comparison_status == "retired" and detail.row.state == "retired"
    assert search(database.sessions, els, "rijbewijs", "nl") == []
    with pytest.raises(PermissionDeniedError):
        retire(database.sessions, sign_in_as(database, "anna"), comparison)


def test_due_for_review_lists_reviews_and_validity_ending_within_60_days(
    database: Database, adviser: Actor
) -> None:
    load_sample(database)
    due = due_for_review(database.sessions, adviser, today=dt.date(2026, 5, 15))
    codes = [item.row.code for item in due]
    # child-benefit-nl: validity ends 2026-06-30 (46 days); nothing else is due by mid-July.
    assert codes == ["child-benefit-nl"]
    assert due[0].validity_ends and not due[0].review_due

    later = due_for_review(database.sessions, adviser, today=dt.date(2027, 3, 1))
    by_code = {item.row.code: item for item in later}
    assert by_code["health-insurance-live-nl-work-de"].review_due  # next review 2027-04-15
    assert "pension-aow-de" in by_code  # reviewed 2026-02-01, a year later is due
    # Reviewed 2026-05-01, so due 2027-05-01: just beyond 60 days from 2027-03-01.
    assert "child-benefit-vlaanderen" not in by_code
    # The most overdue first: validity ended 2026-06-30, then a review due since 2026-09-01.
    assert [item.row.code for item in later][:2] == ["child-benefit-nl", "student-finance-de"]


def test_attaching_records_the_exact_version_the_adviser_saw(
    database: Database, adviser: Actor, markus: Actor, els: Actor
) -> None:
    first = published(database, markus, els)
    consultation_id = _consultation(database)
    attached = attach_to_consultation(database.sessions, adviser, consultation_id, first)
    assert attached.row.version_id == first and attached.attached_by_id == adviser.user_id
    attach_to_consultation(database.sessions, adviser, consultation_id, first)  # idempotent

    # A later version does not change what the consultation cites.
    comparison = attached.row.comparison_id
    draft = draft_new_version(database.sessions, els, comparison)
    draft = update_draft(
        database.sessions, els, draft.row.version_id, draft.lock_version, draft_content("Nieuw")
    )
    review = submit_for_review(database.sessions, els, draft.row.version_id, draft.lock_version)
    publish(database.sessions, markus, review.row.version_id, review.lock_version)
    cited = list_attached(database.sessions, adviser, consultation_id)
    assert [(item.row.version_id, item.row.title) for item in cited] == [(first, "Rijbewijs")]

    with pytest.raises(ValidationError, match="Only a published"):
        attach_to_consultation(database.sessions, adviser, consultation_id, first)  # superseded
    with pytest.raises(NotFoundError):
        attach_to_consultation(database.sessions, adviser, 999_999, review.row.version_id)
    detach_from_consultation(database.sessions, adviser, consultation_id, first)
    assert list_attached(database.sessions, adviser, consultation_id) == []


def _consultation(database: Database) -> int:
    moment = dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC)
    with database.sessions.begin() as session:
        anna = session.scalar(select(UserAccount).where(UserAccount.username == "anna"))
        assert anna is not None
        office = session.get(Office, anna.office_id)
        assert office is not None
        row = Consultation(
            office_id=office.id,
            adviser_id=anna.id,
            started_at=moment,
            channel="walk_in",
            language="nl",
            residence_country="DE",
            work_country="NL",
            profile="frontier_worker",
            created_at=moment,
            updated_at=moment,
        )
        session.add(row)
        session.flush()
        return row.id


def test_list_comparisons_shows_the_newest_version_to_editors_only(
    database: Database, adviser: Actor, markus: Actor, els: Actor
) -> None:
    load_sample(database)
    draft = create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    for_editors = {row.code for row in list_comparisons(database.sessions, els)}
    for_advisers = {row.code for row in list_comparisons(database.sessions, adviser)}
    assert "driving-licence-de" in for_editors
    assert "driving-licence-de" not in for_advisers
    assert comparison_id(database, "child-benefit-nl") > 0
    assert draft.row.code == "driving-licence-de"


def _commit_meanwhile(database: Database, write: Callable[[Session], None]) -> None:
    """Let another connection commit ``write`` while the service's transaction is between its
    check and its insert: the race two editors clicking together produce."""

    def competing(session: Session, _context: object, _instances: object) -> None:
        with database.sessions.begin() as other:
            write(other)

    event.listen(Session, "before_flush", competing, once=True)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_editors_starting_a_new_version_together_get_a_clear_message(
    database: Database, markus: Actor, els: Actor
) -> None:
    first = published(database, markus, els)
    comparison = get_comparison(database.sessions, els, version_id=first).row.comparison_id

    def markus_starts(_session: Session) -> None:
        draft_new_version(database.sessions, markus, comparison)

    _commit_meanwhile(database, markus_starts)
    with pytest.raises(EditConflictError, match="same moment"):
        draft_new_version(database.sessions, els, comparison)
    history = list_history(database.sessions, els, comparison)
    assert [(row.number, row.author_name) for row in history] == [
        (2, markus.full_name),
        (1, markus.full_name),
    ]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_editors_creating_the_same_code_together_get_a_clear_message(
    database: Database, markus: Actor, els: Actor
) -> None:
    def markus_creates(_session: Session) -> None:
        create_draft(database.sessions, markus, "driving-licence-de", draft_content("Rijbewijs"))

    _commit_meanwhile(database, markus_creates)
    with pytest.raises(ValidationError, match="driving-licence-de is taken") as caught:
        create_draft(database.sessions, els, "driving-licence-de", draft_content("Rijbewijs"))
    assert caught.value.field == "code"
