"""Escalations through real windows: an adviser escalates, an expert claims, asks and answers.

Two people, two windows (two AppControllers with their own database connections and live
listeners) on one database, as at a GIP desk and a back office sharing the database.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from grensdesk import i18n
from grensdesk.bootstrap import Database
from grensdesk.i18n import _, ngettext
from grensdesk.models import Escalation, EscalationMessage
from grensdesk.services import escalations as service
from grensdesk.services.consultations import CitizenInput, ConsultationInput, save_consultation
from grensdesk.services.escalations import EscalationDetail, EscalationInput
from grensdesk.services.knowledge_format import load_published_content
from grensdesk.ui.consultation.page import ConsultationPage
from grensdesk.ui.escalations.action_dialog import ActionDialog
from grensdesk.ui.escalations.escalate_dialog import EscalateDialog
from grensdesk.ui.escalations.labels import status_label
from grensdesk.ui.escalations.queue_model import DUE_COLUMN
from grensdesk.ui.escalations.queue_page import EscalationsPage
from grensdesk.ui.main_window import MainWindow
from tests.conftest import sign_in_as
from tests.ui.gui_driver import GuiDriver

LIVE_TIMEOUT_MS = 20_000  # SQLite is polled; PostgreSQL is told at once


# ---- set-up --------------------------------------------------------------------------------


def consultation(database: Database, adviser: str, topic: str, *, citizen: bool = False) -> int:
    data = ConsultationInput(
        started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
        duration_minutes=30,
        channel="walk_in",
        language="nl",
        residence_country="DE",
        residence_region="NRW",
        work_country="NL",
        profile="frontier_worker",
        topics=(topic,),
        question="Woont in Gronau, werkt in Enschede: waar belast en verzekerd?",
        advice="",
        status="open",
        citizen=CitizenInput(
            full_name="Łukasz Wiśniewski",
            email="lukasz@example.org",
            phone="+31612345678",
            street="",
            postcode="",
            town="",
            country="DE",
            language="de",
        )
        if citizen
        else None,
    )
    return save_consultation(database.sessions, sign_in_as(database, adviser), data).id


def escalated(database: Database, topic: str = "pension", *, citizen: bool = False) -> int:
    consultation_id = consultation(database, "anna", topic, citizen=citizen)
    detail = service.escalate(
        database.sessions,
        sign_in_as(database, "anna"),
        consultation_id,
        EscalationInput(
            topic=topic,
            question="Wie betaalt het pensioen na 20 jaar in Duitsland?",
            checked_already="Rentenauskunft opgevraagd.",
            share_personal_data=citizen,
        ),
    )
    return detail.id


def escalations_page(gui: GuiDriver, qtbot: QtBot, window: MainWindow) -> EscalationsPage:
    """The expert's home page: the queue, loaded."""
    page = window.page("escalations")
    assert isinstance(page, EscalationsPage)
    window.show_row(next(n for n, spec in enumerate(window.specs) if spec.key == "escalations"))
    assert window.stack.currentWidget() is page
    idle(gui)
    return page


def idle(gui: GuiDriver, timeout: int = 15_000) -> None:
    """Until no window has background work left (there may be two running)."""
    for controller in gui.controllers:
        gui.wait_until_idle(timeout=timeout, controller=controller)


