"""The Escalate dialog on the consultation screen: prefilled, plain about consent, nothing lost."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from grensdesk.bootstrap import Database
from grensdesk.i18n import _
from grensdesk.models import Escalation
from grensdesk.services import escalations as service
from grensdesk.services.consultations import CitizenInput, ConsultationInput, save_consultation
from grensdesk.ui.consultation.page import ConsultationPage
from grensdesk.ui.escalations.escalate_dialog import EscalateDialog
from grensdesk.ui.main_window import MainWindow
from tests.conftest import sign_in_as
from tests.ui.gui_driver import GuiDriver

QUESTION = "Krijgt zij Duitse Kindergeld of Nederlandse kinderbijslag?"


def saved_consultation(database: Database, *, citizen: bool = False) -> int:
    data = ConsultationInput(
        started_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=40),
        duration_minutes=25,
        channel="walk_in",
        language="nl",
        residence_country="NL",
        work_country="DE",
        work_region="NRW",
        profile="frontier_worker",
        topics=("family_benefits", "tax"),
        question=QUESTION,
        advice="",
        status="open",
        citizen=CitizenInput(
            full_name="Şükrü Öztürk",
            email="sukru@example.org",
            phone="+31612345678",
            street="",
            postcode="",
            town="",
            country="NL",
            language="nl",
        )
        if citizen
        else None,
    )
    return save_consultation(database.sessions, sign_in_as(database, "anna"), data).id


def open_dialog(
    gui: GuiDriver, qtbot: QtBot, window: MainWindow, consultation_id: int
) -> tuple[ConsultationPage, EscalateDialog]:
    page = window.page("consultations")
    assert isinstance(page, ConsultationPage)
    page.open_consultation(consultation_id)
    qtbot.waitUntil(lambda: page.form.consultation_id == consultation_id)
    gui.wait_until_idle()
    page.escalations.escalate_button.click()
    qtbot.waitUntil(lambda: page.escalations.dialog is not None)
    dialog = page.escalations.dialog
    assert isinstance(dialog, EscalateDialog)
    qtbot.waitUntil(dialog.isVisible)
    return page, dialog


def escalations_of(database: Database, consultation_id: int) -> list[Escalation]:
    with database.sessions() as session:
        return list(
            session.scalars(select(Escalation).where(Escalation.consultation_id == consultation_id))
        )


def test_prefilled_from_the_consultation_and_plain_about_consent(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    consultation_id = saved_consultation(database, citizen=True)
    gui.start(database_url)
    page, dialog = open_dialog(gui, qtbot, gui.sign_in("anna"), consultation_id)

    first, other = page.form.topic_codes()
    assert dialog.topic.currentData() == first  # preselected: the consultation's topic
    assert dialog.topic.itemData(1) == other  # its other topic comes next, then the rest
    assert dialog.question.toPlainText() == QUESTION
    assert not dialog.consent.isChecked()  # off until the citizen says yes
    assert dialog.consent_note.text() == _(
        "Without consent no personal data is passed on: the expert sees only the "
        "situation and the question."
    )
    qtbot.mouseClick(dialog.consent, Qt.MouseButton.LeftButton)
    assert "name" in dialog.consent_note.text() or dialog.consent_note.text() == _(
        "The expert sees the citizen's name and contact details with the question."
    )
    qtbot.mouseClick(dialog.consent, Qt.MouseButton.LeftButton)  # she says no after all
    dialog.topic.setCurrentIndex(dialog.topic.findData("family_benefits"))
    qtbot.keyClicks(dialog.checked, "Familienkasse gebeld")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(escalations_of(database, consultation_id)))

    [row] = escalations_of(database, consultation_id)
    assert (row.share_personal_data, row.checked_already) == (False, "Familienkasse gebeld")
    expert_view = service.get_escalation(database.sessions, sign_in_as(database, "els"), row.id)
    assert expert_view.citizen is None  # without consent the expert gets no personal data


def test_with_consent_the_expert_sees_who_it_is(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    from grensdesk.bootstrap import connect
    from grensdesk.db import parse_database_url

    database = connect(parse_database_url(sqlite_url))
    try:
        consultation_id = saved_consultation(database, citizen=True)
        gui.start(sqlite_url)
        _page, dialog = open_dialog(gui, qtbot, gui.sign_in("anna"), consultation_id)
        dialog.topic.setCurrentIndex(dialog.topic.findData("family_benefits"))
        dialog.consent.setChecked(True)
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(escalations_of(database, consultation_id)))
        [row] = escalations_of(database, consultation_id)
        expert_view = service.get_escalation(database.sessions, sign_in_as(database, "els"), row.id)
        assert expert_view.citizen is not None
        assert expert_view.citizen.full_name == "Şükrü Öztürk"
    finally:
        database.dispose()


def test_bad_input_is_shown_next_to_the_field_and_nothing_typed_is_lost(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    consultation_id = saved_consultation(database)
    gui.start(database_url)
    _page, dialog = open_dialog(gui, qtbot, gui.sign_in("anna"), consultation_id)
    dialog.question.clear()
    qtbot.keyClicks(dialog.checked, "Kindergeld-Antrag gezien")

    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.errors["question"].isVisible()
    assert dialog.errors["question"].text() == _("Write the question for the expert.")
    assert dialog.question.hasFocus()
    assert dialog.checked.toPlainText() == "Kindergeld-Antrag gezien"
    # The service's own check (too long) is shown the same way, next to the field.
    dialog.question.setPlainText("x" * 20_001)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.errors["question"].isVisible()
    assert dialog.isVisible() and dialog.checked.toPlainText() == "Kindergeld-Antrag gezien"
    assert escalations_of(database, consultation_id) == []


def test_a_lost_connection_keeps_everything_typed_and_the_next_try_works(
    postgres_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    from grensdesk.bootstrap import connect
    from grensdesk.db import parse_database_url

    database = connect(parse_database_url(postgres_url))
    name = make_url(postgres_url).database
    admin = create_engine(make_url(postgres_url).set(database="postgres"))
    try:
        consultation_id = saved_consultation(database)
        gui.start(postgres_url)
        _page, dialog = open_dialog(gui, qtbot, gui.sign_in("anna"), consultation_id)
        qtbot.keyClicks(dialog.checked, "Beide kassen gebeld")
        with admin.begin() as connection:  # the shared database goes away
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )

        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20_000)
        assert dialog.isVisible()
        assert dialog.question.toPlainText() == QUESTION
        assert dialog.checked.toPlainText() == "Beide kassen gebeld"
        with admin.begin() as connection:  # and comes back
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        database.engine.dispose()  # this test's own connections were cut too
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(escalations_of(database, consultation_id)), timeout=20_000)
        qtbot.waitUntil(lambda: not dialog.isVisible())
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
        database.dispose()


def test_an_unsaved_consultation_must_be_saved_first(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("anna")
    page = window.page("consultations")
    assert isinstance(page, ConsultationPage)
    gui.wait_until_idle()
    qtbot.keyClicks(page.form.question, "Nog niet opgeslagen")

    page.escalate()

    assert page.escalations.dialog is None
    assert page.escalations.message.text() == _(
        "Save the consultation first (Ctrl+S); then it can be escalated."
    )
