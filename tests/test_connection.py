"""What the sign-in dialog runs in the background, without a screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from grensdesk.bootstrap import PreparedDatabase, connect, migrate
from grensdesk.connection import (
    PasswordNeeded,
    last_backup,
    open_database,
    open_failure_kind,
    restore_last_backup,
    sign_in,
    sign_in_failure_kind,
)
from grensdesk.db import DatabaseCorruptError, DatabaseLoginError, parse_database_url
from grensdesk.schema import backup_sqlite
from grensdesk.services.errors import SignInError
from tests.support.password_server import PASSWORD, PasswordServer


def test_a_damaged_file_is_restored_from_the_last_backup(sqlite_url: str, tmp_path: Path) -> None:
    path = parse_database_url(sqlite_url).sqlite_path
    assert path is not None
    backups = tmp_path / "backups"
    backup_sqlite(path, backups, "daily")
    path.write_bytes(b"\x00garbage" * 4096)

    with pytest.raises(DatabaseCorruptError) as caught:
        open_database(sqlite_url, backups)
    assert open_failure_kind(caught.value) == "corrupt"

    info = last_backup(sqlite_url, backups)
    assert info is not None and info.backup is not None
    damaged = restore_last_backup(info)
    assert damaged.exists() and damaged.read_bytes().startswith(b"\x00garbage")

    opened = open_database(sqlite_url, backups)
    assert isinstance(opened, PreparedDatabase)
    try:
        assert sign_in(opened.database, "anna", "grensdesk").actor.username == "anna"
    finally:
        opened.database.dispose()


def test_no_backup_is_said_plainly(sqlite_url: str, tmp_path: Path) -> None:
    info = last_backup(sqlite_url, tmp_path / "no-backups-here")
    assert info is not None and info.backup is None


def test_a_password_is_asked_only_when_the_server_wants_one(
    password_server: PasswordServer, tmp_path: Path
) -> None:
    result = open_database(password_server.url(), tmp_path)
    assert isinstance(result, PasswordNeeded)
    assert result.target.describe() == f"shared: postgres on 127.0.0.1:{password_server.port}"


def test_a_wrong_database_password_is_not_called_a_network_fault(
    password_server: PasswordServer, tmp_path: Path
) -> None:
    with pytest.raises(DatabaseLoginError, match="password is missing or wrong") as caught:
        open_database(password_server.url(), tmp_path, password="wrong")
    assert open_failure_kind(caught.value) == "refused"


def test_a_remembered_password_comes_from_the_keyring(
    password_server: PasswordServer,
    tmp_path: Path,
    no_system_keyring: dict[tuple[str, str], str],
) -> None:
    schema = connect(parse_database_url(password_server.url(password=PASSWORD)))
    migrate(schema)
    schema.dispose()

    first = open_database(password_server.url(), tmp_path, password=PASSWORD, remember=True)
    assert isinstance(first, PreparedDatabase)
    first.database.dispose()
    assert list(no_system_keyring.values()) == [PASSWORD]

    again = open_database(password_server.url(), tmp_path)  # no password typed this time
    assert isinstance(again, PreparedDatabase)
    again.database.dispose()


def test_a_trusting_server_needs_no_password(postgres_url: str, tmp_path: Path) -> None:
    without_password = make_url(postgres_url).set(password=None).render_as_string(False)
    opened = open_database(without_password, tmp_path)
    if isinstance(opened, PasswordNeeded):  # a server that wants one (a stock Debian install)
        pytest.skip("this PostgreSQL server asks every login for a password")
    assert isinstance(opened, PreparedDatabase)
    opened.database.dispose()


def test_an_unreachable_server_is_sorted_as_unreachable(tmp_path: Path) -> None:
    with pytest.raises(ConnectionError) as caught:
        open_database("postgresql://gip@127.0.0.1:1/grensdesk", tmp_path, password="x")
    assert open_failure_kind(caught.value) == "unreachable"


def test_sign_in_failures_are_sorted(sqlite_url: str, tmp_path: Path) -> None:
    opened = open_database(sqlite_url, tmp_path)
    assert isinstance(opened, PreparedDatabase)
    try:
        with pytest.raises(SignInError) as caught:
            sign_in(opened.database, "anna", "nope")
        assert sign_in_failure_kind(caught.value) == "refused"
    finally:
        opened.database.dispose()
