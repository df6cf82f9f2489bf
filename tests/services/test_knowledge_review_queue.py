from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from grensdesk.bootstrap import Database
from grensdesk.services.context import Actor
from grensdesk.services.errors import EditConflictError, PermissionDeniedError, ValidationError
from grensdesk.services.knowledge import Source, Texts
from grensdesk.services.knowledge_editorial import (
    create_draft,
    draft_new_version,
    publish,
    retire,
    submit_for_review,
    update_draft,
)
from grensdesk.services.knowledge_review_queue import (
    diff_contents,
    draft_problems,
    editorial_queue,
    is_web_address,
    load_editable,
    send_back,
)
from tests.conftest import sign_in_as
from tests.services.knowledge_support import TODAY, comparison_id, draft_content, load_sample


@pytest.fixture
def markus(database: Database) -> Actor:
    return sign_in_as(database, "markus")


@pytest.fixture
def els(database: Database) -> Actor:
    return sign_in_as(database, "els")


def queues_by_code(database: Database, actor: Actor) -> dict[tuple[str, str], tuple[str, ...]]:
    return {
        (entry.code, entry.state): entry.queues
        for entry in editorial_queue(database.sessions, actor, "nl", today=TODAY)
    }


def test_each_editor_sees_their_own_drafts_and_the_others_waiting_for_review(
    database: Database, markus: Actor, els: Actor
) -> None:
    load_sample(database)
    mine = create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    theirs = create_draft(database.sessions, els, "car-tax-be", draft_content("Motorrijtuigen"))
    submit_for_review(database.sessions, els, theirs.row.version_id, theirs.lock_version)
    unsent = create_draft(database.sessions, els, "vat-be", draft_content("Btw"))
    retire(database.sessions, markus, comparison_id(database, "pension-aow-de"))

    for_markus = queues_by_code(database, markus)
    assert for_markus[("driving-licence-de", "draft")] == ("mine",)
    assert for_markus[("car-tax-be", "in_review")] == ("review",)
    assert for_markus[(unsent.row.code, "draft")] == ("drafts",)
    assert for_markus[("pension-aow-de", "retired")] == ("retired",)
    # The child-benefit entry of the sample is valid until 2026-06-30: long due.
    assert for_markus[("child-benefit-nl", "published")] == ("published", "due")
    assert for_markus[("health-insurance-live-nl-work-de", "published")] == ("published",)

    for_els = queues_by_code(database, els)
    assert for_els[("driving-licence-de", "draft")] == ("drafts",)
    assert for_els[("car-tax-be", "in_review")] == ("mine",)
    assert mine.row.version_id in {
        entry.version_id for entry in editorial_queue(database.sessions, els, "nl", today=TODAY)
    }


def test_only_editors_get_the_work_list(database: Database, adviser: Actor) -> None:
    with pytest.raises(PermissionDeniedError):
        editorial_queue(database.sessions, adviser)
    with pytest.raises(PermissionDeniedError):
        load_editable(database.sessions, adviser, 1)


def test_a_new_version_of_a_published_entry_is_listed_next_to_it(
    database: Database, markus: Actor
) -> None:
    load_sample(database)
    target = comparison_id(database, "health-insurance-live-nl-work-de")
    draft = draft_new_version(database.sessions, markus, target)
    entries = [
        entry
        for entry in editorial_queue(database.sessions, markus, "de", today=TODAY)
        if entry.comparison_id == target
    ]
    assert sorted((entry.state, entry.queues) for entry in entries) == [
        ("draft", ("mine",)),
        ("published", ("published",)),
    ]
    assert {entry.title for entry in entries} == {
        "Krankenversicherung als Grenzgänger in Deutschland"
    }
    editable = load_editable(database.sessions, markus, draft.row.version_id)
    assert editable.published_version_id == next(
        entry.version_id for entry in entries if entry.state == "published"
    )
    assert [texts.language for texts in editable.content.texts] == ["nl", "de"]


