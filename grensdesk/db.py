"""Engine and session factory for SQLite (embedded) and PostgreSQL (shared)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

SQLITE_BUSY_TIMEOUT_MS: Final = 10_000
CONNECT_TIMEOUT_S: Final = 5
# A pooled PostgreSQL connection idle for longer than this is tested before use: the server
# may have restarted or a firewall dropped it. Busy connections are not tested, which saves
# two round trips (BEGIN, SELECT 1) on every search keystroke and every save.
PING_AFTER_IDLE_S: Final = 10.0


class DatabaseUrlError(ValueError):
    """The database URL is malformed or names an engine GrensDesk does not support."""


class DatabaseUnreachableError(ConnectionError):
    """The database server cannot be reached or refused the connection."""


class DatabaseLoginError(ConnectionError):
    """The server answered but refused the login: the password is missing or wrong."""


# What libpq says when the login, not the network, is the problem.
LOGIN_REFUSED_MARKERS: Final = (
    "password authentication failed",
    "no password supplied",
    "authentication failed",
)


class DatabaseCorruptError(RuntimeError):
    """The embedded database file is not a readable SQLite database."""


@dataclass(frozen=True)
class DatabaseTarget:
    """A parsed, validated database URL with what the UI needs to describe it."""

    url: URL

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    @property
    def needs_password(self) -> bool:
        return self.is_postgresql and self.url.password is None

    @property
    def host_and_port(self) -> str:
        return f"{self.url.host or 'localhost'}:{self.url.port or 5432}"

    def describe(self) -> str:
        """A short human description for the status bar and messages."""
        if self.is_sqlite:
            return _("embedded ({path})").format(path=self.sqlite_path or ":memory:")
        return _("shared: {database} on {host}").format(
            database=self.url.database, host=self.host_and_port
        )

    def with_password(self, password: str) -> DatabaseTarget:
        return DatabaseTarget(self.url.set(password=password))


def parse_database_url(raw: str) -> DatabaseTarget:
    """Validate a URL; PostgreSQL URLs are pinned to the psycopg 3 driver."""
    try:
        url = make_url(raw)
    except ArgumentError as error:
        raise DatabaseUrlError(
            _("Malformed database URL: {url}").format(url=_redact(raw))
        ) from error
    backend = url.get_backend_name()
    if backend == "sqlite":
        return DatabaseTarget(url.set(drivername="sqlite"))
    if backend == "postgresql":
        if not url.database:
            raise DatabaseUrlError(
                _("The database URL names no database: {url}").format(url=_redact(raw))
            )
        return DatabaseTarget(url.set(drivername="postgresql+psycopg"))
    raise DatabaseUrlError(
        _("Unsupported database {backend}: use sqlite:/// or postgresql://").format(backend=backend)
    )


def _redact(raw: str) -> str:
    try:
        return make_url(raw).render_as_string(hide_password=True)
    except ArgumentError:
        return raw.split("@")[-1] if "@" in raw else raw


def _configure_sqlite(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(target: DatabaseTarget) -> Engine:
    if target.is_sqlite:
        path = target.sqlite_path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            target.url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    engine = create_engine(
        target.url,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "grensdesk"},
    )
    event.listen(engine, "checkin", _remember_checkin)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _remember_checkin(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(
    dbapi_connection: Any, record: ConnectionPoolEntry, proxy: PoolProxiedConnection
) -> None:
    checked_in_at = record.info.get("checked_in_at")
    if checked_in_at is None or time.monotonic() - checked_in_at < PING_AFTER_IDLE_S:
        return
    # psycopg: an autocommit-free SELECT would open a transaction; the ping leaves none.
    try:
        dbapi_connection.execute("SELECT 1")
        dbapi_connection.rollback()
    except Exception as error:
        # The pool throws this connection away and checks out a fresh one.
        raise DisconnectionError(str(error)) from error


def check_connection(engine: Engine, target: DatabaseTarget) -> None:
    """Open one connection, turning driver errors into messages a person can act on."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            if target.is_sqlite:
                connection.execute(text("SELECT count(*) FROM sqlite_master"))
    except OperationalError as error:
        if target.is_sqlite:
            raise DatabaseCorruptError(
                _("The database file {path} cannot be opened: {reason}").format(
                    path=target.sqlite_path, reason=_first_line(error.orig)
                )
            ) from error
        reason = _first_line(error.orig)
        if any(marker in reason for marker in LOGIN_REFUSED_MARKERS):
            raise DatabaseLoginError(
                _(
                    "The database at {host} refused the login of {user}: "
                    "the password is missing or wrong."
                ).format(host=target.host_and_port, user=target.url.username or "")
            ) from error
        raise DatabaseUnreachableError(
            _("Cannot reach the database at {host}: {reason}").format(
                host=target.host_and_port, reason=reason
            )
        ) from error
    except DatabaseError as error:
        if target.is_sqlite and isinstance(error.orig, sqlite3.DatabaseError):
            raise DatabaseCorruptError(
                _("The database file {path} is damaged: {reason}").format(
                    path=target.sqlite_path, reason=_first_line(error.orig)
                )
            ) from error
        raise


def _first_line(error: BaseException | None) -> str:
    return str(error).strip().splitlines()[0] if error and str(error).strip() else ""


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with sessions.begin() as session:
        yield session


@contextmanager
def reading(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session for reads that change nothing and run at every keystroke.

    In autocommit mode no BEGIN is sent and nothing needs rolling back when the connection
    returns to the pool: two round trips fewer per search on PostgreSQL.
    """
    with sessions() as session:
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        yield session
