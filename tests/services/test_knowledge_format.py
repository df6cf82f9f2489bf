from __future__ import annotations

import argparse
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from grensdesk.bootstrap import Database
from grensdesk.cli_kb import add_kb_commands, run_kb_command
from grensdesk.models import Comparison, ComparisonText, ComparisonVersion, Event
from grensdesk.services.context import Actor, system_actor
from grensdesk.services.errors import PermissionDeniedError, ValidationError
from grensdesk.services.knowledge import get_comparison, list_history
from grensdesk.services.knowledge_format import (
    CONTENT_DIR,
    KnowledgeFormatError,
    export_yaml,
    import_yaml,
    load_published_content,
    parse_knowledge,
)
from grensdesk.services.knowledge_search import search
from tests.services.knowledge_support import SAMPLE, comparison_id, load_sample

ENTRY = """\
format: 1
comparisons:
  - code: vehicle-tax-de
    topic: vehicles
    neighbour: DE
    valid_from: 2026-01-01
    reviewed_by: Markus Weber
    reviewed_at: 2026-11-01
    texts:
      nl:
        title: Motorrijtuigenbelasting bij verhuizing naar Duitsland
        dutch_rule: In Nederland betaalt u mrb.
        neighbour_rule: In Duitsland betaalt u Kfz-Steuer.
        practice: Meld de auto om binnen een jaar.
"""


def _counts(database: Database) -> tuple[int, int, int, int]:
    with database.sessions() as session:
        return (
            session.scalar(select(func.count(Comparison.id))) or 0,
            session.scalar(select(func.count(ComparisonVersion.id))) or 0,
            session.scalar(select(func.count(ComparisonText.id))) or 0,
            session.scalar(select(func.count(Event.id))) or 0,
        )


def test_the_sample_file_imports_and_a_second_import_changes_nothing(database: Database) -> None:
    first = load_sample(database)
    assert (first.created, first.updated, first.unchanged) == (11, 0, 0)
    before = _counts(database)
    again = load_sample(database)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 11)
    assert _counts(database)[:3] == before[:3]


def test_export_then_import_elsewhere_gives_the_same_export(
    database: Database, tmp_path: Path
) -> None:
    load_sample(database)
    exported = export_yaml(database.sessions, system_actor())
    documents = parse_knowledge(exported)
    assert len(documents) == 11
    by_code = {doc.code: doc for doc in documents}
    original = {doc.code: doc for doc in parse_knowledge(SAMPLE.read_text(encoding="utf-8"))}
    for code, doc in original.items():
        assert by_code[code].content == doc.content
        assert by_code[code].reviewed_by == doc.reviewed_by
        assert by_code[code].reviewed_at == doc.reviewed_at
    # Importing the export into the same database is a no-op.
    result = import_yaml(database.sessions, system_actor(), exported)
    assert result.unchanged == 11 and result.created == result.updated == 0


def test_a_changed_entry_becomes_a_new_published_version(database: Database) -> None:
    import_yaml(database.sessions, system_actor(), ENTRY)
    changed = ENTRY.replace("binnen een jaar", "binnen zes maanden").replace(
        "reviewed_at: 2026-11-01", "reviewed_at: 2026-11-20"
    )
    result = import_yaml(database.sessions, system_actor(), changed)
    assert result.updated == 1
    history = list_history(
        database.sessions, system_actor(), comparison_id(database, "vehicle-tax-de")
    )
    assert [(v.number, v.state) for v in history] == [(2, "published"), (1, "superseded")]
    hits = search(database.sessions, system_actor(), "motorrijtuigenbelasting", "nl")
    assert [hit.row.number for hit in hits] == [2]
    retired = import_yaml(
        database.sessions,
        system_actor(),
        changed.replace("    neighbour: DE\n", "    neighbour: DE\n    status: retired\n"),
    )
    assert retired.retired == 1
    assert search(database.sessions, system_actor(), "motorrijtuigenbelasting", "nl") == []


