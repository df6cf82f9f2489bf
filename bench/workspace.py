"""A throw-away GrensDesk installation: its own data, config and Qt settings, demo data loaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from grensdesk.config import CONFIG_DIR_ENV, DATA_DIR_ENV, DATABASE_URL_ENV, default_sqlite_url

DEMO_CONSULTATIONS: Final = 20_000
DEMO_MONTHS: Final = 24
DEMO_SEED: Final = 1
DEMO_USER: Final = "anna"
DEMO_PASSWORD: Final = "grensdesk"
PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent

# Inherited values that would point a run at the person's real database or language.
_DROPPED_ENV: Final = (DATABASE_URL_ENV, "GRENSDESK_LANGUAGE", "GRENSDESK_EXIT_WHEN_SHOWN")


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def config_dir(self) -> Path:
        return self.root / "config"

    @property
    def qt_settings_dir(self) -> Path:
        """Where QSettings go: ``grensdesk.ui.preferences`` names its organisation itself."""
        return self.root / "qt-settings"

    @property
    def database_url(self) -> str:
        return default_sqlite_url(self.data_dir)

    def environment(self) -> dict[str, str]:
        """The environment for a GrensDesk process that touches nothing of the real user's."""
        env = {key: value for key, value in os.environ.items() if key not in _DROPPED_ENV}
        env.update(
            {
                DATA_DIR_ENV: str(self.data_dir),
                CONFIG_DIR_ENV: str(self.config_dir),
                # QSettings on Unix live under XDG_CONFIG_HOME.
                "XDG_CONFIG_HOME": str(self.qt_settings_dir),
                "QT_QPA_PLATFORM": "offscreen",
            }
        )
        return env

    def apply_environment(self) -> None:
        """Make this process's own environment the isolated one (for in-process benchmarks)."""
        for key in _DROPPED_ENV:
            os.environ.pop(key, None)
        os.environ.update(self.environment())

    def grensdesk(self, *arguments: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "grensdesk", *arguments],
            cwd=PROJECT_ROOT,
            env=self.environment(),
            check=True,
            stdout=subprocess.DEVNULL,
        )


def create_workspace() -> Workspace:
    """Migrate an embedded database and load the demo data through the real CLI.

    ``demo`` opens the database the way the app does, so it also leaves the daily backup
    behind: the app's own opening then neither migrates nor copies the file.
    """
    workspace = Workspace(Path(tempfile.mkdtemp(prefix="grensdesk-bench-")))
    for directory in (workspace.data_dir, workspace.config_dir, workspace.qt_settings_dir):
        directory.mkdir(parents=True)
    started = time.perf_counter()
    workspace.grensdesk("db", "upgrade")
    workspace.grensdesk(
        "demo",
        "--consultations",
        str(DEMO_CONSULTATIONS),
        "--months",
        str(DEMO_MONTHS),
        "--seed",
        str(DEMO_SEED),
    )
    print(
        f"Prepared demo database ({DEMO_CONSULTATIONS} consultations) "
        f"in {time.perf_counter() - started:.1f} s: {workspace.root}",
        flush=True,
    )
    return workspace


def remove_workspace(workspace: Workspace) -> None:
    shutil.rmtree(workspace.root, ignore_errors=True)
