"""Schema state and upgrades through Alembic, and backups of the embedded database.

An embedded (SQLite) database is backed up and upgraded automatically at start.
A shared (PostgreSQL) database never is: the administrator runs
``grensdesk db upgrade`` deliberately, after their own backup.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from grensdesk.i18n import _
from grensdesk.models.knowledge import is_search_index_table

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent / "migrations"
BACKUPS_KEPT: Final = 10


class SchemaMismatchError(RuntimeError):
    """The database schema is not the one this version of GrensDesk works with."""


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    known: bool

    @property
    def is_empty(self) -> bool:
        return self.current is None

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_newer(self) -> bool:
        """The database was migrated by a newer GrensDesk than this one."""
        return self.current is not None and not self.known

    @property
    def needs_upgrade(self) -> bool:
        return not self.is_current and not self.is_newer


def comparison_options(dialect: str) -> dict[str, Any]:
    """What Alembic compares between the models and a database of this dialect.

    Left out: the SQLite full-text tables (virtual tables the models cannot describe) and
    objects the models create on another dialect only (``ddl_if``, e.g. trigram indexes).
    """

    def include_name(name: str | None, type_: str, parents: object) -> bool:
        return not is_search_index_table(name or "")

    def include_object(
        item: object, name: str | None, type_: str, reflected: bool, compare_to: object
    ) -> bool:
        condition = getattr(item, "_ddl_if", None)
        wanted = getattr(condition, "dialect", None)
        return reflected or wanted is None or wanted == dialect

    return {"compare_type": True, "include_name": include_name, "include_object": include_object}


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def schema_state(engine: Engine) -> SchemaState:
    script = _script()
    head = script.get_current_head()
    assert head is not None, "the migrations directory has no revisions"
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    known = current is None or current in {rev.revision for rev in script.walk_revisions()}
    return SchemaState(current=current, head=head, known=known)


class MigrationIntegrityError(RuntimeError):
    """A migration left rows pointing at rows that no longer exist; it was rolled back."""


def upgrade(engine: Engine, revision: str = "head") -> None:
    run_migrations(engine, lambda config: command.upgrade(config, revision))


def run_migrations(engine: Engine, step: Callable[[Config], None]) -> None:
    """Run an Alembic command in one transaction.

    On SQLite, batch mode rebuilds a table by copying it and dropping the old one; with
    foreign keys on, that DROP would cascade into the child tables and silently delete
    their rows. So foreign keys are off while migrating (the pragma only takes effect
    outside a transaction) and checked before the commit instead.
    """
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # ends SQLAlchemy's autobegin; the pragma is not transactional
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                step(config)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise MigrationIntegrityError(
                            f"foreign keys broken after migrating: {broken[:5]}"
                        )
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def require_current(state: SchemaState, is_shared: bool) -> None:
    """Refuse to work on a schema this version does not know, saying what to run."""
    if state.is_newer:
        raise SchemaMismatchError(
            _(
                "The database was set up by a newer version of GrensDesk (schema {current}). "
                "Install that version or newer."
            ).format(current=state.current)
        )
    if is_shared and not state.is_current:
        raise SchemaMismatchError(
            _(
                "The shared database is at schema {current}, this GrensDesk needs {head}. "
                "An administrator runs: grensdesk --database URL db upgrade"
            ).format(current=state.current or _("(empty)"), head=state.head)
        )


def backup_sqlite(database: Path, backup_dir: Path, label: str) -> Path:
    """Copy a live SQLite database consistently (the backup API respects WAL)."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{database.stem}-{stamp}-{label}.sqlite3"
    source = sqlite3.connect(database)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    _prune(backup_dir, database.stem)
    return target


def list_backups(database: Path, backup_dir: Path) -> list[Path]:
    """Backups of this database, newest first."""
    if not backup_dir.exists():
        return []
    return sorted(backup_dir.glob(f"{database.stem}-*.sqlite3"), reverse=True)


def _prune(backup_dir: Path, stem: str) -> None:
    for old in sorted(backup_dir.glob(f"{stem}-*.sqlite3"), reverse=True)[BACKUPS_KEPT:]:
        old.unlink(missing_ok=True)


def restore_sqlite(database: Path, backup: Path) -> Path:
    """Put a backup in place of a damaged database; the damaged file is kept aside."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    damaged = database.with_name(f"{database.name}.damaged-{stamp}")
    if database.exists():
        database.rename(damaged)
    for suffix in ("-wal", "-shm"):
        sidecar = database.with_name(database.name + suffix)
        if sidecar.exists():
            sidecar.rename(damaged.with_name(damaged.name + suffix))
    shutil.copyfile(backup, database)
    return damaged