def activate(qtbot: QtBot, window: MainWindow) -> None:
    """Bring the window to the front: shortcuts go to the active window only."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def open_with_enter(qtbot: QtBot, page: EscalationsPage, escalation_id: int) -> EscalationDetail:
    """Select the row in the queue, press Enter, wait for the case."""
    qtbot.waitUntil(lambda: page.model.row_of(escalation_id) >= 0, timeout=LIVE_TIMEOUT_MS)
    page.table.setFocus()
    page.table.selectRow(page.model.row_of(escalation_id))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.case.detail is not None and page.case.detail.id == escalation_id)
    assert page.case.detail is not None
    return page.case.detail


def action_dialog(qtbot: QtBot, holder: object) -> ActionDialog:
    qtbot.waitUntil(lambda: getattr(holder, "dialog", None) is not None)
    dialog = holder.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, ActionDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def send(qtbot: QtBot, dialog: ActionDialog, text: str) -> None:
    dialog.text.setFocus()
    qtbot.keyClicks(dialog.text, text)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def status_of(database: Database, escalation_id: int) -> tuple[str, int | None]:
    with database.sessions() as session:
        row = session.get(Escalation, escalation_id)
        assert row is not None
        return row.status, row.assignee_id


# ---- the whole way, live -------------------------------------------------------------------


def test_escalate_claim_ask_back_answer_and_the_adviser_sees_it_arrive_live(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    load_published_content(database.sessions)  # so that the answer can cite a comparison
    consultation_id = consultation(database, "anna", "tax")
    # Anna, at the GIP desk, opens the consultation and escalates it with Ctrl+E.
    gui.start(database_url)
    anna_window = gui.sign_in("anna")
    consultations = anna_window.page("consultations")
    assert isinstance(consultations, ConsultationPage)
    consultations.open_consultation(consultation_id)
    qtbot.waitUntil(lambda: consultations.form.consultation_id == consultation_id)
    idle(gui)
    activate(qtbot, anna_window)
    consultations.form.question.setFocus()
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: consultations.escalations.dialog is not None)
    dialog = consultations.escalations.dialog
    assert isinstance(dialog, EscalateDialog)
    assert dialog.topic.currentData() == "tax"  # preselected from the consultation
    assert dialog.question.toPlainText().startswith("Woont in Gronau")  # prefilled
    assert not dialog.consent.isChecked()
    qtbot.keyClicks(dialog.checked, "Belastingverdrag art. 15 gelezen")
    qtbot.keyClick(dialog.checked, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    panel = consultations.escalations
    qtbot.waitUntil(lambda: len(panel.rows) == 1, timeout=10_000)
    escalation_id = panel.rows[0].id
    assert status_of(database, escalation_id) == ("new", None)

    # Sanne, at the tax office, has the queue open; the new escalation arrives by itself.
    gui.start(database_url)
    sanne_window = gui.sign_in("sanne")
    queue = escalations_page(gui, qtbot, sanne_window)
    activate(qtbot, sanne_window)
    detail = open_with_enter(qtbot, queue, escalation_id)
    assert "Belastingverdrag art. 15 gelezen" in queue.case.body.toPlainText()
    assert "Łukasz" not in queue.case.body.toPlainText()  # no consent, no personal data

    queue.table.setFocus()
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # Claim
    qtbot.waitUntil(lambda: status_of(database, escalation_id)[0] == "claimed")
    sanne = sign_in_as(database, "sanne")
    assert status_of(database, escalation_id) == ("claimed", sanne.user_id)
    qtbot.waitUntil(
        lambda: "answer" in queue.case.buttons and queue.case.buttons["answer"].isEnabled()
    )

    # Ask back (Ctrl+I): the adviser sees the question arrive, and answers it from her screen.
    press(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    ask = action_dialog(qtbot, queue.case_actions)
    send(qtbot, ask, "Hoeveel dagen werkt de klant thuis?")
    qtbot.waitUntil(lambda: status_of(database, escalation_id)[0] == "waiting")
    information = panel.buttons["provide_information"]
    qtbot.waitUntil(information.isEnabled, timeout=LIVE_TIMEOUT_MS)  # live, no refresh
    assert "Hoeveel dagen werkt de klant thuis?" in panel.messages.toPlainText()
    activate(qtbot, anna_window)
    qtbot.mouseClick(information, Qt.MouseButton.LeftButton)
    send(qtbot, action_dialog(qtbot, panel.case_actions), "Twee dagen per week.")
    qtbot.waitUntil(lambda: status_of(database, escalation_id)[0] == "claimed")

    # Sanne sees the information arrive in the open case, and answers, citing a comparison.
    qtbot.waitUntil(
        lambda: "Twee dagen per week." in queue.case.messages.toPlainText(),
        timeout=LIVE_TIMEOUT_MS,
    )
    activate(qtbot, sanne_window)
    queue.table.setFocus()
    press(
        qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    answer_dialog = action_dialog(qtbot, queue.case_actions)
    picker = queue.case_actions.picker
    assert picker is not None
    qtbot.waitUntil(lambda: picker.list.count() > 0, timeout=10_000)
    picker.list.item(0).setCheckState(Qt.CheckState.Checked)
    cited = picker.version_ids()
    send(qtbot, answer_dialog, "Belast in Nederland; de thuiswerkdagen in Duitsland.")
    qtbot.waitUntil(lambda: status_of(database, escalation_id)[0] == "answered")
    assert detail.version < service.get_escalation(database.sessions, sanne, escalation_id).version

    # Anna did nothing: the answer and its citation are on her consultation, and counted.
    qtbot.waitUntil(
        lambda: "Belast in Nederland" in panel.messages.toPlainText(), timeout=LIVE_TIMEOUT_MS
    )
    assert panel.rows[0].status == "answered"
    assert _("Cited: {list}").split("{")[0] in panel.messages.toPlainText()
    assert len(cited) == 1
    assert panel.buttons["reply"].isEnabled() and panel.buttons["close"].isEnabled()
    row = next(n for n, spec in enumerate(anna_window.specs) if spec.key == "escalations")
    qtbot.waitUntil(lambda: anna_window.new_items.count == 1)
    assert anna_window.navigation.item(row).text().endswith("(1)")
    assert anna_window.new_items_label.isVisible()

    # She closes it from the consultation.
    qtbot.mouseClick(panel.buttons["close"], Qt.MouseButton.LeftButton)
    close_dialog = action_dialog(qtbot, panel.case_actions)
    qtbot.mouseClick(close_dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status_of(database, escalation_id)[0] == "closed")
    qtbot.waitUntil(lambda: panel.rows[0].status == "closed")
    # Every step is in the expert's history, who and when.
    qtbot.waitUntil(lambda: queue.case.history.count() >= 6, timeout=LIVE_TIMEOUT_MS)


# ---- what the expert reads -----------------------------------------------------------------


def test_the_queue_puts_overdue_first_and_says_it_in_words(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    from grensdesk.bootstrap import connect
    from grensdesk.db import parse_database_url

    database = connect(parse_database_url(sqlite_url))
    try:
        later = escalated(database)
        late = escalated(database)
        with database.sessions.begin() as session:
            row = session.get(Escalation, late)
            assert row is not None
            row.due_on = dt.date.today() - dt.timedelta(days=9)
    finally:
        database.dispose()
    gui.start(sqlite_url)
    page = escalations_page(gui, qtbot, gui.sign_in("els"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)

    assert [row.id for row in page.model.rows] == [late, later]
    first = page.model.rows[0]
    assert first.is_overdue and first.working_days_left < 0
    late_by = -first.working_days_left
    words = ngettext(
        "{date}, overdue by {count} working day", "{date}, overdue by {count} working days", late_by
    ).format(date=i18n.format_date(first.due_on, style="medium"), count=late_by)
    assert page.model.index(0, DUE_COLUMN).data() == f"⚠ {words}"  # in words, not colour only
    assert page.model.index(0, DUE_COLUMN).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.model.index(1, DUE_COLUMN).data(Qt.ItemDataRole.BackgroundRole) is None
    assert ngettext("{count} overdue", "{count} overdue", 1).format(count=1) in page.summary.text()


def test_internal_notes_are_marked_and_personal_data_needs_consent(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    with_consent = escalated(database, citizen=True)
    without = escalated(database)
    els = sign_in_as(database, "els")
    claimed = service.claim(database.sessions, els, without)
    service.add_internal_note(
        database.sessions, els, without, claimed.version, "Eerst collega Jan vragen."
    )
    gui.start(database_url)
    page = escalations_page(gui, qtbot, gui.sign_in("els"))

    open_with_enter(qtbot, page, with_consent)
    assert "Łukasz Wiśniewski" in page.case.body.toPlainText()
    open_with_enter(qtbot, page, without)
    assert "Łukasz" not in page.case.body.toPlainText()
    thread = page.case.messages.toPlainText()
    assert "Eerst collega Jan vragen." in thread
    assert _("Internal note – not shown to the front office") in thread


# ---- many people at once -------------------------------------------------------------------


def test_a_lost_claim_race_says_who_has_it_and_refreshes(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    escalation_id = escalated(database)
    gui.start(database_url)
    window = gui.sign_in("els")
    # Live updates off: otherwise Markus's claim may show up before Els clicks, and the
    # race this test is about would be avoided rather than lost.
    window.live.stop()
    page = escalations_page(gui, qtbot, window)
    open_with_enter(qtbot, page, escalation_id)
    claim_button = page.case.buttons["claim"]
    assert claim_button.isEnabled()
    service.claim(database.sessions, sign_in_as(database, "markus"), escalation_id)  # first

    qtbot.mouseClick(claim_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: "Markus Weber" in page.case.message.text())
    idle(gui)
    # Refreshed: nothing left to claim here (the case went to Markus's office).
    assert page.case.detail is None or page.case.detail.status == "claimed"
    assert not claim_button.isEnabled()
    row = page.model.row_of(escalation_id)
    assert row == -1 or page.model.index(row, 5).data() == "Markus Weber"
    assert status_of(database, escalation_id) == (
        "claimed",
        sign_in_as(database, "markus").user_id,
    )


def test_a_stale_save_is_explained_and_reloaded_never_written(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    escalation_id = escalated(database)
    gui.start(database_url)
    window = gui.sign_in("els")
    window.live.stop()  # the change below must not reach this window before the save
    page = escalations_page(gui, qtbot, window)
    open_with_enter(qtbot, page, escalation_id)
    page.case.trigger("return")
    dialog = action_dialog(qtbot, page.case_actions)
    qtbot.keyClicks(dialog.text, "Geen vraag voor ons: UWV")
    # Meanwhile Markus (same field, other organisation) adds a note to the case.
    current = service.get_escalation(database.sessions, sign_in_as(database, "els"), escalation_id)
    service.add_internal_note(
        database.sessions, sign_in_as(database, "markus"), escalation_id, current.version, "Let op"
    )

    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "Markus Weber" in dialog.error.text()  # who changed it
    assert "Markus Weber" in page.case.message.text()
    assert dialog.text.toPlainText() == "Geen vraag voor ons: UWV"  # nothing typed is lost
    qtbot.waitUntil(lambda: "Let op" in page.case.messages.toPlainText())  # reloaded
    assert status_of(database, escalation_id)[0] == "new"  # not overwritten
    with database.sessions() as session:
        kinds = session.scalars(
            select(EscalationMessage.kind).where(EscalationMessage.escalation_id == escalation_id)
        ).all()
    assert "return" not in kinds
    # Sent again, now against the version on the screen, it goes through.
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status_of(database, escalation_id)[0] == "returned")
    qtbot.waitUntil(lambda: status_label("returned") in page.case.facts.text())


def test_who_else_has_the_case_open_is_shown(
    postgres_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    from grensdesk.bootstrap import connect
    from grensdesk.db import parse_database_url

    database = connect(parse_database_url(postgres_url))
    try:
        escalation_id = escalated(database)
        service.mark_viewing(database.sessions, sign_in_as(database, "markus"), escalation_id)
        gui.start(postgres_url)
        page = escalations_page(gui, qtbot, gui.sign_in("els"))
        open_with_enter(qtbot, page, escalation_id)
        assert page.case.presence.isVisible()
        assert "Markus Weber" in page.case.presence.text()
    finally:
        database.dispose()


@pytest.mark.parametrize("language", ["nl", "de"])
def test_the_page_speaks_the_chosen_language(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot, language: str
) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("els")
    page = escalations_page(gui, qtbot, window)
    window.language_requested.emit(language)
    idle(gui)
    assert page.case.buttons["claim"].text() == _("&Claim")
