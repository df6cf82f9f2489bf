"""The monthly report at a million consultations: how long it takes, and how much memory.

A database with 1,000,000 demo consultations over 24 months is built once per engine. On
SQLite it is cached between runs (``GRENSDESK_BENCH_CACHE``, by default the user's cache
folder): building it takes minutes, reading it is what is measured. The report is for the
whole border and the last complete month of the data, so the thirteen months it reads
(the month, a year back, the trend) are all full.

* ``monthly_report_s_*``: median wall time of ``monthly_report`` (figures only, no file),
  after one unmeasured run;
* ``monthly_report_peak_mb_*``: the peak resident set size (``VmHWM``) of a fresh
  Python process that imports GrensDesk, opens the database and makes the report five
  times — the whole process, interpreter and libraries included, so an upper bound of
  what the report itself needs;
* ``monthly_report_pdf_s_sqlite``: rendering that report to PDF (informational).

PostgreSQL runs when ``GRENSDESK_BENCH_DATABASE_URL`` or ``GRENSDESK_TEST_DATABASE_URL``
is set, in a throwaway database next to it.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Final

from platformdirs import user_cache_dir
from sqlalchemy import func, select, text

from bench.demo_load import SERVER_ENVS, _throwaway_postgres
from bench.workspace import PROJECT_ROOT, Workspace
from grensdesk.bootstrap import Database, connect, migrate
from grensdesk.db import parse_database_url
from grensdesk.demo_data import load_demo_data
from grensdesk.models import Consultation
from grensdesk.services.context import BORDER_ZONE, system_actor

CONSULTATIONS: Final = 1_000_000
MONTHS: Final = 24
SEED: Final = 1
RUNS: Final = 5
CACHE_ENV: Final = "GRENSDESK_BENCH_CACHE"


def measure_reports(workspace: Workspace) -> dict[str, float]:
    del workspace  # the database outlives the workspace: see _cached_sqlite
    url = _cached_sqlite()
    figures = _in_child(url, "sqlite")
    server = next((os.environ[name] for name in SERVER_ENVS if os.environ.get(name)), None)
    if server is None:
        print("reports on PostgreSQL skipped: set GRENSDESK_BENCH_DATABASE_URL", flush=True)
        return figures
    with _throwaway_postgres(server) as postgres_url:
        _build(postgres_url, "postgresql")
        figures.update(_in_child(postgres_url, "postgresql"))
    return figures


def _cached_sqlite() -> str:
    folder = Path(os.environ.get(CACHE_ENV) or user_cache_dir("grensdesk-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"reports-{CONSULTATIONS}-{MONTHS}m-seed{SEED}.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        _build(url, "sqlite")
    else:
        database = connect(parse_database_url(url))
        try:
            migrate(database)  # a newer GrensDesk may bring a migration (an index, say)
        finally:
            database.dispose()
        print(f"reports: reusing {path}", flush=True)
    return url


def _build(url: str, engine: str) -> None:
    database = connect(parse_database_url(url))
    try:
        migrate(database)
        started = time.perf_counter()
        load_demo_data(database.sessions, CONSULTATIONS, MONTHS, seed=SEED)
        print(
            f"reports: {CONSULTATIONS:,} consultations on {engine} "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        with database.engine.connect() as connection:
            # What autovacuum does soon after a bulk load (and SQLite's planner statistics).
            command = "VACUUM ANALYZE" if engine == "postgresql" else "ANALYZE"
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text(command))
    finally:
        database.dispose()


def _in_child(url: str, engine: str) -> dict[str, float]:
    """Run the measurement in a fresh process, so its peak memory is the report's alone."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.reports", url],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"reports on {engine}: {measured['seconds']:.2f} s for {measured['month']}, "
        f"peak {measured['peak_mb']:.0f} MB, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    figures = {
        f"monthly_report_s_{engine}": measured["seconds"],
        f"monthly_report_peak_mb_{engine}": measured["peak_mb"],
    }
    if "pdf_seconds" in measured:
        figures[f"monthly_report_pdf_s_{engine}"] = measured["pdf_seconds"]
    return figures


def _last_full_month(database: Database) -> str:
    with database.sessions() as session:
        latest = session.scalar(select(func.max(Consultation.started_at)))
    assert latest is not None, "no consultations to report on"
    local = latest.astimezone(BORDER_ZONE)
    total = local.year * 12 + local.month - 2
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _peak_rss_mb() -> float:
    """This process's own peak resident set size.

    Linux keeps ru_maxrss across execve: a child started from a big parent reports the
    parent's size at the fork. VmHWM belongs to the new address space alone.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child(url: str) -> None:
    from grensdesk.services.report_pdf import report_pdf
    from grensdesk.services.reports import monthly_report

    database = connect(parse_database_url(url))
    try:
        month = _last_full_month(database)
        actor = system_actor()
        report = monthly_report(database.sessions, actor, month)  # warm-up, not measured
        timings = []
        for _run in range(RUNS):
            started = time.perf_counter()
            report = monthly_report(database.sessions, actor, month)
            timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        report_pdf(report, "nl")
        pdf_seconds = time.perf_counter() - started
        consultations = report.table("overview").row("consultations").current
    finally:
        database.dispose()
    peak_mb = _peak_rss_mb()
    print(
        json.dumps(
            {
                "month": month,
                "consultations": consultations,
                "seconds": statistics.median(timings),
                "pdf_seconds": pdf_seconds,
                "peak_mb": peak_mb,
            }
        )
    )


if __name__ == "__main__":
    _child(sys.argv[1])
