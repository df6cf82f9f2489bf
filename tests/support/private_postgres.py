"""A private PostgreSQL cluster that a test may stop, start and restart.

The shared test server is used by others and must never be restarted; this one is made
with the machine's own initdb on a free loopback port (trust auth, no fsync) and runs as
the ``postgres`` system user, like :mod:`tests.support.password_server`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.password_server import _as_postgres, _binaries, _free_port
from tests.support.password_server import unavailable_reason as unavailable_reason


@dataclass(frozen=True)
class PrivatePostgres:
    port: int
    binaries: Path
    data: Path
    options: str
    log: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *arguments: str) -> None:
        subprocess.run(
            _as_postgres(str(self.binaries / "pg_ctl"), "-D", str(self.data), *arguments),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )

    def start(self) -> None:
        self._pg_ctl("-o", self.options, "-l", str(self.log), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """``fast`` ends every session, as a server restart or failover does."""
        self._pg_ctl("-m", mode, "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()


@contextlib.contextmanager
def running_private_postgres() -> Iterator[PrivatePostgres]:
    binaries = _binaries()
    assert binaries is not None
    folder = Path(tempfile.mkdtemp(prefix="grensdesk-esc-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    subprocess.run(
        _as_postgres(
            str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
            "--no-sync",
        ),
        check=True,
        capture_output=True,
    )  # fmt: skip
    port = _free_port()
    server = PrivatePostgres(
        port=port,
        binaries=binaries,
        data=data,
        options=f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
        log=folder / "server.log",
    )
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
