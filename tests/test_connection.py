"""What the sign-in dialog runs in the background, without a screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from grensdesk.bootstrap import PreparedDatabase
from grensdesk.connection import (
    PasswordNeeded,
    last_backup,
    open_database,
    open_failure_kind,
    restore_last_backup,
    sign_in,
    sign_in_failure_kind,
)
from grensdesk.db import DatabaseCorruptError, parse_database_url
from grensdesk.schema import backup_sqlite
from grensdesk.services.errors import SignInError


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


def test_a_shared_database_without_password_asks_for_one(tmp_path: Path) -> None:
    result = open_database("postgresql://gip@127.0.0.1:1/grensdesk", tmp_path)
    assert isinstance(result, PasswordNeeded)
    assert result.target.describe() == "shared: grensdesk on 127.0.0.1:1"


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
