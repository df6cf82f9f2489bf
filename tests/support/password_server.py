"""A private PostgreSQL server that demands a password (scram-sha-256), for the tests of
the database-password prompt: the shared test server may trust every local login.

It is a real cluster made with the machine's own initdb, on a free loopback port, run
as the ``postgres`` system user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "Grenzgänger-2026"
USER = "postgres"


@dataclass(frozen=True)
class PasswordServer:
    port: int

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{USER}{secret}@127.0.0.1:{self.port}/{database}"


def _binaries() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return candidates[-1].parent if candidates else None


def unavailable_reason() -> str | None:
    if _binaries() is None:
        return "no PostgreSQL server binaries (initdb) on this machine"
    if os.geteuid() != 0 and shutil.which("runuser") is None:
        return "starting a private PostgreSQL needs root (to run it as the postgres user)"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@contextlib.contextmanager
def running_password_server() -> Iterator[PasswordServer]:
    binaries = _binaries()
    assert binaries is not None
    # Not under pytest's temporary folders: those are private to root, and the server
    # runs as the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="grensdesk-pg-"))
    data = folder / "data"
    password_file = folder / "password"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(password_file, "postgres")
    subprocess.run(
        _as_postgres(
            str(binaries / "initdb"),
            "-D", str(data),
            "-U", USER,
            "--auth=scram-sha-256",
            f"--pwfile={password_file}",
            "--no-sync",
        ),
        check=True,
        capture_output=True,
    )  # fmt: skip
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    # The server's output goes to a log file: a pipe would stay open as long as it runs.
    log = folder / "server.log"
    subprocess.run(
        _as_postgres(
            str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"
        ),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=60,
    )
    try:
        yield PasswordServer(port)
    finally:
        subprocess.run(
            _as_postgres(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)
