"""``grensdesk escalations list``: the queue as text and JSON; a bad filter is one line."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from grensdesk.bootstrap import Database
from grensdesk.services.escalations import claim
from tests.support.escalation_processes import actor, new_escalation, open_database
from tests.test_cli import run


@pytest.fixture
def queue(database_url: str) -> list[int]:
    database: Database = open_database(database_url)
    try:
        anna = actor(database, "anna")
        old = new_escalation(database, anna, today=dt.date(2026, 1, 5))  # long overdue
        fresh = new_escalation(database, anna)
        claim(database.sessions, actor(database, "sanne"), fresh.id)
        return [old.id, fresh.id]
    finally:
        database.dispose()


def test_list_as_json_overdue_first(
    capsys: pytest.CaptureFixture[str], database_url: str, queue: list[int]
) -> None:
    code, out, err = run(capsys, "--database", database_url, "escalations", "list", "--json")
    assert (code, err) == (0, "")
    listed = json.loads(out)
    assert [item["id"] for item in listed] == queue
    assert listed[0]["overdue"] is True
    assert listed[0]["due_on"] == "2026-01-19"
    assert (listed[1]["status"], listed[1]["assignee"]) == ("claimed", "Sanne Jansen")
    assert listed[1]["topic"] == "tax"


def test_filter_by_status_and_topic(
    capsys: pytest.CaptureFixture[str], database_url: str, queue: list[int]
) -> None:
    args = ("--database", database_url, "escalations", "list")
    code, out, _ = run(capsys, *args, "--status", "claimed")
    assert code == 0
    assert [int(line.split()[0]) for line in out.splitlines()] == [queue[1]]
    code, out, _ = run(capsys, *args, "--topic", "pension", "--json")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run(capsys, *args)
    assert out.splitlines()[0].split()[1] == "!"  # the overdue case stands out


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--status", "lost", "Unknown status lost"), ("--topic", "astrology", "Unknown topic")],
)
def test_an_unknown_status_or_topic_is_refused_with_exit_2(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, option: str, value: str, message: str
) -> None:
    code, out, err = run(capsys, "--database", sqlite_url, "escalations", "list", option, value)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err