@pytest.mark.parametrize(
    ("broken", "line", "reason"),
    [
        (ENTRY.replace("topic: vehicles", "topic: astrology"), 4, "unknown topic astrology"),
        (ENTRY.replace("neighbour: DE", "neighbour: FR"), 5, "unknown neighbour FR"),
        (ENTRY.replace("valid_from: 2026-01-01", "valid_from: 1 januari"), 6, "YYYY-MM-DD"),
        (ENTRY.replace("    reviewed_by: Markus Weber\n", ""), 3, "lacks the field reviewed_by"),
        (ENTRY.replace("    texts:", "    colour: blue\n    texts:"), 9, "unknown field colour"),
        (ENTRY.replace("        title: M", "        titel: M"), 11, "unknown field titel"),
        (
            ENTRY.replace("        practice: Meld de auto om binnen een jaar.\n", ""),
            11,
            "lacks the field practice",
        ),
        (ENTRY.replace("  - code: vehicle-tax-de", "  - code: Vehicle Tax"), 3, "lower-case"),
        (ENTRY + "    texts: {}\n", 15, "appears twice"),
        (ENTRY + "  - code: vehicle-tax-de\n", 15, "lacks the field topic"),
        (ENTRY.replace("texts:\n", "texts: [\n"), 11, "not valid YAML"),
        (ENTRY.replace("format: 1", "format: 2"), 1, "format 1 only"),
        (
            ENTRY.replace("    texts:", "    applies_to:\n      residence: [NL, FR]\n    texts:"),
            10,
            "unknown residence FR",
        ),
        (
            ENTRY.replace(
                "    texts:",
                "    applies_to:\n      home_work_percent: {min: 50, max: 20}\n    texts:",
            ),
            10,
            "min is above max",
        ),
        (
            ENTRY + "    sources:\n      - title: Kfz\n        url: ftp://example.org/\n",
            17,
            "http:// or https://",
        ),
        (
            ENTRY.replace("    neighbour: DE", "    neighbour: DE\n    region: Wallonië"),
            6,
            "unknown region",
        ),
        (
            ENTRY.replace(
                "valid_from: 2026-01-01", "valid_from: 2026-01-01\n    valid_to: 2025-01-01"
            ),
            7,
            "before",
        ),
    ],
)
def test_a_malformed_file_is_rejected_with_the_line_and_nothing_changes(
    database: Database, broken: str, line: int, reason: str
) -> None:
    load_sample(database)
    # The broken entry comes after a valid one: that one must not be written either.
    valid_first = broken.replace(
        "comparisons:\n",
        "comparisons:\n" + _valid_entry(),
        1,
    )
    shift = _valid_entry().count("\n")
    before = _counts(database)
    with pytest.raises(KnowledgeFormatError) as caught:
        import_yaml(database.sessions, system_actor(), valid_first, source="broken.yaml")
    expected = line + shift if line > 2 else line
    assert caught.value.line == expected, str(caught.value)
    assert reason in str(caught.value)
    assert str(caught.value).startswith(f"broken.yaml: line {expected}: ")
    assert _counts(database) == before


def _valid_entry() -> str:
    return (
        "  - code: first-valid-entry\n"
        "    topic: tax\n"
        "    neighbour: BE\n"
        "    valid_from: 2026-01-01\n"
        "    reviewed_by: Els Janssens\n"
        "    reviewed_at: 2026-11-01\n"
        "    texts:\n"
        "      nl: {title: Eerste, dutch_rule: a, neighbour_rule: b, practice: c}\n"
    )


def test_an_empty_or_non_mapping_file_is_rejected(database: Database) -> None:
    with pytest.raises(KnowledgeFormatError, match="empty"):
        import_yaml(database.sessions, system_actor(), "")
    with pytest.raises(KnowledgeFormatError, match="line 1"):
        import_yaml(database.sessions, system_actor(), "- just\n- a list\n")


def test_only_editors_import(database: Database, adviser: Actor) -> None:
    with pytest.raises(PermissionDeniedError):
        import_yaml(database.sessions, adviser, ENTRY)


