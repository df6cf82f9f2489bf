"""Opening a database ready for work: connect, check the schema, back up and upgrade.

Shared by the command line and the GUI (which calls it off the GUI thread).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.db import DatabaseTarget, check_connection, make_engine, session_factory
from grensdesk.reference_data import seed_reference_data
from grensdesk.schema import (
    SchemaState,
    backup_sqlite,
    list_backups,
    require_current,
    schema_state,
    upgrade,
)
from grensdesk.services.knowledge_format import load_published_content

DAILY_BACKUP_AGE: Final = dt.timedelta(hours=20)


@dataclass
class Database:
    target: DatabaseTarget
    engine: Engine
    sessions: sessionmaker[Session]

    def dispose(self) -> None:
        self.engine.dispose()


@dataclass(frozen=True)
class PreparedDatabase:
    database: Database
    state_before: SchemaState
    upgraded: bool
    backup: Path | None


def connect(target: DatabaseTarget) -> Database:
    """An engine whose first connection has been proven to work."""
    engine = make_engine(target)
    try:
        check_connection(engine, target)
    except Exception:
        engine.dispose()
        raise
    return Database(target=target, engine=engine, sessions=session_factory(engine))


def migrate(database: Database) -> None:
    """Bring the schema to head and load the reference data (offices, topics)."""
    upgrade(database.engine)
    with database.sessions.begin() as session:
        seed_reference_data(session)


def prepare(target: DatabaseTarget, backup_dir: Path) -> PreparedDatabase:
    """Connect and make sure the schema is the one this version works with.

    Embedded: back up (before an upgrade, and at most daily otherwise) and upgrade.
    Shared: never touched; an outdated or newer schema raises SchemaMismatchError
    telling the administrator what to run.
    """
    database = connect(target)
    try:
        state = schema_state(database.engine)
        require_current(state, is_shared=not target.is_sqlite)
        backup = None
        path = target.sqlite_path
        if path is not None and not state.is_empty:
            if state.needs_upgrade:
                backup = backup_sqlite(path, backup_dir, f"before-{state.head}")
            elif _backup_is_old(path, backup_dir):
                backup = backup_sqlite(path, backup_dir, "daily")
        if state.needs_upgrade:
            migrate(database)
            # A new version brings its checked knowledge-base content along.
            load_published_content(database.sessions)
    except Exception:
        database.dispose()
        raise
    return PreparedDatabase(
        database=database, state_before=state, upgraded=state.needs_upgrade, backup=backup
    )


def _backup_is_old(database: Path, backup_dir: Path) -> bool:
    backups = list_backups(database, backup_dir)
    if not backups:
        return True
    newest = dt.datetime.fromtimestamp(backups[0].stat().st_mtime)
    return dt.datetime.now() - newest > DAILY_BACKUP_AGE
