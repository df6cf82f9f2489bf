"""``grensdesk letter``: write a letter, verify files, and refuse bad input in one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from grensdesk.bootstrap import Database, connect
from grensdesk.db import parse_database_url
from grensdesk.models import Letter
from tests.conftest import sign_in_as
from tests.services.letters_support import consultation_with_comparison, pdf_text
from tests.test_cli import run


@pytest.fixture
def opened(database_url: str) -> Iterator[Database]:
    database = connect(parse_database_url(database_url))
    yield database
    database.dispose()


@pytest.fixture
def consultation_id(opened: Database) -> int:
    return consultation_with_comparison(opened, sign_in_as(opened, "anna"))[0]


def letters_recorded(database: Database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(Letter)) or 0


def test_write_a_letter_then_verify_it(
    capsys: pytest.CaptureFixture[str], database_url: str, consultation_id: int, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    output = folder / "brief.pdf"
    code, out, err = run(
        capsys, "--database", database_url, "letter", str(consultation_id),
        "--lang", "fr", "--output", str(output),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "Letter GIP-EUREGIO/2026/0001 (Français," in out
    assert "Łukasz Wiśniewski" in pdf_text(output.read_bytes())
    assert [p.name for p in folder.iterdir()] == ["brief.pdf"]  # no temporary file left

    code, out, err = run(capsys, "--database", database_url, "letter", "verify", str(output))
    assert (code, err) == (0, "")
    assert "is GrensDesk letter GIP-EUREGIO/2026/0001" in out
    assert f"consultation {consultation_id}" in out and "in Français" in out

    changed = tmp_path / "changed.pdf"
    # An incremental update appended to the file, as a PDF editor would write it.
    changed.write_bytes(output.read_bytes() + b"\n% changed\n")
    code, out, _ = run(capsys, "--database", database_url, "letter", "verify", str(changed))
    assert code == 1
    assert "is NOT a letter GrensDesk issued: it names letter GIP-EUREGIO/2026/0001" in out

    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, out, _ = run(capsys, "--database", database_url, "letter", "verify", str(other))
    assert code == 1 and "is not a letter GrensDesk issued" in out


def test_the_default_language_is_the_citizens(
    capsys: pytest.CaptureFixture[str], database_url: str, consultation_id: int, tmp_path: Path
) -> None:
    output = tmp_path / "letter.pdf"
    code, out, _ = run(
        capsys, "--database", database_url, "letter", str(consultation_id), "--output", str(output)
    )
    assert code == 0 and "(Deutsch," in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["987654", "--output", "{dir}/x.pdf"], "Consultation 987654 does not exist."),
        (["{id}", "--lang", "es", "--output", "{dir}/x.pdf"], "not in es"),
        (["{id}", "--output", "{dir}/missing/x.pdf"], "Cannot write"),
        (["{id}", "--output", "{dir}"], "is a folder"),
        (["{id}"], "--output FILE"),
        (["twelve", "--output", "{dir}/x.pdf"], "Not a consultation number: twelve."),
        (["verify"], "Name the PDF to verify"),
        (["verify", "{dir}/nothing.pdf"], "Cannot read"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_file(
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    opened: Database,
    consultation_id: int,
    tmp_path: Path,
    arguments: list[str],
    message: str,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    filled = [a.format(dir=folder, id=consultation_id) for a in arguments]
    code, out, err = run(capsys, "--database", database_url, "letter", *filled)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("grensdesk: ") and message in err
    assert list(folder.iterdir()) == []
    assert letters_recorded(opened) == 0
