"""How long ``grensdesk demo`` takes for 100,000 consultations, on SQLite and PostgreSQL.

The PostgreSQL half runs when ``GRENSDESK_BENCH_DATABASE_URL`` (or, failing that,
``GRENSDESK_TEST_DATABASE_URL``) names a database on a server where the role may create
databases; a throwaway database is created next to it and dropped afterwards.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from sqlalchemy import create_engine, text

from bench.workspace import Workspace
from grensdesk.bootstrap import connect, migrate
from grensdesk.db import parse_database_url
from grensdesk.demo_data import load_demo_data

CONSULTATIONS: Final = 100_000
MONTHS: Final = 24
SERVER_ENVS: Final = ("GRENSDESK_BENCH_DATABASE_URL", "GRENSDESK_TEST_DATABASE_URL")


def _timed_load(url: str) -> float:
    database = connect(parse_database_url(url))
    try:
        migrate(database)
        started = time.perf_counter()
        load_demo_data(database.sessions, CONSULTATIONS, MONTHS, seed=1)
        return time.perf_counter() - started
    finally:
        database.dispose()


@contextmanager
def _throwaway_postgres(server_url: str) -> Iterator[str]:
    base = parse_database_url(server_url).url
    name = f"{base.database}_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure_demo_load(workspace: Workspace) -> dict[str, float]:
    figures = {
        "demo_100k_consultations_s_sqlite": _timed_load(
            f"sqlite:///{workspace.root / 'demo-load.sqlite3'}"
        )
    }
    server = next((os.environ[name] for name in SERVER_ENVS if os.environ.get(name)), None)
    if server is None:
        print("demo load on PostgreSQL skipped: set GRENSDESK_BENCH_DATABASE_URL", flush=True)
        return figures
    with _throwaway_postgres(server) as url:
        figures["demo_100k_consultations_s_postgresql"] = _timed_load(url)
    return figures