def test_the_editable_draft_says_who_saved_it_last(
    database: Database, markus: Actor, els: Actor
) -> None:
    draft = create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    first = load_editable(database.sessions, markus, draft.row.version_id)
    assert first.last_change is not None and first.last_change.changed_by == "Markus Weber"
    assert first.content.texts == draft_content().texts
    assert first.content.sources == draft_content().sources

    update_draft(
        database.sessions, els, draft.row.version_id, draft.lock_version, draft_content("Anders")
    )
    with pytest.raises(EditConflictError):
        update_draft(
            database.sessions, markus, draft.row.version_id, draft.lock_version, draft_content()
        )
    now = load_editable(database.sessions, markus, draft.row.version_id)
    assert now.last_change is not None
    assert now.last_change.changed_by == "Els Vermeulen"
    assert now.lock_version > first.lock_version
    assert now.content.texts[0].title == "Anders"


def test_sending_back_keeps_the_reviewers_comment_until_it_is_submitted_again(
    database: Database, markus: Actor, els: Actor
) -> None:
    draft = create_draft(database.sessions, markus, "driving-licence-de", draft_content())
    review = submit_for_review(database.sessions, markus, draft.row.version_id, draft.lock_version)
    with pytest.raises(EditConflictError):
        send_back(database.sessions, els, review.row.version_id, draft.lock_version, "x")

    back = send_back(
        database.sessions, els, review.row.version_id, review.lock_version, " Bron ontbreekt. "
    )
    assert back.row.state == "draft"
    editable = load_editable(database.sessions, markus, back.row.version_id)
    assert editable.review_comment == "Bron ontbreekt."
    with pytest.raises(ValidationError):
        send_back(database.sessions, els, back.row.version_id, back.lock_version)

    again = submit_for_review(database.sessions, markus, back.row.version_id, back.lock_version)
    assert load_editable(database.sessions, markus, again.row.version_id).review_comment == ""
    done = publish(database.sessions, els, again.row.version_id, again.lock_version)
    assert done.row.state == "published"


def test_every_problem_of_a_draft_is_named_with_its_field() -> None:
    content = draft_content(
        "",
        valid_from=dt.date(2026, 6, 1),
        valid_to=dt.date(2026, 1, 1),
        sources=(Source("RDW", "www.rdw.nl"), Source("", "https://www.rdw.nl/")),
    )
    content = dataclasses.replace(
        content,
        texts=(*content.texts, Texts("de", "Führerschein", "", "", "")),
    )
    problems = {problem.field: str(problem) for problem in draft_problems("Bad Code", content)}
    assert set(problems) == {
        "code",
        "valid_to",
        "title.nl",
        "dutch_rule.de",
        "neighbour_rule.de",
        "practice.de",
        "sources.1",
        "sources.2",
    }
    assert "www.rdw.nl" in problems["sources.1"]
    assert draft_problems("driving-licence-de", draft_content()) == []
    assert draft_problems(None, draft_content()) == []


@pytest.mark.parametrize(
    ("url", "good"),
    [
        ("https://www.svb.nl/nl/kinderbijslag", True),
        ("http://localhost:8000/x", True),
        ("www.svb.nl", False),
        ("htps://www.svb.nl", False),
        ("https://", False),
        ("https://www.svb .nl", False),
        ("javascript:alert(1)", False),
    ],
)
def test_web_addresses(url: str, good: bool) -> None:
    assert is_web_address(url) is good


def test_a_typed_draft_is_compared_with_a_stored_one_line_by_line() -> None:
    old = draft_content()
    new = draft_content("Rijbewijs omruilen in Duitsland", valid_to=dt.date(2026, 12, 31))
    diff = diff_contents(old, new, "nl", 1, 2)
    assert diff.changed
    changed = [(line.kind, line.text) for line in diff.lines if line.kind in ("added", "removed")]
    assert ("removed", "Rijbewijs omwisselen in Duitsland") in changed
    assert ("added", "Rijbewijs omruilen in Duitsland") in changed
    assert ("added", "2026-01-01 – 2026-12-31") in changed
    assert not diff_contents(old, old, "nl").changed
