from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from grensdesk import db as db_module
from grensdesk.bootstrap import connect
from grensdesk.db import (
    DatabaseCorruptError,
    DatabaseUnreachableError,
    DatabaseUrlError,
    parse_database_url,
    reading,
)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not a url", "Malformed database URL"),
        ("mysql://root@localhost/x", "Unsupported database mysql"),
        ("postgresql://user@host", "names no database"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(raw: str, message: str) -> None:
    with pytest.raises(DatabaseUrlError, match=message):
        parse_database_url(raw)


def test_a_password_in_a_bad_url_is_never_echoed() -> None:
    with pytest.raises(DatabaseUrlError) as caught:
        parse_database_url("oracle://scott:tiger@host/db")
    assert "tiger" not in str(caught.value)


def test_postgresql_urls_use_psycopg_3() -> None:
    target = parse_database_url("postgresql://gip@db.example:6543/grensdesk")
    assert target.url.drivername == "postgresql+psycopg"
    assert target.needs_password
    assert target.describe() == "shared: grensdesk on db.example:6543"
    assert not target.with_password("secret").needs_password


def test_sqlite_is_described_as_embedded(tmp_path: Path) -> None:
    target = parse_database_url(f"sqlite:///{tmp_path / 'g.sqlite3'}")
    assert target.describe().startswith("embedded (")
    assert target.sqlite_path == tmp_path / "g.sqlite3"


def test_an_unreachable_server_is_named_with_host_and_port() -> None:
    target = parse_database_url("postgresql://nobody:x@127.0.0.1:1/grensdesk")
    with pytest.raises(DatabaseUnreachableError, match=r"127\.0\.0\.1:1"):
        connect(target)


def test_a_file_that_is_not_a_database_is_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not SQLite at all" * 100)
    with pytest.raises(DatabaseCorruptError, match=r"broken\.sqlite3"):
        connect(parse_database_url(f"sqlite:///{path}"))


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    database = connect(parse_database_url(f"sqlite:///{tmp_path / 'g.sqlite3'}"))
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    finally:
        database.dispose()


def test_a_pooled_connection_the_server_dropped_is_replaced_unnoticed(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a server restart or a dropped connection, the next read just works."""
    monkeypatch.setattr(db_module, "PING_AFTER_IDLE_S", 0.0)
    database = connect(parse_database_url(postgres_url))
    try:
        with database.sessions() as session:
            first_pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        killer = create_engine(make_url(postgres_url).set(drivername="postgresql+psycopg"))
        with killer.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first_pid})
        killer.dispose()

        with reading(database.sessions) as session:
            second_pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert second_pid != first_pid
    finally:
        database.dispose()


def test_reading_sends_no_begin_and_hands_back_a_normal_connection(postgres_url: str) -> None:
    database = connect(parse_database_url(postgres_url))
    try:
        with reading(database.sessions) as session:
            session.execute(text("SELECT 1"))
            raw = session.connection().connection.dbapi_connection
            assert raw is not None
            assert raw.info.transaction_status.name == "IDLE"  # no BEGIN was sent
        with database.sessions() as session:
            session.execute(text("SELECT 1"))
            raw = session.connection().connection.dbapi_connection
            assert raw is not None
            assert raw.info.transaction_status.name == "INTRANS"
    finally:
        database.dispose()
