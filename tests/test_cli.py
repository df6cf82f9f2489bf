"""The command line: exit status 2 and one clear line for bad input, JSON for lists."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from grensdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_db_status_and_upgrade_on_a_new_embedded_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    code, out, _ = run(capsys, "--database", url, "db", "status", "--json")
    assert code == 0
    status = json.loads(out)
    assert status["current"] is None and not status["up_to_date"]
    assert run(capsys, "--database", url, "db", "upgrade")[0] == 0
    code, out, _ = run(capsys, "--database", url, "db", "status", "--json")
    assert json.loads(out)["up_to_date"] is True


def test_users_add_and_list_as_json(
    capsys: pytest.CaptureFixture[str], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("een-lang-wachtwoord\n"))
    code, out, err = run(
        capsys,
        "--database",
        database_url,
        "users",
        "add",
        "m.claes",
        "--name",
        "Marie Claes",
        "--office",
        "GIP-SCHELDEMOND",
        "--role",
        "adviser",
        "--role",
        "expert",
        "--topic",
        "unemployment",
        "--password-stdin",
    )
    assert (code, err) == (0, "")
    assert "m.claes" in out
    code, out, _ = run(
        capsys, "--database", database_url, "users", "list", "--office", "GIP-SCHELDEMOND", "--json"
    )
    users = {user["username"]: user for user in json.loads(out)}
    assert users["m.claes"]["roles"] == ["adviser", "expert"]
    assert users["m.claes"]["topics"] == ["unemployment"]
    assert users["m.claes"]["office_code"] == "GIP-SCHELDEMOND"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("users", "list", "--office", "ATLANTIS"), "Unknown office ATLANTIS"),
        (
            (
                "users", "add", "new.one", "--name", "N", "--office", "ATLANTIS",
                "--role", "adviser", "--password-stdin",
            ),
            "Unknown office ATLANTIS",
        ),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_status_2(
    capsys: pytest.CaptureFixture[str],
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("een-lang-wachtwoord\n"))
    code, _, err = run(capsys, "--database", sqlite_url, *args)
    assert code == 2
    assert err.count("\n") == 1 and message in err


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/x", "Unsupported database mysql"),
        ("postgresql://nobody:secret@127.0.0.1:1/grensdesk", "127.0.0.1:1"),
        ("::::", "Malformed database URL"),
    ],
)
def test_database_problems_are_one_line_without_traceback(url: str, message: str) -> None:
    # A real process: proves there is no traceback and the exit status is what a script sees.
    result = subprocess.run(
        [sys.executable, "-m", "grensdesk", "--database", url, "db", "status"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert result.stderr.startswith("grensdesk: ") and result.stderr.count("\n") == 1
    assert "secret" not in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "grensdesk", "--debug", "--database", "mysql://x/y", "db", "status"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_argument_errors_exit_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["demo", "--consultations", "many"])
    assert caught.value.code == 2
    assert "not a whole number: many" in capsys.readouterr().err


def test_demo_fills_an_empty_database_once(
    capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    args = ("--database", database_url, "demo", "--consultations", "200", "--months", "3")
    code, out, _ = run(capsys, *args, "--if-empty")
    assert code == 0 and "200 consultations" in out
    code, out, _ = run(capsys, *args, "--if-empty")
    assert code == 0 and "no demo data added" in out


def test_offices_list_as_json(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    code, out, _ = run(capsys, "--database", sqlite_url, "offices", "list", "--json")
    codes = {office["code"] for office in json.loads(out)}
    assert code == 0 and {"GIP-EUREGIO", "GIP-AACHEN", "SVB"} <= codes
