"""Time to the first window: GrensDesk's sign-in dialog against a bare PySide6 table window.

Both run as fresh processes with the same environment; each prints ``shown <time.time()>``
once its window is visible, and the clock starts just before the process is spawned.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from typing import Final

from bench.workspace import PROJECT_ROOT, Workspace

APP_COMMAND: Final = (sys.executable, "-m", "grensdesk")
BARE_COMMAND: Final = (sys.executable, "-m", "bench.bare_window")
TIMEOUT_SECONDS: Final = 120


def time_to_shown(command: tuple[str, ...], env: dict[str, str]) -> float:
    """Milliseconds from just before spawning ``command`` to the moment it reports shown."""
    started = time.time()
    finished = subprocess.run(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    for line in finished.stdout.splitlines():
        if line.startswith("shown "):
            return (float(line.split()[1]) - started) * 1000
    raise RuntimeError(
        f"{' '.join(command)} exited with {finished.returncode} without reporting shown:\n"
        f"{finished.stdout}\n{finished.stderr}"
    )


def measure_startup(workspace: Workspace, runs: int) -> dict[str, float]:
    env = workspace.environment()
    app_env = {**env, "GRENSDESK_EXIT_WHEN_SHOWN": "1"}
    # The warm-up fills the OS file cache and Python's bytecode cache for both sides.
    time_to_shown(BARE_COMMAND, env)
    time_to_shown(APP_COMMAND, app_env)
    app_times: list[float] = []
    bare_times: list[float] = []
    for run in range(runs):
        # Alternate who goes first so neither always inherits the other's cache state.
        pair = ((BARE_COMMAND, env, bare_times), (APP_COMMAND, app_env, app_times))
        for command, command_env, times in pair if run % 2 == 0 else reversed(pair):
            times.append(time_to_shown(command, command_env))
    app_ms = statistics.median(app_times)
    bare_ms = statistics.median(bare_times)
    return {
        "startup_first_window_ms": round(app_ms, 1),
        "startup_bare_window_ms": round(bare_ms, 1),
        "startup_first_window_ratio": round(app_ms / bare_ms, 3),
    }
