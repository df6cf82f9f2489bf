"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL, isolated settings.

PostgreSQL tests need ``GRENSDESK_TEST_DATABASE_URL`` (a database on a server where the
role may create databases). Without it they are skipped with a visible reason, unless
``GRENSDESK_REQUIRE_POSTGRES=1`` (set by CI), which turns the skip into a failure.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from grensdesk import i18n
from grensdesk.bootstrap import Database, connect, migrate
from grensdesk.db import parse_database_url
from grensdesk.demo_data import ensure_demo_accounts
from grensdesk.services.accounts import authenticate
from grensdesk.services.context import Actor
from tests.support.password_server import PasswordServer, running_password_server
from tests.support.password_server import unavailable_reason as password_server_unavailable

POSTGRES_URL_ENV = "GRENSDESK_TEST_DATABASE_URL"
REQUIRE_POSTGRES_ENV = "GRENSDESK_REQUIRE_POSTGRES"
ENGINES = ("sqlite", "postgresql")
DEMO_PASSWORD = "grensdesk"
_counter = itertools.count(1)


def postgres_base_url() -> URL | None:
    raw = os.environ.get(POSTGRES_URL_ENV)
    if not raw:
        return None
    return parse_database_url(raw).url


def skip_or_fail_without_postgres() -> None:
    if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
        pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {POSTGRES_URL_ENV} is not set")
    pytest.skip(f"PostgreSQL tests need {POSTGRES_URL_ENV} (e.g. postgresql://user@127.0.0.1/db)")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the real user's settings, data or language."""
    monkeypatch.setenv("GRENSDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("GRENSDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GRENSDESK_DATABASE_URL", raising=False)
    # The command line picks its language from here; tests read English messages.
    monkeypatch.setenv("GRENSDESK_LANGUAGE", "en")
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.fixture(autouse=True)
def no_system_keyring(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """Database passwords go to a dict: a test never reads or writes the real keyring."""
    stored: dict[tuple[str, str], str] = {}

    def set_password(service: str, account: str, password: str) -> None:
        stored[service, account] = password

    monkeypatch.setattr(keyring, "get_password", lambda s, a: stored.get((s, a)))
    monkeypatch.setattr(keyring, "set_password", set_password)
    return stored


class _PostgresServer:
    """Creates per-test databases from one migrated template (CREATE DATABASE … TEMPLATE)."""

    def __init__(self, base: URL) -> None:
        self.base = base
        self.prefix = f"{base.database}_t{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self.admin = create_engine(base, isolation_level="AUTOCOMMIT")
        self._drop(self.template)
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.template}"'))
        template_db = connect(parse_database_url(self.url(self.template).render_as_string(False)))
        try:
            migrate(template_db)
            with template_db.sessions.begin() as session:
                ensure_demo_accounts(session)
        finally:
            template_db.dispose()

    def url(self, database: str) -> URL:
        return self.base.set(database=database)

    def create(self) -> str:
        name = f"{self.prefix}_{next(_counter)}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        return name

    def _drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop(self, name: str) -> None:
        self._drop(name)

    def close(self) -> None:
        self._drop(self.template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[_PostgresServer | None]:
    base = postgres_base_url()
    if base is None:
        yield None
        return
    server = _PostgresServer(base)
    yield server
    server.close()


@pytest.fixture(scope="session")
def password_server() -> Iterator[PasswordServer]:
    """A private PostgreSQL server that refuses logins without the right password."""
    reason = password_server_unavailable()
    if reason is not None:
        pytest.skip(reason)
    with running_password_server() as server:
        yield server


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file with reference data and demo accounts, copied per test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = connect(parse_database_url(f"sqlite:///{path}"))
    try:
        migrate(database)
        with database.sessions.begin() as session:
            ensure_demo_accounts(session)
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "data" / "grensdesk.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def postgres_url(postgres_server: _PostgresServer | None) -> Iterator[str]:
    if postgres_server is None:
        skip_or_fail_without_postgres()
    assert postgres_server is not None
    name = postgres_server.create()
    yield postgres_server.url(name).render_as_string(hide_password=False)
    postgres_server.drop(name)


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest) -> str:
    """A fresh, migrated database with reference data and demo accounts, on each engine."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    opened = connect(parse_database_url(database_url))
    yield opened
    opened.dispose()


@pytest.fixture
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Parametrise indirectly with "sqlite" or "postgresql": a database with no tables."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    base = postgres_base_url()
    if base is None:
        skip_or_fail_without_postgres()
    assert base is not None
    name = f"{base.database}_e{os.getpid()}_{next(_counter)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def sign_in_as(database: Database, username: str) -> Actor:
    return authenticate(database.sessions, username, DEMO_PASSWORD)


@pytest.fixture
def admin(database: Database) -> Actor:
    return sign_in_as(database, "beheer")


@pytest.fixture
def adviser(database: Database) -> Actor:
    return sign_in_as(database, "anna")
