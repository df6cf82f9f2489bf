"""Importing consultations from the old registration system: all rows or none."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from grensdesk.bootstrap import Database
from grensdesk.models import Citizen, Consultation, Event
from grensdesk.services import consultation_import
from grensdesk.services.consultation_import import (
    COLUMNS,
    ConsultationImportError,
    Record,
    import_consultations,
    read_json,
)
from grensdesk.services.consultations import CitizenInput, get_consultation
from grensdesk.services.context import Actor, system_actor
from grensdesk.services.errors import PermissionDeniedError, ValidationError
from tests.conftest import sign_in_as

ROW: dict[str, str] = {
    "source_ref": "REG-1001",
    "office": "GIP-EUREGIO",
    "adviser": "anna",
    "started_at": "2025-03-14 10:30",
    "duration_minutes": "35",
    "channel": "walk_in",
    "language": "de",
    "residence_country": "DE",
    "residence_region": "NRW",
    "work_country": "NL",
    "profile": "frontier_worker",
    "home_work_percent": "20",
    "topics": "tax;social_security",
    "question": "Wohnt in Gronau,\narbeitet in Enschede.",
    "advice": "Lohnsteuer in NL.",
    "status": "closed",
}
CITIZEN: dict[str, str] = {
    "consent": "yes",
    "citizen_name": "Jürgen Krüger",
    "citizen_email": "j.krueger@example.de",
    "citizen_phone": "+49 2562 12345",
    "citizen_street": "Bahnhofstraße 3",
    "citizen_postcode": "48599",
    "citizen_town": "Gronau",
    "citizen_country": "DE",
    "citizen_language": "de",
}


def row(number: int, **changes: str) -> dict[str, str]:
    return {**ROW, "source_ref": f"REG-{number}", **changes}


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def count(database: Database, model: type[Consultation] | type[Citizen]) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def imported_events(database: Database) -> list[Event]:
    with database.sessions() as session:
        return list(session.scalars(select(Event).where(Event.kind == "consultation.imported")))


def by_ref(database: Database, source_ref: str) -> int:
    with database.sessions() as session:
        found = session.scalar(select(Consultation.id).where(Consultation.source_ref == source_ref))
    assert found is not None
    return found


def test_a_csv_file_is_imported_with_citizens_and_local_times(
    database: Database, tmp_path: Path, adviser: Actor
) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [
            row(1, **CITIZEN),
            row(2, started_at="2025-07-01T10:30:00", topics="pension", status=""),
            row(3, started_at="2025-07-01T10:30:00Z", office="GIP-AACHEN", adviser="lukas"),
        ],
    )
    result = import_consultations(database.sessions, system_actor(), path)
    assert (result.consultations, result.citizens) == (3, 1)
    assert result.per_office == (("GIP-AACHEN", 1), ("GIP-EUREGIO", 2))

    first = get_consultation(database.sessions, adviser, by_ref(database, "REG-1"))
    assert first.adviser_username == "anna"
    # Local time without an offset is Dutch time: CET in March, CEST in July.
    assert first.data.started_at == dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)
    assert first.data.question == "Wohnt in Gronau,\narbeitet in Enschede."
    assert first.data.topics == ("tax", "social_security")
    assert (first.data.residence_region, first.data.home_work_percent) == ("NRW", 20)
    assert first.data.citizen == CitizenInput(
        full_name="Jürgen Krüger",
        email="j.krueger@example.de",
        phone="+49 2562 12345",
        street="Bahnhofstraße 3",
        postcode="48599",
        town="Gronau",
        country="DE",
        language="de",
    )
    second = get_consultation(database.sessions, adviser, by_ref(database, "REG-2"))
    assert second.data.started_at == dt.datetime(2025, 7, 1, 8, 30, tzinfo=dt.UTC)
    assert second.data.status == "closed"  # history, unless the file says otherwise
    assert second.data.citizen is None
    lukas = sign_in_as(database, "lukas")
    third = get_consultation(database.sessions, lukas, by_ref(database, "REG-3"))
    assert third.data.started_at == dt.datetime(2025, 7, 1, 10, 30, tzinfo=dt.UTC)

    events = imported_events(database)
    assert sorted(json.loads(event.detail)["count"] for event in events) == [1, 2]
    assert {json.loads(event.detail)["source"] for event in events} == {"export.csv"}


def test_a_json_file_is_imported_the_same_way(database: Database, tmp_path: Path) -> None:
    records: list[dict[str, object]] = [
        {**row(1), "duration_minutes": 35, "home_work_percent": None, "consent": True},
        {**row(2), "topics": ["pension", "health_insurance"], "source_ref": 2002},
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    result = import_consultations(database.sessions, system_actor(), path)
    assert result.consultations == 2
    anna = sign_in_as(database, "anna")
    detail = get_consultation(database.sessions, anna, by_ref(database, "2002"))
    assert detail.data.topics == ("health_insurance", "pension")


def test_semicolons_between_values_are_understood(database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "excel.csv", [row(1), row(2)], delimiter=";")
    assert import_consultations(database.sessions, system_actor(), path).consultations == 2


def test_one_bad_row_stops_the_whole_file_and_every_problem_is_listed(
    database: Database, tmp_path: Path
) -> None:
    before = count(database, Consultation)
    path = write_csv(
        tmp_path / "export.csv",
        [
            row(1),  # line 2, but the question spans two lines
            row(2, office="GIP-NOWHERE"),  # line 4
            row(3, started_at="2099-01-01 10:00", duration_minutes="half an hour"),  # 6
            row(4),  # line 8: fine
            row(5, topics="tax;astrology", channel="pigeon", question="BSN 111222333"),  # 10
            row(6, adviser="lukas", status="follow_up"),  # line 11
        ],
    )
    with pytest.raises(ConsultationImportError) as caught:
        import_consultations(database.sessions, system_actor(), path)
    problems = {(problem.line, problem.field) for problem in caught.value.problems}
    assert problems == {
        (4, "office"),
        (6, "started_at"),
        (6, "duration_minutes"),
        (10, "topics"),
        (10, "channel"),
        (10, "question"),
        (11, "adviser"),
        (11, "follow_up_on"),
    }
    messages = {(problem.line, problem.field): problem.message for problem in caught.value.problems}
    assert messages[4, "office"] == "Unknown office GIP-NOWHERE."
    assert messages[6, "started_at"] == "A consultation cannot be dated in the future."
    assert messages[6, "duration_minutes"] == "half an hour is not a whole number."
    assert messages[10, "topics"] == "Unknown topic astrology."
    assert "pigeon" in messages[10, "channel"] and "walk_in" in messages[10, "channel"]
    assert "citizen service number" in messages[10, "question"]
    assert messages[11, "adviser"] == "lukas does not work at GIP-EUREGIO."
    assert str(caught.value) == "Nothing was imported: the file has 8 problems."
    assert "Line 4, office: Unknown office GIP-NOWHERE." in {
        str(problem) for problem in caught.value.problems
    }
    assert count(database, Consultation) == before
    assert imported_events(database) == []


def test_json_problems_carry_the_line_where_the_object_starts(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "export.json"
    path.write_text(
        "[\n"
        + json.dumps(row(1), indent=2)
        + ",\n  "
        + json.dumps(row(2, language="pl"))
        + ",\n"
        + json.dumps(row(3, colour="blue"), indent=1)
        + ",\n  42\n]\n",
        encoding="utf-8",
    )
    second_line = 2 + json.dumps(row(1), indent=2).count("\n") + 1
    third_line = second_line + 1
    with pytest.raises(ConsultationImportError) as caught:
        import_consultations(database.sessions, system_actor(), path)
    assert [(problem.line, problem.field) for problem in caught.value.problems] == [
        (second_line, "language"),
        (third_line, "colour"),
        (third_line + json.dumps(row(3, colour="blue"), indent=1).count("\n") + 1, None),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"source_ref": "1"}', 1, "list of objects"),
        ('[\n  {"source_ref": "1",}\n]', 2, "not valid JSON"),
        ("[\n {}\n {}\n]", 3, "Expected , or ]"),
        ("[{}] []", 1, "Nothing may follow"),
    ],
)
def test_broken_json_is_reported_at_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ConsultationImportError) as caught:
        read_json(text)
    [problem] = caught.value.problems
    assert problem.line == line and message in problem.message


def test_header_problems_are_reported_before_any_row(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("source_ref,office,adviser,colour\nR1,GIP-EUREGIO,anna,blue\n", "utf-8")
    with pytest.raises(ConsultationImportError) as caught:
        import_consultations(database.sessions, system_actor(), path)
    found = {(problem.line, problem.field) for problem in caught.value.problems}
    assert (1, "colour") in found and (1, "started_at") in found and (1, "topics") in found
    assert {line for line, _ in found} == {1}


def test_importing_a_file_twice_is_refused_and_nothing_counts_twice(
    database: Database, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "export.csv", [row(1), row(2)])
    import_consultations(database.sessions, system_actor(), path)
    before = count(database, Consultation)
    again = write_csv(tmp_path / "again.csv", [row(3), row(2), row(1)])
    with pytest.raises(ConsultationImportError) as caught:
        import_consultations(database.sessions, system_actor(), again)
    assert [(problem.line, problem.field) for problem in caught.value.problems] == [
        (4, "source_ref"),
        (6, "source_ref"),
    ]
    assert caught.value.problems[0].message == "REG-2 of GIP-EUREGIO was imported before."
    assert count(database, Consultation) == before
    # The same reference at another office is another consultation.
    aachen = write_csv(tmp_path / "aachen.csv", [row(1, office="GIP-AACHEN", adviser="lukas")])
    assert import_consultations(database.sessions, system_actor(), aachen).consultations == 1


def test_a_reference_twice_in_one_file_is_refused(database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [row(1), row(2), row(1)])
    with pytest.raises(ConsultationImportError) as caught:
        import_consultations(database.sessions, system_actor(), path)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (6, "source_ref")
    assert problem.message == "REG-1 of GIP-EUREGIO is already on line 2."


def test_personal_details_only_with_consent(database: Database, tmp_path: Path) -> None:
    citizens = count(database, Citizen)
    path = write_csv(
        tmp_path / "export.csv",
        [
            row(1, citizen_name="Jan Jansen", citizen_phone="06 12345678"),  # no consent column
            row(2, consent="no", citizen_email="jan@example.nl"),
            row(3, consent="maybe", citizen_name="Jan Jansen"),
            row(4, consent="yes", citizen_email="jan@example.nl"),  # consent, but no name
            row(5, consent="yes"),  # consent without details: nothing to keep
        ],
    )
    with pytest.raises(ConsultationImportError) as caught:
        import_consultations(database.sessions, system_actor(), path)
    found = [(problem.line, problem.field) for problem in caught.value.problems]
    assert found == [
        (2, "citizen_name"),
        (2, "citizen_phone"),
        (4, "citizen_email"),
        (6, "consent"),
        (8, "citizen_name"),
    ]
    assert "consent" in caught.value.problems[0].message
    assert count(database, Citizen) == citizens


def test_citizen_problems_name_the_columns_of_the_file(database: Database, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv",
        [row(1, **{**CITIZEN, "citizen_postcode": "4859", "citizen_email": "x@@y"})],
    )
    with pytest.raises(ConsultationImportError) as caught:
        import_consultations(database.sessions, system_actor(), path)
    assert {problem.field for problem in caught.value.problems} == {
        "citizen_postcode",
        "citizen_email",
    }


def test_only_administrators_and_coordinators_import(database: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", [row(1)])
    with pytest.raises(PermissionDeniedError):
        import_consultations(database.sessions, sign_in_as(database, "anna"), path)
    petra = sign_in_as(database, "petra")
    assert import_consultations(database.sessions, petra, path).consultations == 1
    [event] = imported_events(database)
    assert event.actor_id == petra.user_id


def test_files_that_cannot_be_read(database: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"Cannot read missing\.csv"):
        import_consultations(database.sessions, system_actor(), tmp_path / "missing.csv")
    with pytest.raises(ValidationError, match="neither"):
        import_consultations(database.sessions, system_actor(), tmp_path / "export.xlsx")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("source_ref\nKrüger\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="not UTF-8"):
        import_consultations(database.sessions, system_actor(), latin)
    empty = tmp_path / "empty.csv"
    empty.write_text("", "utf-8")
    with pytest.raises(ConsultationImportError, match="1 problem"):
        import_consultations(database.sessions, system_actor(), empty)


def test_ten_thousand_rows_go_in_at_once(database: Database, tmp_path: Path) -> None:
    rows = [
        row(
            number,
            started_at=f"2025-{number % 12 + 1:02d}-{number % 28 + 1:02d} {8 + number % 9:02d}:15",
            **(CITIZEN if number % 5 == 0 else {}),
        )
        for number in range(10_000)
    ]
    path = write_csv(tmp_path / "big.csv", rows)
    started = time.perf_counter()
    result = import_consultations(database.sessions, system_actor(), path)
    seconds = time.perf_counter() - started
    assert (result.consultations, result.citizens) == (10_000, 2_000)
    assert count(database, Consultation) >= 10_000
    assert len(imported_events(database)) == 1
    # Generous for a slow CI machine; about 3 s on a laptop.
    assert seconds < 30, seconds


def test_a_concurrent_import_of_the_same_rows_is_refused_not_doubled(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "export.csv", [row(1), row(2)])
    import_consultations(database.sessions, system_actor(), path)
    before = count(database, Consultation)
    # As if another import committed the same rows between our check and our write.
    original = consultation_import._context

    def blind(session: Session, records: Sequence[Record]) -> consultation_import._Context:
        found = original(session, records)
        found.earlier.clear()
        return found

    monkeypatch.setattr(consultation_import, "_context", blind)
    with pytest.raises(ConsultationImportError, match="1 problem") as caught:
        import_consultations(database.sessions, system_actor(), path)
    assert caught.value.problems[0].field == "source_ref"
    assert count(database, Consultation) == before
