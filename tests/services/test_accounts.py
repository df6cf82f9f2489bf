from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from grensdesk.bootstrap import Database
from grensdesk.services.accounts import (
    NewUser,
    add_user,
    authenticate,
    list_users,
    set_ui_language,
    wait_seconds_after,
)
from grensdesk.services.context import Actor
from grensdesk.services.errors import (
    NotFoundError,
    PermissionDeniedError,
    SignInError,
    SignInThrottledError,
    ValidationError,
)
from tests.conftest import DEMO_PASSWORD

NEW = NewUser(
    username="s.ozturk",
    full_name="Şükrü Öztürk",
    office_code="GIP-RHEIN-WAAL",
    roles=("adviser",),
    password="a-long-password",
    ui_language="de",
)


def test_sign_in_gives_the_actor_with_office_and_roles(database: Database) -> None:
    actor = authenticate(database.sessions, "markus", DEMO_PASSWORD)
    assert actor.full_name == "Markus Weber"
    assert actor.office_code == "SVB-BDZ"
    assert actor.roles == frozenset({"expert", "editor"})
    assert "pension" in actor.topics
    assert actor.ui_language == "de"


@pytest.mark.parametrize(("username", "password"), [("anna", "wrong"), ("nobody", DEMO_PASSWORD)])
def test_a_failed_sign_in_never_says_which_part_was_wrong(
    database: Database, username: str, password: str
) -> None:
    with pytest.raises(SignInError) as caught:
        authenticate(database.sessions, username, password)
    assert str(caught.value) == "Unknown user name or wrong password."


def test_repeated_failures_make_the_user_wait(database: Database) -> None:
    start = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
    for attempt in range(3):
        with pytest.raises(SignInError):
            authenticate(
                database.sessions, "anna", "wrong", now=start + dt.timedelta(seconds=attempt)
            )
    # The fourth attempt, right away, is refused without even checking the password.
    with pytest.raises(SignInThrottledError) as caught:
        authenticate(
            database.sessions, "anna", DEMO_PASSWORD, now=start + dt.timedelta(seconds=2.5)
        )
    assert caught.value.wait_seconds >= 1
    assert "Try again in" in str(caught.value)
    # After the wait, the right password works and the counter is reset.
    later = start + dt.timedelta(seconds=2 + wait_seconds_after(3))
    actor = authenticate(database.sessions, "anna", DEMO_PASSWORD, now=later)
    assert actor.username == "anna"
    authenticate(database.sessions, "anna", DEMO_PASSWORD, now=later)


def test_waiting_grows_and_is_capped() -> None:
    assert [wait_seconds_after(n) for n in range(6)] == [0, 0, 0, 1, 2, 4]
    assert wait_seconds_after(50) == 60


def test_an_administrator_adds_a_user_who_can_then_sign_in(
    database: Database, admin: Actor
) -> None:
    created = add_user(database.sessions, admin, NEW)
    assert created.office_code == "GIP-RHEIN-WAAL"
    actor = authenticate(database.sessions, NEW.username, NEW.password)
    assert actor.full_name == "Şükrü Öztürk"
    assert actor.roles == frozenset({"adviser"})


def test_an_adviser_cannot_do_an_administrators_work(database: Database, adviser: Actor) -> None:
    with pytest.raises(PermissionDeniedError, match=r"needs the role admin"):
        add_user(database.sessions, adviser, NEW)
    with pytest.raises(PermissionDeniedError):
        list_users(database.sessions, adviser)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": "Has Spaces"}, "username"),
        ({"full_name": "  "}, "full_name"),
        ({"roles": ()}, "roles"),
        ({"roles": ("pope",)}, "roles"),
        ({"ui_language": "es"}, "ui_language"),
        ({"password": "short"}, "password"),
    ],
)
def test_bad_input_names_the_field(
    database: Database, admin: Actor, change: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        add_user(database.sessions, admin, dataclasses.replace(NEW, **change))
    assert caught.value.field == field


def test_unknown_office_and_topic_are_named(database: Database, admin: Actor) -> None:
    with pytest.raises(NotFoundError, match="Unknown office NOWHERE"):
        add_user(database.sessions, admin, dataclasses.replace(NEW, office_code="NOWHERE"))
    with pytest.raises(NotFoundError, match="Unknown topic astrology"):
        add_user(database.sessions, admin, dataclasses.replace(NEW, topics=("astrology",)))


def test_a_taken_user_name_is_refused(database: Database, admin: Actor) -> None:
    with pytest.raises(ValidationError, match="taken") as caught:
        add_user(database.sessions, admin, dataclasses.replace(NEW, username="anna"))
    assert caught.value.field == "username"


def test_users_are_listed_per_office(database: Database, admin: Actor) -> None:
    users = list_users(database.sessions, admin, "GIP-EUREGIO")
    assert "anna" in {user.username for user in users}
    assert {user.office_code for user in users} == {"GIP-EUREGIO"}


def test_the_ui_language_is_remembered_per_user(database: Database, adviser: Actor) -> None:
    set_ui_language(database.sessions, adviser, "fr")
    assert authenticate(database.sessions, "anna", DEMO_PASSWORD).ui_language == "fr"
    with pytest.raises(ValidationError):
        set_ui_language(database.sessions, adviser, "xx")
