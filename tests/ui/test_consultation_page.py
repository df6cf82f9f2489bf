"""The consultation screen, used the way an adviser uses it: keyboard first, nothing lost."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from grensdesk.bootstrap import Database
from grensdesk.config import load_settings
from grensdesk.drafts import load_drafts
from grensdesk.i18n import _
from grensdesk.models import Consultation, Event
from grensdesk.services.consultations import (
    ConsultationInput,
    get_consultation,
    save_consultation,
)
from grensdesk.services.errors import ConflictError
from grensdesk.services.validation import IDENTIFIER_LABELS
from grensdesk.ui.consultation.choices import (
    CHANNEL_LABELS,
    COUNTRY_LABELS,
    LANGUAGE_LABELS,
    PROFILE_LABELS,
)
from grensdesk.ui.consultation.page import ConsultationPage
from grensdesk.ui.main_window import MainWindow
from tests.conftest import sign_in_as
from tests.ui.gui_driver import GuiDriver, MessageBoxRecorder
from tests.ui.keyboard import type_text


def consultation_page(gui: GuiDriver, window: MainWindow) -> ConsultationPage:
    page = window.page("consultations")
    assert isinstance(page, ConsultationPage)
    assert window.stack.currentWidget() is page  # the adviser's home: the first page
    gui.wait_until_idle()
    return page


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press where a real one goes: the widget that has the focus."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def tab_to(qtbot: QtBot, widget: QWidget, limit: int = 40) -> None:
    """Press Tab until ``widget`` has the focus, as an adviser would."""
    for _press in range(limit):
        if widget.hasFocus():
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.objectName()}")


def type_here(qtbot: QtBot, text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    if text.isascii():
        qtbot.keyClicks(target, text)
    else:
        type_text(target, text)


def test_a_whole_consultation_with_the_keyboard_only(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(database_url)
    window = gui.sign_in("anna")  # typed, then Enter
    page = consultation_page(gui, window)
    form = page.form
    assert form.started_at.hasFocus()

    tab_to(qtbot, form.duration)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_here(qtbot, "35")
    # Anna works in Dutch: she types what she sees, the labels in her language.
    tab_to(qtbot, form.channel)
    type_here(qtbot, _(CHANNEL_LABELS["phone"]))
    tab_to(qtbot, form.language)
    type_here(qtbot, _(LANGUAGE_LABELS["de"]))
    tab_to(qtbot, form.residence_country)
    type_here(qtbot, _(COUNTRY_LABELS["DE"]))
    tab_to(qtbot, form.residence_region)
    type_here(qtbot, "NRW")
    tab_to(qtbot, form.work_country)
    type_here(qtbot, _(COUNTRY_LABELS["NL"]))
    tab_to(qtbot, form.profile)
    # Only the first word: in a combo box, Space opens the list instead of searching.
    type_here(qtbot, _(PROFILE_LABELS["frontier_worker"]).split()[0])
    tab_to(qtbot, form.home_work)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_here(qtbot, "20")
    tab_to(qtbot, form.topic_entry)
    type_here(qtbot, "Belastingen")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.topic_entry.text() == "")
    type_here(qtbot, "zorgverz")  # type-ahead: a part of the name is enough
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(form.topic_codes()) == 2)
    tab_to(qtbot, form.question)
    type_here(qtbot, "Woont in Gronau, werkt in Enschede: waar verzekerd en belast?")
    tab_to(qtbot, form.advice)
    type_here(qtbot, "Verdragspolis CZ; loon belast in NL; compensatieregeling uitgelegd.")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: form.consultation_id is not None, timeout=10_000)
    gui.wait_until_idle()
    assert form.message.text() == _("Saved.")
    saved = get_consultation(database.sessions, sign_in_as(database, "anna"), form.consultation_id)
    data = saved.data
    assert (data.channel, data.language, data.profile) == ("phone", "de", "frontier_worker")
    assert (data.residence_country, data.residence_region, data.work_country) == (
        "DE",
        "NRW",
        "NL",
    )
    assert data.home_work_percent == 20 and data.duration_minutes == 35
    assert data.topics == ("tax", "health_insurance")
    assert data.question.startswith("Woont in Gronau")
    assert page.list.model.rows[0].id == form.consultation_id  # newest first in the list
    with database.sessions() as session:
        kinds = session.scalars(
            select(Event.kind).where(Event.entity_id == form.consultation_id)
        ).all()
    assert "consultation.created" in kinds


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_erased(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(sqlite_url)
    page = consultation_page(gui, gui.sign_in("anna"))
    form = page.form
    qtbot.keyClicks(form.question, "Vraag over kinderbijslag")
    form.consent.setChecked(True)
    type_text(form.citizen_name, "Łukasz Wiśniewski")
    qtbot.keyClicks(form.citizen_email, "lukasz@")
    qtbot.keyClicks(form.citizen_phone, "12345")
    qtbot.keyClicks(form.citizen_postcode, "1234")  # a Dutch postcode needs letters too
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    errors = {key: label.text() for key, label in form.errors.items() if label.isVisible()}
    assert errors["topics"] == _("Choose at least one topic.")
    assert errors["email"] == _("This is not a valid e-mail address.")
    assert errors["phone"] == _("This is not a valid phone number for {country}.").format(
        country="NL"
    )
    assert errors["postcode"] == _("A postcode in {country} looks like {example}.").format(
        country="NL", example="1234 AB"
    )
    assert form.consultation_id is None  # nothing was saved …
    assert form.question.toPlainText() == "Vraag over kinderbijslag"  # … and nothing erased
    assert form.citizen_name.text() == "Łukasz Wiśniewski"
    assert form.citizen_email.text() == "lukasz@"
    assert form.topic_entry.hasFocus()  # the first problem has the focus


def test_an_identifier_in_the_notes_is_warned_about_before_saving(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot, message_boxes: MessageBoxRecorder
) -> None:
    gui.start(sqlite_url)
    page = consultation_page(gui, gui.sign_in("anna"))
    page.form._add_topic_named("Belastingen")
    qtbot.keyClicks(page.form.question, "BSN 111222333, graag terugbellen")
    message_boxes.warning_answer = QMessageBox.StandardButton.Yes  # go back and remove it
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    [warning] = message_boxes.of_kind("warning")
    assert f"{_(IDENTIFIER_LABELS['bsn'])}: 111222333" in warning.text
    assert page.form.consultation_id is None  # the adviser went back to remove it


def test_a_crashed_session_leaves_a_draft_that_the_next_start_offers_back(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot, message_boxes: MessageBoxRecorder
) -> None:
    gui.start(sqlite_url)
    page = consultation_page(gui, gui.sign_in("anna"))
    page.form._add_topic_named("Pensioen en AOW")
    qtbot.keyClicks(page.form.question, "AOW-gat door jaren in Duitsland?")
    settings = load_settings(sqlite_url)
    drafts_dir = settings.drafts_dir / "anna"
    qtbot.waitUntil(lambda: bool(load_drafts(drafts_dir, "anna")), timeout=10_000)
    # The process dies here: no save, no clean close. The next morning:
    message_boxes.answer = QMessageBox.StandardButton.Yes
    gui.start(sqlite_url)
    restored = consultation_page(gui, gui.sign_in("anna"))
    qtbot.waitUntil(lambda: bool(message_boxes.of_kind("question")))
    [question] = message_boxes.of_kind("question")
    assert question.title == _("Restore unsaved consultation")
    assert restored.form.question.toPlainText() == "AOW-gat door jaren in Duitsland?"
    assert restored.form.topic_codes() == ("pension",)
    qtbot.mouseClick(restored.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: restored.form.consultation_id is not None, timeout=10_000)
    gui.wait_until_idle()
    assert load_drafts(drafts_dir, "anna") == []  # saved, so the draft is gone


def test_two_advisers_on_one_consultation_get_a_conflict_not_an_overwrite(
    database_url: str,
    database: Database,
    gui: GuiDriver,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anna = sign_in_as(database, "anna")
    colleague = sign_in_as(database, "euregio.1")
    first = save_consultation(database.sessions, anna, sample())
    gui.start(database_url)
    page = consultation_page(gui, gui.sign_in("anna"))
    page.open_consultation(first.id)
    qtbot.waitUntil(lambda: page.form.consultation_id == first.id)
    # Meanwhile the colleague at the next desk saves the same consultation.
    theirs = dataclasses.replace(first.data, advice="Advies van de collega")
    save_consultation(database.sessions, colleague, theirs, first.id, first.version)
    page.form.advice.setPlainText("Mijn advies")
    asked: list[ConflictError] = []
    monkeypatch.setattr(page, "ask_conflict", lambda error: asked.append(error) or "cancel")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: bool(asked))
    [conflict] = asked
    assert conflict.changed_by == colleague.full_name
    assert colleague.full_name in page.form.message.text()
    with database.sessions() as session:
        advice = session.scalar(select(Consultation.advice).where(Consultation.id == first.id))
    assert advice == "Advies van de collega"  # not silently overwritten
    assert page.form.advice.toPlainText() == "Mijn advies"  # and the adviser's text is kept


def sample() -> ConsultationInput:
    return ConsultationInput(
        started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
        duration_minutes=30,
        channel="walk_in",
        language="nl",
        residence_country="DE",
        work_country="NL",
        profile="frontier_worker",
        topics=("tax",),
        question="Belasting over loon",
    )


def test_a_lost_database_keeps_the_typed_consultation_as_a_draft_and_says_so(
    postgres_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(postgres_url)
    page = consultation_page(gui, gui.sign_in("anna"))
    page.form._add_topic_named("Werkloosheid")
    qtbot.keyClicks(page.form.question, "WW na ontslag bij Duitse werkgever?")
    # The connection to the shared database is lost (server side: no more connections).
    name = make_url(postgres_url).database
    admin = create_engine(make_url(postgres_url).set(database="postgres"))
    with admin.begin() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
    try:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        gui.wait_until_idle(timeout=20_000)
        assert "kept on this computer as a draft" in _untranslated_hint(page.form.message.text())
        assert page.form.question.toPlainText() == "WW na ontslag bij Duitse werkgever?"
        drafts = load_drafts(load_settings(postgres_url).drafts_dir / "anna", "anna")
        assert [draft.form["question"] for draft in drafts] == [
            "WW na ontslag bij Duitse werkgever?"
        ]
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


def _untranslated_hint(message: str) -> str:
    """The message in English, whatever the UI language, to match a phrase of it."""
    template = (
        "The consultation could not be saved ({reason}). What you typed is kept "
        "on this computer as a draft; save again when the database is back."
    )
    prefix = _(template).split("{reason}")[0]
    return template if message.startswith(prefix) else message
