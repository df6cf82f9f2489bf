"""The migrations are the truth about the schema; they must produce exactly the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from grensdesk.bootstrap import Database, connect, migrate, prepare
from grensdesk.db import parse_database_url
from grensdesk.demo_data import ensure_demo_accounts, load_demo_data
from grensdesk.models import Base
from grensdesk.reference_data import seed_reference_data
from grensdesk.schema import (
    SchemaMismatchError,
    comparison_options,
    list_backups,
    run_migrations,
    schema_state,
    upgrade,
)
from grensdesk.services.accounts import authenticate

ENGINES = ["sqlite", "postgresql"]


def differences(url: str) -> list[object]:
    database = connect(parse_database_url(url))
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts=comparison_options(connection.dialect.name)
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        database.dispose()


@pytest.mark.parametrize("empty_database_url", ENGINES, indirect=True)
def test_migrations_produce_exactly_the_models(empty_database_url: str) -> None:
    database = connect(parse_database_url(empty_database_url))
    try:
        migrate(database)
    finally:
        database.dispose()
    assert differences(empty_database_url) == []


@pytest.mark.parametrize("empty_database_url", ENGINES, indirect=True)
def test_every_migration_can_be_undone_and_redone(empty_database_url: str) -> None:
    database = connect(parse_database_url(empty_database_url))
    try:
        migrate(database)
        run_migrations(database.engine, lambda config: command.downgrade(config, "base"))
        assert schema_state(database.engine).is_empty
        migrate(database)
        assert schema_state(database.engine).is_current
    finally:
        database.dispose()
    assert differences(empty_database_url) == []


def stamp(url: str, revision: str) -> None:
    database = connect(parse_database_url(url))
    try:
        with database.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
    finally:
        database.dispose()


def test_a_newer_schema_is_refused_on_either_engine(database_url: str, tmp_path: Path) -> None:
    stamp(database_url, "9999_from_the_future")
    with pytest.raises(SchemaMismatchError, match="newer version of GrensDesk"):
        prepare(parse_database_url(database_url), tmp_path / "backups")


@pytest.mark.parametrize("empty_database_url", ["postgresql"], indirect=True)
def test_a_shared_database_is_never_upgraded_automatically(
    empty_database_url: str, tmp_path: Path
) -> None:
    with pytest.raises(SchemaMismatchError, match="grensdesk --database URL db upgrade"):
        prepare(parse_database_url(empty_database_url), tmp_path / "backups")
    assert differences(empty_database_url) != []  # still empty: nothing was created


@pytest.mark.parametrize("empty_database_url", ["sqlite"], indirect=True)
def test_an_embedded_database_is_created_and_upgraded_at_start(
    empty_database_url: str, tmp_path: Path
) -> None:
    prepared = prepare(parse_database_url(empty_database_url), tmp_path / "backups")
    try:
        assert prepared.upgraded
        assert schema_state(prepared.database.engine).is_current
    finally:
        prepared.database.dispose()


def test_an_embedded_database_is_backed_up_at_start(sqlite_url: str, tmp_path: Path) -> None:
    target = parse_database_url(sqlite_url)
    assert target.sqlite_path is not None
    backups = tmp_path / "backups"
    first = prepare(target, backups)
    first.database.dispose()
    assert first.backup is not None and first.backup.exists()
    second = prepare(target, backups)
    second.database.dispose()
    assert second.backup is None  # at most one routine backup a day
    assert list_backups(target.sqlite_path, backups) == [first.backup]


def counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("consultation", "consultation_topic", "citizen", "user_account")
        }


def test_an_older_embedded_database_is_backed_up_then_upgraded_keeping_its_data(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = connect(parse_database_url(url))
    try:
        upgrade(old.engine, "0001")
        with old.sessions.begin() as session:
            seed_reference_data(session)
            ensure_demo_accounts(session)
        load_demo_data(old.sessions, 300, 3, seed=3)
        before = counts(old)
    finally:
        old.dispose()

    prepared = prepare(parse_database_url(url), tmp_path / "backups")
    try:
        assert prepared.upgraded and prepared.state_before.current == "0001"
        assert prepared.backup is not None and "before-" in prepared.backup.name
        assert schema_state(prepared.database.engine).is_current
        assert authenticate(prepared.database.sessions, "anna", "grensdesk").username == "anna"
        # Rebuilding a table on SQLite must not cascade into its children (topics, citizens).
        assert counts(prepared.database) == before
    finally:
        prepared.database.dispose()
    # The backup is the database as it was: still at the old revision.
    backup = connect(parse_database_url(f"sqlite:///{prepared.backup}"))
    try:
        assert schema_state(backup.engine).current == "0001"
    finally:
        backup.dispose()
