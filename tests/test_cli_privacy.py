"""``grensdesk privacy anonymise|erase``: what a scheduled job and an administrator see."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from grensdesk.bootstrap import Database
from grensdesk.cli import main
from grensdesk.models import Citizen, Consultation
from grensdesk.services.consultations import CitizenInput, ConsultationInput, save_consultation
from grensdesk.services.context import BORDER_ZONE, Actor
from tests.test_cli import run


def _old_consultation(database: Database, adviser: Actor) -> int:
    saved = save_consultation(
        database.sessions,
        adviser,
        ConsultationInput(
            started_at=dt.datetime(2023, 5, 2, 9, tzinfo=BORDER_ZONE),
            duration_minutes=20,
            channel="phone",
            language="de",
            residence_country="DE",
            work_country="NL",
            profile="frontier_worker",
            topics=("tax",),
            question="Steuer?",
            citizen=CitizenInput(full_name="Jürgen Krüger"),
        ),
    )
    with database.sessions() as session:
        citizen_id = session.scalar(
            select(Consultation.citizen_id).where(Consultation.id == saved.id)
        )
    assert citizen_id is not None
    return citizen_id


def test_anonymise_dry_run_then_for_real(
    capsys: pytest.CaptureFixture[str], database_url: str, database: Database, adviser: Actor
) -> None:
    _old_consultation(database, adviser)
    code, out, err = run(capsys, "--database", database_url, "privacy", "anonymise", "--dry-run")
    assert (code, err) == (0, "")
    assert "Would anonymise before" in out and "1 consultations, 1 citizens" in out

    code, out, _ = run(capsys, "--database", database_url, "privacy", "anonymise", "--months", "12")
    assert code == 0 and "Anonymised before" in out
    with database.sessions() as session:
        assert session.scalars(select(Citizen.full_name)).all() == [""]


def test_erase_a_citizen_and_an_unknown_one(
    capsys: pytest.CaptureFixture[str], database_url: str, database: Database, adviser: Actor
) -> None:
    citizen_id = _old_consultation(database, adviser)
    code, out, _ = run(capsys, "--database", database_url, "privacy", "erase", str(citizen_id))
    assert code == 0 and f"Citizen {citizen_id} erased" in out

    code, out, err = run(capsys, "--database", database_url, "privacy", "erase", str(citizen_id))
    assert (code, out) == (2, "")
    assert err.strip() == f"grensdesk: Unknown citizen {citizen_id}."


@pytest.mark.parametrize(
    "argv",
    [
        ["privacy", "anonymise", "--before", "2025-13-01"],
        ["privacy", "anonymise", "--months", "0"],
        ["privacy", "anonymise", "--months", "6", "--before", "2025-01-01"],
        ["privacy", "erase", "abc"],
        ["privacy"],
    ],
)
def test_bad_arguments_are_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_a_cut_off_in_the_future_is_refused(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    tomorrow = (dt.datetime.now(BORDER_ZONE).date() + dt.timedelta(days=2)).isoformat()
    code, _, err = run(
        capsys, "--database", sqlite_url, "privacy", "anonymise", "--before", tomorrow
    )
    assert code == 2 and "future" in err
