"""``python -m bench``: run every benchmark, merge the figures into results.json, print them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bench.consultations import measure_consultations
from bench.demo_load import measure_demo_load
from bench.escalations import measure_escalations
from bench.kb_search import measure_kb_search
from bench.letters import measure_letters
from bench.reports import measure_reports
from bench.results import RESULTS_FILE, format_table, merge_results
from bench.signin import measure_signin
from bench.startup import measure_startup
from bench.workspace import create_workspace, remove_workspace

BENCHMARKS = (
    "startup",
    "signin",
    "demo",
    "consultations",
    "kb",
    "letters",
    "reports",
    "escalations",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="measured runs per figure")
    parser.add_argument(
        "--only", choices=BENCHMARKS, action="append", help="run only this benchmark (repeatable)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspace")
    args = parser.parse_args(argv)
    chosen = set(args.only or BENCHMARKS)

    workspace = create_workspace()
    figures: dict[str, float] = {}
    try:
        # Start-up first: its subprocesses should not share the machine with this
        # process's Qt threads and open database connections.
        if "startup" in chosen:
            figures.update(measure_startup(workspace, args.runs))
        if "signin" in chosen:
            figures.update(measure_signin(workspace, args.runs))
        if "demo" in chosen:
            figures.update(measure_demo_load(workspace))
        if "consultations" in chosen:
            figures.update(measure_consultations(workspace))
        if "kb" in chosen:
            figures.update(measure_kb_search(workspace))
        if "letters" in chosen:
            figures.update(measure_letters(workspace))
        if "reports" in chosen:
            figures.update(measure_reports(workspace))
        if "escalations" in chosen:
            figures.update(measure_escalations(workspace))
    finally:
        if not args.keep:
            remove_workspace(workspace)
    merged = merge_results(figures)
    print()
    print(format_table(merged, fresh=frozenset(figures)))
    print(f"\nWritten to {RESULTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
