"""What the sign-in dialog runs in the background: open the database, then sign in.

No Qt here: the dialog calls these through ``ui/tasks.py``. The dialog imports this
module only when it first needs it, so that the sign-in window appears before
SQLAlchemy and Alembic are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import OperationalError

from grensdesk.bootstrap import Database, PreparedDatabase, prepare
from grensdesk.credentials import remember_password, stored_password
from grensdesk.db import (
    DatabaseCorruptError,
    DatabaseLoginError,
    DatabaseTarget,
    DatabaseUnreachableError,
    DatabaseUrlError,
    parse_database_url,
)
from grensdesk.schema import SchemaMismatchError, list_backups, restore_sqlite
from grensdesk.services.accounts import authenticate, wait_seconds_after
from grensdesk.services.context import Actor
from grensdesk.services.errors import SignInError, SignInThrottledError


@dataclass(frozen=True)
class PasswordNeeded:
    """A shared database that wants a password that is neither in the URL nor the keyring."""

    target: DatabaseTarget


@dataclass(frozen=True)
class SignedIn:
    database: Database
    actor: Actor


def resolve_target(database_url: str, password: str | None = None) -> DatabaseTarget:
    target = parse_database_url(database_url)
    if not target.needs_password:
        return target
    if password:
        return target.with_password(password)
    remembered = stored_password(target)
    return target.with_password(remembered) if remembered else target


def open_database(
    database_url: str,
    backup_dir: Path,
    password: str | None = None,
    remember: bool = False,
) -> PreparedDatabase | PasswordNeeded:
    target = resolve_target(database_url, password)
    try:
        # Try without a password first: trust, peer, PGPASSWORD and ~/.pgpass need none.
        prepared = prepare(target, backup_dir)
    except DatabaseLoginError:
        if target.needs_password:
            return PasswordNeeded(target)
        raise
    if password and remember:
        remember_password(target, password)
    return prepared


def sign_in(database: Database, username: str, password: str) -> SignedIn:
    return SignedIn(database, authenticate(database.sessions, username, password))


@dataclass(frozen=True)
class BackupInfo:
    database: Path
    backup: Path | None


def last_backup(database_url: str, backup_dir: Path) -> BackupInfo | None:
    """The newest backup of an embedded database, or None for a shared one."""
    path = parse_database_url(database_url).sqlite_path
    if path is None:
        return None
    backups = list_backups(path, backup_dir)
    return BackupInfo(path, backups[0] if backups else None)


def restore_last_backup(info: BackupInfo) -> Path:
    """Restore the newest backup; returns where the damaged file was kept."""
    assert info.backup is not None
    return restore_sqlite(info.database, info.backup)


def open_failure_kind(error: BaseException) -> str:
    """Sort an error from :func:`open_database` into what the dialog does about it."""
    if isinstance(error, DatabaseCorruptError):
        return "corrupt"
    if isinstance(error, SchemaMismatchError | DatabaseUrlError):
        return "fatal"
    if isinstance(error, DatabaseLoginError):
        return "refused"
    if isinstance(error, DatabaseUnreachableError):
        return "unreachable"
    return "other"


def wait_after_failures(failures: int) -> int:
    return wait_seconds_after(failures)


def sign_in_failure_kind(error: BaseException) -> str:
    """Sort an error from :func:`sign_in`: throttled, refused, unreachable or other."""
    if isinstance(error, SignInThrottledError):
        return "throttled"
    if isinstance(error, SignInError):
        return "refused"
    if isinstance(error, DatabaseUnreachableError | OperationalError):
        return "unreachable"
    return "other"
