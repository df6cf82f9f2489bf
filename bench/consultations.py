"""The front office at a million consultations: saving one, and the list's first page.

A database with 1,000,000 demo consultations (two years of the whole border, and more)
is built per engine; then, as anna at GIP-EUREGIO:

* ``consultation_save_p95_ms_*``: 95th percentile of ``save_consultation`` for a new,
  realistic consultation (notes, two topics, every fifth with a consenting citizen);
* ``consultation_list_first_page_ms_*``: 95th percentile of ``list_consultations``'
  first page, unfiltered (what the screen shows on opening);
* ``consultation_list_topic_filter_ms_*``: the same filtered on a rare topic (vehicles,
  about 1%: the worst case, many rows are passed over per row shown); informational;
* ``consultation_list_text_filter_ms_*``: the same searching the notes for a word that the
  saves above wrote (LIKE has no index: on PostgreSQL this reads the whole office);
  informational.

PostgreSQL runs when ``GRENSDESK_BENCH_DATABASE_URL`` or ``GRENSDESK_TEST_DATABASE_URL``
is set, in a throwaway database next to it.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from typing import Final

from sqlalchemy import text

from bench.demo_load import SERVER_ENVS, _throwaway_postgres
from bench.workspace import DEMO_PASSWORD, DEMO_USER, Workspace
from grensdesk.bootstrap import Database, connect, migrate
from grensdesk.db import parse_database_url
from grensdesk.demo_data import load_demo_data
from grensdesk.services.accounts import authenticate
from grensdesk.services.consultations import (
    CitizenInput,
    ConsultationFilter,
    ConsultationInput,
    list_consultations,
    save_consultation,
)

CONSULTATIONS: Final = 1_000_000
MONTHS: Final = 24
SAVES: Final = 200
LIST_RUNS: Final = 60
WARM_UP: Final = 10


def measure_consultations(workspace: Workspace) -> dict[str, float]:
    figures = _measure(f"sqlite:///{workspace.root / 'consultations-1m.sqlite3'}", "sqlite")
    server = next((os.environ[name] for name in SERVER_ENVS if os.environ.get(name)), None)
    if server is None:
        print("consultations on PostgreSQL skipped: set GRENSDESK_BENCH_DATABASE_URL", flush=True)
        return figures
    with _throwaway_postgres(server) as url:
        figures.update(_measure(url, "postgresql"))
    return figures


def _measure(url: str, engine: str, *, load: bool = True) -> dict[str, float]:
    database = connect(parse_database_url(url))
    try:
        if load:
            migrate(database)
            started = time.perf_counter()
            load_demo_data(database.sessions, CONSULTATIONS, MONTHS, seed=1)
            print(
                f"{CONSULTATIONS:,} consultations on {engine} "
                f"in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            if engine == "postgresql":
                # What autovacuum does within a minute of a bulk load; measured without it,
                # the planner would be guessing from an empty table.
                with database.engine.connect() as connection:
                    connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                        text("VACUUM ANALYZE")
                    )
        figures = _figures(database, engine)
        # Two-core desks and CI runners: the figures mean little without the machine's load.
        print(f"consultations on {engine}: load average {os.getloadavg()[0]:.1f}", flush=True)
        return figures
    finally:
        database.dispose()


def _figures(database: Database, engine: str) -> dict[str, float]:
    anna = authenticate(database.sessions, DEMO_USER, DEMO_PASSWORD)
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)

    def save(number: int) -> None:
        save_consultation(database.sessions, anna, _new_consultation(number, now))

    def first_page(filters: ConsultationFilter) -> Callable[[int], None]:
        def run(_number: int) -> None:
            list_consultations(database.sessions, anna, filters)

        return run

    return {
        f"consultation_save_p95_ms_{engine}": _p95(save, SAVES),
        f"consultation_list_first_page_ms_{engine}": _p95(
            first_page(ConsultationFilter()), LIST_RUNS
        ),
        f"consultation_list_topic_filter_ms_{engine}": _p95(
            first_page(ConsultationFilter(topic="vehicles")), LIST_RUNS
        ),
        f"consultation_list_text_filter_ms_{engine}": _p95(
            first_page(ConsultationFilter(text="Kindergeld")), LIST_RUNS
        ),
    }


def _p95(action: Callable[[int], None], runs: int) -> float:
    """The 95th percentile in milliseconds, after a few unmeasured runs."""
    for number in range(WARM_UP):
        action(-1 - number)
    timings = []
    for number in range(runs):
        started = time.perf_counter()
        action(number)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.quantiles(timings, n=20, method="inclusive")[-1]


def _new_consultation(number: int, now: dt.datetime) -> ConsultationInput:
    """A walk-in as the front office logs it; every fifth citizen leaves their details."""
    citizen = None
    if number % 5 == 0:
        citizen = CitizenInput(
            full_name="Jürgen Krüger",
            email="j.krueger@example.de",
            phone="+49 2562 12345",
            street="Bahnhofstraße 3",
            postcode="48599",
            town="Gronau",
            country="DE",
            language="de",
        )
    return ConsultationInput(
        started_at=now - dt.timedelta(minutes=30 + number % 240),
        duration_minutes=25 + number % 20,
        channel="walk_in",
        language="de",
        residence_country="DE",
        residence_region="NRW",
        work_country="NL",
        profile="frontier_worker",
        home_work_percent=20,
        topics=("tax", "family_benefits"),
        question=(
            "Wohnt in Gronau, arbeitet seit März in Enschede. Wo zahlt sie Steuern, "
            "und bekommt sie weiter Kindergeld?"
        ),
        advice=(
            "Lohnsteuer in den Niederlanden; Kindergeld: Differenzbetrag aus Deutschland, "
            "Antrag bei der Familienkasse. Merkblatt mitgegeben."
        ),
        citizen=citizen,
    )
