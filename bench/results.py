"""The figures file: a flat JSON object, figure name -> number, shared by every benchmark."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Final, Literal

RESULTS_FILE: Final = Path(__file__).resolve().parent / "results.json"

Comparison = Literal["<=", ">="]

# A figure without an entry here is informational: printed, never judged.
TARGETS: Final[dict[str, tuple[float, Comparison]]] = {
    "startup_first_window_ratio": (1.5, "<="),
    "signin_to_main_window_ms": (300.0, "<="),
    "demo_100k_consultations_s_sqlite": (30.0, "<="),
    "demo_100k_consultations_s_postgresql": (30.0, "<="),
    "consultation_save_p95_ms_sqlite": (30.0, "<="),
    "consultation_save_p95_ms_postgresql": (30.0, "<="),
    "consultation_list_first_page_ms_sqlite": (50.0, "<="),
    "consultation_list_first_page_ms_postgresql": (50.0, "<="),
    "kb_search_p95_ms_sqlite": (20.0, "<="),
    "kb_search_p95_ms_postgresql": (20.0, "<="),
    "monthly_report_s_sqlite": (2.0, "<="),
    "monthly_report_peak_mb_sqlite": (300.0, "<="),
    "monthly_report_s_postgresql": (2.0, "<="),
    "monthly_report_peak_mb_postgresql": (300.0, "<="),
    "letter_ms": (100.0, "<="),
    "escalation_notify_p95_ms": (200.0, "<="),
    "escalation_notify_p95_ms_50_listeners": (200.0, "<="),
}


def read_results(path: Path = RESULTS_FILE) -> dict[str, float]:
    """The figures already on disk; a missing or unreadable file counts as none."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {
        str(name): value
        for name, value in raw.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


def merge_results(new: Mapping[str, float], path: Path = RESULTS_FILE) -> dict[str, float]:
    """Write ``new`` over what is on disk, keeping figures other benchmarks wrote."""
    merged = read_results(path)
    merged.update(new)
    ordered = dict(sorted(merged.items()))
    path.write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")
    return ordered


def meets_target(name: str, value: float) -> bool | None:
    """True or False when the figure has a target, None when it is informational."""
    if name not in TARGETS:
        return None
    target, comparison = TARGETS[name]
    if math.isnan(value):
        return False
    return value <= target if comparison == "<=" else value >= target


def _number(value: float) -> str:
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"


def format_table(figures: Mapping[str, float], fresh: frozenset[str] = frozenset()) -> str:
    """A plain-text table; figures not measured in this run are marked as carried over."""
    rows = [("figure", "value", "target", "status")]
    for name, value in sorted(figures.items()):
        verdict = meets_target(name, value)
        if name in TARGETS:
            target, comparison = TARGETS[name]
            target_text = f"{comparison} {_number(target)}"
        else:
            target_text = "-"
        status = "" if verdict is None else ("ok" if verdict else "MISSED")
        if fresh and name not in fresh:
            status = f"{status} (earlier run)".strip()
        rows.append((name, _number(value), target_text, status))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}".rstrip()
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)
