"""``grensdesk consultations list|import``: JSON out, files in, one line for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grensdesk.cli import main
from tests.test_cli import run

HEADER = (
    "source_ref,office,adviser,started_at,duration_minutes,channel,language,"
    "residence_country,residence_region,work_country,profile,home_work_percent,topics,"
    "consent,citizen_name,citizen_postcode"
)
GOOD = (
    f"{HEADER}\n"
    "OLD-1,GIP-EUREGIO,anna,2025-03-14 10:30,35,walk_in,de,DE,NRW,NL,frontier_worker,20,"
    "tax;social_security,yes,Jürgen Krüger,48599\n"
    "OLD-2,GIP-EUREGIO,anna,2025-03-31T23:30:00+02:00,20,phone,nl,NL,,DE,pensioner,,pension,,,\n"
    "OLD-3,GIP-AACHEN,lukas,2025-04-02 09:00,45,email,de,DE,NRW,NL,employer,,tax,,,\n"
)


def test_import_then_list_as_json(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "old-system.csv"
    path.write_text(GOOD, encoding="utf-8")
    code, out, err = run(capsys, "--database", database_url, "consultations", "import", str(path))
    assert (code, err) == (0, "")
    assert "Imported 3 consultations" in out
    assert "GIP-AACHEN" in out and "GIP-EUREGIO" in out

    code, out, _ = run(
        capsys,
        "--database",
        database_url,
        "consultations",
        "list",
        "--office",
        "GIP-EUREGIO",
        "--month",
        "2025-03",
        "--json",
    )
    assert code == 0
    listed = json.loads(out)
    # 23:30 on 31 March in Dutch summer time is still March, though 21:30 in UTC.
    assert [row["date"] for row in listed] == ["2025-03-14", "2025-03-31"]
    first = listed[0]
    assert first["office"] == "GIP-EUREGIO"
    assert first["topics"] == ["tax", "social_security"]
    assert (first["channel"], first["language"], first["status"]) == ("walk_in", "de", "closed")
    assert first["situation"] == {
        "residence_country": "DE",
        "residence_region": "NRW",
        "work_country": "NL",
        "work_region": None,
        "profile": "frontier_worker",
        "home_work_percent": 20,
    }
    # Statistics only: no notes, no citizen.
    assert not {"question", "advice", "citizen", "citizen_name"} & set(first)

    code, out, _ = run(capsys, "--database", database_url, "consultations", "list", "--json")
    assert {row["office"] for row in json.loads(out)} == {"GIP-EUREGIO", "GIP-AACHEN"}
    code, out, _ = run(capsys, "--database", database_url, "consultations", "list")
    assert code == 0 and len(out.splitlines()) == 3 and "frontier_worker" in out


def test_an_empty_list_is_still_json(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    code, out, _ = run(
        capsys, "--database", sqlite_url, "consultations", "list", "--month", "2001-01", "--json"
    )
    assert code == 0 and json.loads(out) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "--month", "2025-13"), "2025-13 is not a month of the form YYYY-MM"),
        (("list", "--month", "march"), "march is not a month of the form YYYY-MM"),
        (("list", "--office", "ATLANTIS"), "Unknown office ATLANTIS"),
        (("import", "nowhere.csv"), "Cannot read nowhere.csv"),
        (("import", "export.xlsx"), "Import a .csv or .json file"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "--database", sqlite_url, "consultations", *args)
    assert code == 2
    assert out == ""
    assert err.startswith("grensdesk: ") and err.count("\n") == 1 and message in err


def test_a_bad_file_lists_every_problem_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "old-system.csv"
    lines = GOOD.splitlines()
    lines[2] = lines[2].replace("pensioner", "astronaut")
    lines[3] = lines[3].replace("lukas", "anna")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "--database", sqlite_url, "consultations", "import", str(path))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{path}:3: profile: Unknown value astronaut; use one of: frontier_worker, "
        "migrant_worker, pensioner, job_seeker, employer, student, self_employed, other.",
        f"{path}:4: adviser: anna does not work at GIP-AACHEN.",
        "grensdesk: Nothing was imported: the file has 2 problems.",
    ]
    code, out, _ = run(capsys, "--database", sqlite_url, "consultations", "list", "--json")
    assert json.loads(out) == []


def test_a_second_import_of_the_same_file_is_refused(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "old-system.json"
    rows = [
        {
            "source_ref": "OLD-9",
            "office": "GIP-EUREGIO",
            "adviser": "anna",
            "started_at": "2025-03-14T10:30:00+01:00",
            "duration_minutes": 30,
            "channel": "walk_in",
            "language": "nl",
            "residence_country": "DE",
            "work_country": "NL",
            "profile": "frontier_worker",
            "topics": ["tax"],
        }
    ]
    path.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    assert run(capsys, "--database", sqlite_url, "consultations", "import", str(path))[0] == 0
    code, _, err = run(capsys, "--database", sqlite_url, "consultations", "import", str(path))
    assert code == 2
    assert f"{path}:2: source_ref: OLD-9 of GIP-EUREGIO was imported before." in err


def test_the_subcommand_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["consultations"])
    assert caught.value.code == 2