def test_published_content_loads_from_a_directory_once(database: Database, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(ENTRY, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not content", encoding="utf-8")
    result = load_published_content(database.sessions, tmp_path)
    assert result.created == 12
    assert load_published_content(database.sessions, tmp_path).unchanged == 12
    detail = get_comparison(
        database.sessions, system_actor(), comparison_id=comparison_id(database, "vehicle-tax-de")
    )
    assert detail.row.state == "published"
    assert detail.reviewer_name == "Markus Weber" and detail.author_name == "GrensDesk import"
    assert load_published_content(database.sessions, tmp_path / "missing").total == 0


def test_a_code_in_two_content_files_is_rejected(database: Database, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(ENTRY, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(ENTRY, encoding="utf-8")
    with pytest.raises(KnowledgeFormatError, match=r"b.yaml: line 3: .*a.yaml, line 3"):
        load_published_content(database.sessions, tmp_path)
    assert _counts(database)[0] == 0


def test_the_real_content_directory_loads_if_present(database: Database) -> None:
    """resources/knowledge/ is written alongside; whatever is there must load cleanly."""
    result = load_published_content(database.sessions)
    assert result.unchanged == 0


# --- the command line ----------------------------------------------------------------------


def _run(database: Database, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="grensdesk")
    add_kb_commands(parser.add_subparsers(dest="command"))
    return run_kb_command(parser.parse_args(list(argv)), database)


def test_kb_search_prints_json_with_what_scripts_need(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    load_sample(database)
    assert _run(database, "kb", "search", "Krankenversicherung", "--lang", "nl", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    first = rows[0]
    assert first["code"] == "health-insurance-live-nl-work-de"
    assert first["title"] == "Zorgverzekering als grensarbeider in Duitsland"
    assert {"id", "version", "topic", "countries", "valid_from", "valid_to", "score"} <= set(first)
    assert first["countries"] == ["NL", "DE"] and first["topic"] == "health_insurance"
    assert first["valid_from"] == "2026-01-01" and first["valid_to"] is None
    assert first["version"] == 1 and isinstance(first["score"], float)


def test_kb_search_with_a_situation(database: Database, capsys: pytest.CaptureFixture[str]) -> None:
    load_sample(database)
    argv = ["kb", "search", "kinderbijslag", "--residence", "be", "--work", "NL"]
    assert _run(database, *argv, "--profile", "frontier_worker", "--json") == 0
    assert [row["code"] for row in json.loads(capsys.readouterr().out)] == [
        "child-benefit-vlaanderen",
        "family-benefits-wallonie",
    ]
    assert (
        _run(
            database,
            "kb",
            "search",
            "",
            "--residence",
            "NL",
            "--work",
            "DE",
            "--profile",
            "pensioner",
        )
        == 0
    )
    assert "pension-aow-de" in capsys.readouterr().out
    assert _run(database, "kb", "search", "zorgverz") == 0
    assert "[Zorgverzekering]" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["kb", "search", "zorg", "--lang", "es"],
        ["kb", "search", "zorg", "--residence", "NL"],
        ["kb", "search", "zorg", "--residence", "FR", "--work", "NL", "--profile", "student"],
        ["kb", "search", "zorg", "--residence", "NL", "--work", "DE", "--profile", "pope"],
        ["kb", "import", "/nonexistent/file.yaml"],
    ],
)
def test_kb_bad_input_is_a_service_error(database: Database, argv: list[str]) -> None:
    with pytest.raises(ValidationError):
        _run(database, *argv)


def test_kb_export_and_import_files(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_sample(database)
    target = tmp_path / "kb.yaml"
    assert _run(database, "kb", "export", str(target)) == 0
    assert "11" in capsys.readouterr().out
    assert _run(database, "kb", "import", str(target)) == 0
    assert "0 new, 0 changed, 11 unchanged" in capsys.readouterr().out
    broken = tmp_path / "broken.yaml"
    broken.write_text(ENTRY.replace("topic: vehicles", "topic: [x]"), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"broken.yaml: line 4: topic must be text"):
        _run(database, "kb", "import", str(broken))


# Domains of government and competent institutions that count as an official source.
OFFICIAL_HOSTS = (
    "overheid.nl",
    "rijksoverheid.nl",
    "tweedekamer.nl",
    "belastingdienst.nl",
    "svb.nl",
    "grensinfo.nl",
    "uwv.nl",
    "grenzinfo.eu",
    "gesetze-im-internet.de",
    "deutsche-rentenversicherung.de",
    "arbeitsagentur.de",
    "dvka.de",
    "fgov.be",
    "belgium.be",
    "socialsecurity.be",
    "rsz.be",
    "groeipakket.be",
    "vlaanderen.be",
    "ec.europa.eu",
    "1819.brussels",  # hub.brussels, the Brussels-Capital Region's public business agency
)


def test_the_published_content_meets_the_editorial_bar() -> None:
    """What issue 4 asks of the real content, checked on the files every database loads."""
    documents = [
        document
        for path in sorted(CONTENT_DIR.glob("*.yaml"))
        for document in parse_knowledge(path.read_text(encoding="utf-8"), path.name)
    ]
    assert len(documents) >= 40
    topics = {document.content.topic for document in documents}
    assert {
        "tax",
        "social_security",
        "health_insurance",
        "family_benefits",
        "unemployment",
        "pension",
        "employment_law",
    } <= topics
    for neighbour in ("DE", "BE"):
        assert sum(doc.content.neighbour_country == neighbour for doc in documents) >= 15
    for document in documents:
        content = document.content
        languages = {texts.language for texts in content.texts}
        partner = "de" if content.neighbour_country == "DE" else "fr"
        assert {"nl", partner} <= languages, document.code
        assert all(texts.legal_basis for texts in content.texts), document.code
        assert content.valid_from is not None, document.code
        hosts = [urlsplit(source.url).hostname or "" for source in content.sources]
        assert any(map(_is_official, hosts)), f"{document.code}: no official source in {hosts}"


def _is_official(host: str) -> bool:
    return any(host == domain or host.endswith(f".{domain}") for domain in OFFICIAL_HOSTS)
