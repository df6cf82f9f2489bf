"""The editors' screen, used the way editors use it: write, save, submit, review, publish."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from grensdesk import i18n
from grensdesk.bootstrap import Database
from grensdesk.models import Comparison, ComparisonVersion
from grensdesk.services.context import Actor
from grensdesk.services.errors import PermissionDeniedError
from grensdesk.services.events import events_since
from grensdesk.services.knowledge import ComparisonDetail, Texts
from grensdesk.services.knowledge_editorial import (
    create_draft,
    draft_new_version,
    publish,
    submit_for_review,
    update_draft,
)
from grensdesk.services.knowledge_review_queue import load_editable
from grensdesk.ui.editorial.page import EDIT_TAB, HISTORY_TAB, REVIEW_TAB, EditorialPage
from grensdesk.ui.knowledge.page import KnowledgePage
from grensdesk.ui.main_window import MainWindow
from tests.conftest import sign_in_as
from tests.services.knowledge_support import draft_content
from tests.ui.gui_driver import GuiDriver, MessageBoxRecorder
from tests.ui.test_consultation_page import press, type_here
from tests.ui.test_main_window import PseudoGerman

CODE = "driving-licence-de"


@pytest.fixture
def markus(database: Database) -> Actor:
    return sign_in_as(database, "markus")


@pytest.fixture
def els(database: Database) -> Actor:
    return sign_in_as(database, "els")


def four_eyes() -> str:
    """The four-eyes refusal, in the language the window speaks now."""
    return i18n._(
        "Four eyes: you wrote this version, so another editor must review and publish it."
    )


def go_to(window: MainWindow, key: str) -> None:
    """Go › <page> with its Ctrl+number, as an editor would."""
    row = next(row for row, spec in enumerate(window.specs) if spec.key == key)
    window.page_actions[row].trigger()


def editorial_page(gui: GuiDriver, window: MainWindow) -> EditorialPage:
    page = window.page("editorial")
    assert isinstance(page, EditorialPage)
    go_to(window, "editorial")
    assert window.stack.currentWidget() is page
    gui.wait_until_idle()
    return page


def type_into(gui: GuiDriver, qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_here(qtbot, text)


def type_in_cell(qtbot: QtBot, page: EditorialPage, row: int, column: int, text: str) -> None:
    table = page.editor.sources.table
    table.setFocus()
    table.setCurrentCell(row, column)
    press(qtbot, Qt.Key.Key_F2)  # edit the cell
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_here(qtbot, text)
    press(qtbot, Qt.Key.Key_Tab)  # on to the next field: the cell keeps what was typed


def write_new_comparison(gui: GuiDriver, qtbot: QtBot, page: EditorialPage, title: str) -> None:
    """Ctrl+N, then the Dutch texts and a source, field after field with Tab."""
    page.list.table.setFocus()
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dutch = page.editor.languages["nl"]
    assert dutch.title.hasFocus()
    type_here(qtbot, title)
    press(qtbot, Qt.Key.Key_Tab)
    assert dutch.dutch_rule.hasFocus()
    type_here(qtbot, "Een Nederlands rijbewijs blijft geldig.")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Na verhuizing naar Duitsland mag u het blijven gebruiken.")
    press(qtbot, Qt.Key.Key_Tab)
    assert dutch.practice.hasFocus()
    type_here(qtbot, "Omwisselen hoeft niet, maar kan bij de Fuehrerscheinstelle.")
    qtbot.mouseClick(page.editor.sources.add_button, Qt.MouseButton.LeftButton)
    type_in_cell(qtbot, page, 0, 0, "RDW")
    type_in_cell(qtbot, page, 0, 1, "https://www.rdw.nl/")


def save(gui: GuiDriver, qtbot: QtBot, page: EditorialPage) -> None:
    page.editor.languages["nl"].title.setFocus()
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    gui.wait_until_idle()


def stored(database: Database, code: str) -> list[tuple[int, str, str]]:
    """(number, state, Dutch practice text) of every version of a comparison."""
    with database.sessions() as session:
        versions = session.scalars(
            select(ComparisonVersion)
            .join(Comparison)
            .where(Comparison.code == code)
            .order_by(ComparisonVersion.number)
        ).all()
        return [
            (
                version.number,
                version.state,
                next(text.practice for text in version.texts if text.language == "nl"),
            )
            for version in versions
        ]


def submitted(database: Database, author: Actor, title: str = "Rijbewijs") -> ComparisonDetail:
    draft = create_draft(database.sessions, author, CODE, draft_content(title))
    return submit_for_review(database.sessions, author, draft.row.version_id, draft.lock_version)


def choose_queue(gui: GuiDriver, page: EditorialPage, queue: str, title: str) -> None:
    page.list.show_queue(queue)
    row = next(row for row, entry in enumerate(page.list.shown) if entry.title == title)
    page.list.table.setFocus()
    page.list.table.setCurrentRow(row)
    gui.wait_until_idle()
    assert page.current is not None and page.current.content.texts[0].title == title


# ---- writing -------------------------------------------------------------------------------


def test_an_editor_writes_a_draft_saves_it_and_cannot_publish_it_herself(
    database_url: str, database: Database, markus: Actor, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(database_url)
    page = editorial_page(gui, gui.sign_in("markus"))
    write_new_comparison(gui, qtbot, page, "Rijbewijs omwisselen in Duitsland")
    assert page.editor.code.text() == "rijbewijs-omwisselen-in-duitsland"  # from the title

    save(gui, qtbot, page)

    assert stored(database, "rijbewijs-omwisselen-in-duitsland") == [
        (1, "draft", "Omwisselen hoeft niet, maar kan bij de Fuehrerscheinstelle.")
    ]
    assert page.current is not None and page.current.state == "draft"
    assert not page.dirty
    assert page.tabs.currentIndex() == EDIT_TAB
    mine = [entry.title for entry in page.list.entries if "mine" in entry.queues]
    assert mine == ["Rijbewijs omwisselen in Duitsland"]

    press(
        qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    gui.wait_until_idle()

    assert stored(database, "rijbewijs-omwisselen-in-duitsland")[0][1] == "in_review"
    assert page.tabs.currentIndex() == REVIEW_TAB
    assert page.review.view.title.text() == "Rijbewijs omwisselen in Duitsland"
    assert not page.review.publish_button.isEnabled()  # four eyes
    assert page.review.note.text() == four_eyes()
    press(
        qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    gui.wait_until_idle()
    assert page.message.text() == four_eyes()
    assert stored(database, "rijbewijs-omwisselen-in-duitsland")[0][1] == "in_review"
    # Not only the button: the service refuses too.
    with pytest.raises(PermissionDeniedError):
        publish(database.sessions, markus, page.current.version_id, page.current.lock_version)


def test_bad_input_is_marked_at_each_field_and_nothing_typed_is_lost(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(database_url)
    page = editorial_page(gui, gui.sign_in("markus"))
    write_new_comparison(gui, qtbot, page, "")  # no title
    editor = page.editor
    type_into(gui, qtbot, editor.code, "rijbewijs-de")
    type_in_cell(qtbot, page, 0, 1, "www.rdw.nl")  # no https://
    type_into(gui, qtbot, editor.valid_from, "2027-01-01")
    type_into(gui, qtbot, editor.valid_to, "2026-12-31")

    save(gui, qtbot, page)

    dutch = editor.languages["nl"]
    assert dutch.errors["title"].isVisible()
    assert dutch.errors["title"].text() == i18n._("Required.")
    assert editor.errors["sources"].isVisible()
    assert "www.rdw.nl" in editor.errors["sources"].text()
    assert editor.errors["valid_to"].isVisible()
    assert editor.errors["valid_to"].text() == i18n._("The end of validity lies before its start.")
    assert not editor.errors["code"].isVisible()
    assert dutch.title.hasFocus()  # the first problem
    assert "⚠" in editor.tabs.tabText(0)
    assert dutch.practice.toPlainText().startswith("Omwisselen hoeft niet")
    assert editor.valid_to.text() == "2026-12-31"
    assert stored(database, "rijbewijs-de") == []

    type_into(gui, qtbot, editor.valid_to, "31.12.2027")  # as people write it here
    type_in_cell(qtbot, page, 0, 1, "https://www.rdw.nl/")
    type_into(gui, qtbot, dutch.title, "Rijbewijs")
    save(gui, qtbot, page)

    assert not dutch.errors["title"].isVisible()
    assert not editor.errors["valid_to"].isVisible()
    assert [state for _n, state, _p in stored(database, "rijbewijs-de")] == ["draft"]
    assert page.current is not None
    assert page.current.content.valid_to == dt.date(2027, 12, 31)


def test_a_save_over_someone_elses_save_says_who_and_keeps_the_typed_text(
    database_url: str,
    database: Database,
    markus: Actor,
    els: Actor,
    gui: GuiDriver,
    qtbot: QtBot,
) -> None:
    draft = create_draft(database.sessions, markus, CODE, draft_content("Rijbewijs"))
    gui.start(database_url)
    page = editorial_page(gui, gui.sign_in("markus"))
    choose_queue(gui, page, "mine", "Rijbewijs")
    assert page.tabs.currentIndex() == EDIT_TAB
    practice = page.editor.languages["nl"].practice
    type_into(gui, qtbot, practice, "Van Markus.")
    # Els saves the same draft while Markus types.
    theirs = dataclasses.replace(
        draft_content("Rijbewijs"),
        texts=(
            dataclasses.replace(draft_content().texts[0], title="Rijbewijs", practice="Van Els."),
        ),
    )
    update_draft(database.sessions, els, draft.row.version_id, draft.lock_version, theirs)

    save(gui, qtbot, page)
    qtbot.waitUntil(page.conflict.isVisible)

    assert "Els Vermeulen" in page.conflict.text.text()
    assert "Els Vermeulen" in page.message.text()
    assert practice.toPlainText() == "Van Markus."  # nothing typed is lost
    assert ("removed", "Els") in page.conflict.diff.marks
    assert ("added", "Markus") in page.conflict.diff.marks
    assert stored(database, CODE) == [(1, "draft", "Van Els.")]

    qtbot.mouseClick(page.conflict.keep_mine, Qt.MouseButton.LeftButton)
    gui.wait_until_idle()

    assert stored(database, CODE) == [(1, "draft", "Van Markus.")]
    assert not page.conflict.isVisible()


# ---- reviewing -----------------------------------------------------------------------------


def test_a_second_editor_publishes_and_advisers_find_it(
    database_url: str, database: Database, markus: Actor, gui: GuiDriver, qtbot: QtBot
) -> None:
    submitted(database, markus, "Rijbewijs omwisselen in Duitsland")
    gui.start(database_url)
    window = gui.sign_in("els")
    page = editorial_page(gui, window)
    choose_queue(gui, page, "review", "Rijbewijs omwisselen in Duitsland")

    assert page.tabs.currentIndex() == REVIEW_TAB
    view = page.review.view
    assert view.title.text() == "Rijbewijs omwisselen in Duitsland"
    assert view.dutch_rule.text() == draft_content().texts[0].dutch_rule
    assert "Markus Weber" in page.review.note.text()
    assert page.review.publish_button.isEnabled()

    qtbot.mouseClick(page.review.publish_button, Qt.MouseButton.LeftButton)
    gui.wait_until_idle()

    assert [state for _n, state, _p in stored(database, CODE)] == ["published"]
    assert page.current is not None and page.current.state == "published"
    assert page.review.retire_button.isEnabled()
    published = [entry.title for entry in page.list.entries if "published" in entry.queues]
    assert published == ["Rijbewijs omwisselen in Duitsland"]

    knowledge = window.page("knowledge")
    assert isinstance(knowledge, KnowledgePage)
    go_to(window, "knowledge")
    qtbot.keyClicks(knowledge.search_field, "rijbewijs")
    qtbot.waitUntil(
        lambda: (
            not knowledge._debounce.isActive()
            and knowledge.results.count() == 1
            and knowledge.results.item(0).text() == "Rijbewijs omwisselen in Duitsland"
        )
    )
    gui.wait_until_idle()


def test_the_reviewer_sees_the_changed_words_and_can_send_it_back_with_a_comment(
    database_url: str,
    database: Database,
    markus: Actor,
    els: Actor,
    gui: GuiDriver,
    qtbot: QtBot,
) -> None:
    first = submitted(database, markus, "Rijbewijs omwisselen in Duitsland")
    publish(database.sessions, els, first.row.version_id, first.lock_version)
    draft = draft_new_version(database.sessions, markus, first.row.comparison_id)
    changed = draft_content("Rijbewijs omruilen in Duitsland")
    draft = update_draft(
        database.sessions, markus, draft.row.version_id, draft.lock_version, changed
    )
    submit_for_review(database.sessions, markus, draft.row.version_id, draft.lock_version)

    gui.start(database_url)
    page = editorial_page(gui, gui.sign_in("els"))
    choose_queue(gui, page, "review", "Rijbewijs omruilen in Duitsland")

    assert page.review.diff.diff is not None
    assert ("removed", "omwisselen") in page.review.diff.marks
    assert ("added", "omruilen") in page.review.diff.marks
    assert "1" in page.review.diff_caption.text()

    page.review.comment.setFocus()
    type_here(qtbot, "Noem ook de termijn van 185 dagen.")
    qtbot.mouseClick(page.review.send_back_button, Qt.MouseButton.LeftButton)
    gui.wait_until_idle()

    assert [state for _n, state, _p in stored(database, CODE)] == ["published", "draft"]
    back = load_editable(database.sessions, markus, draft.row.version_id)
    assert back.review_comment == "Noem ook de termijn van 185 dagen."


def test_the_history_shows_who_published_each_version_and_the_changed_words(
    database_url: str,
    database: Database,
    markus: Actor,
    els: Actor,
    gui: GuiDriver,
    qtbot: QtBot,
) -> None:
    first = submitted(database, markus, "Rijbewijs")
    publish(database.sessions, els, first.row.version_id, first.lock_version)
    draft = draft_new_version(database.sessions, markus, first.row.comparison_id)
    texts = draft_content().texts[0]
    changed = dataclasses.replace(
        draft_content(),
        texts=(
            Texts(
                "nl",
                "Rijbewijs <b>omwisselen</b>",
                texts.dutch_rule,
                texts.neighbour_rule,
                "Omwisselen kost 35 euro bij de Führerscheinstelle.",
                texts.legal_basis,
            ),
        ),
    )
    draft = update_draft(
        database.sessions, markus, draft.row.version_id, draft.lock_version, changed
    )
    review = submit_for_review(database.sessions, markus, draft.row.version_id, draft.lock_version)
    publish(database.sessions, els, review.row.version_id, review.lock_version)

    gui.start(database_url)
    page = editorial_page(gui, gui.sign_in("markus"))
    choose_queue(gui, page, "published", "Rijbewijs <b>omwisselen</b>")
    page.tabs.setCurrentIndex(HISTORY_TAB)
    gui.wait_until_idle()

    history = page.history
    assert history.table.rowCount() == 2
    assert [history.table.item(row, 0).text() for row in range(2)] == ["2", "1"]
    assert "Els Vermeulen" in history.table.item(0, 3).text()
    assert "Markus Weber" in history.table.item(0, 2).text()
    qtbot.waitUntil(lambda: history.diff.diff is not None)
    marks = history.diff.marks
    assert ("removed", "hoeft niet, maar kan") in marks
    assert ("added", "kost 35 euro") in marks
    assert ("added", "<b>omwisselen</b>") in marks
    # Escaped, never markup: the tags show as text.
    assert "&lt;b&gt;" in history.diff.toHtml()
    assert "<b>omwisselen</b>" in history.diff.toPlainText()


def test_retiring_asks_first_and_takes_the_entry_out_of_the_published_list(
    database_url: str,
    database: Database,
    markus: Actor,
    els: Actor,
    gui: GuiDriver,
    qtbot: QtBot,
    message_boxes: MessageBoxRecorder,
) -> None:
    first = submitted(database, markus, "Rijbewijs")
    publish(database.sessions, els, first.row.version_id, first.lock_version)
    gui.start(database_url)
    page = editorial_page(gui, gui.sign_in("els"))
    choose_queue(gui, page, "published", "Rijbewijs")

    qtbot.mouseClick(page.review.retire_button, Qt.MouseButton.LeftButton)
    gui.wait_until_idle()

    assert [call.kind for call in message_boxes.calls] == ["question"]
    assert "Rijbewijs" in message_boxes.calls[0].text
    with database.sessions() as session:
        status = session.scalar(select(Comparison.status).where(Comparison.code == CODE))
    assert status == "retired"
    assert [entry.queues for entry in page.list.entries] == [("retired",)]
    assert not page.review.retire_button.isEnabled()


def test_only_editors_see_the_editorial_page(sqlite_url: str, gui: GuiDriver) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("anna")
    assert not window.has_page("editorial")


def test_the_page_is_translated_again_without_a_restart(
    sqlite_url: str, gui: GuiDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_catalog = i18n.catalog
    monkeypatch.setattr(
        i18n, "catalog", lambda lang: PseudoGerman() if lang == "de" else real_catalog(lang)
    )
    gui.start(sqlite_url)
    window = gui.sign_in("markus")
    page = editorial_page(gui, window)

    window.language_actions["de"].trigger()
    gui.wait_until_idle()

    assert page.tabs.tabText(EDIT_TAB) == "[de] &Edit"
    assert page.review.publish_button.text() == "[de] &Publish"
    assert page.editor.languages["nl"].captions["title"].text() == "[de] &Title:"
    assert page.list.queue.currentText().startswith("[de] ")
    assert page.history.table.horizontalHeaderItem(0).text() == "[de] Version"


def test_a_new_version_is_saved_and_submitted_in_one_go(
    database_url: str,
    database: Database,
    markus: Actor,
    els: Actor,
    gui: GuiDriver,
    qtbot: QtBot,
) -> None:
    first = submitted(database, markus, "Rijbewijs")
    publish(database.sessions, els, first.row.version_id, first.lock_version)
    gui.start(database_url)
    page = editorial_page(gui, gui.sign_in("els"))
    choose_queue(gui, page, "published", "Rijbewijs")

    press(
        qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    gui.wait_until_idle()

    assert page.tabs.currentIndex() == EDIT_TAB
    assert page.current is not None and (page.current.number, page.current.state) == (2, "draft")
    assert page.editor.code.isReadOnly()
    practice = page.editor.languages["nl"].practice
    type_into(gui, qtbot, practice, "Vanaf 2027 geldt een nieuwe termijn.")
    # Unsaved: submitting saves first, then hands it over for review.
    press(
        qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    gui.wait_until_idle()

    assert stored(database, CODE) == [
        (1, "published", draft_content().texts[0].practice),
        (2, "in_review", "Vanaf 2027 geldt een nieuwe termijn."),
    ]
    assert not page.review.publish_button.isEnabled()  # els wrote version 2: four eyes again
    assert page.review.diff.diff is not None and page.review.diff.diff.old_number == 1


def test_the_due_list_shows_what_ends_within_sixty_days(
    database_url: str,
    database: Database,
    markus: Actor,
    els: Actor,
    gui: GuiDriver,
    qtbot: QtBot,
) -> None:
    ending = dt.date.today() + dt.timedelta(days=30)
    for code, title, valid_to in (
        ("ends-soon", "Bedragen 2026", ending),
        ("runs-on", "Zonder einddatum", None),
    ):
        draft = create_draft(
            database.sessions, markus, code, draft_content(title, valid_to=valid_to)
        )
        review = submit_for_review(
            database.sessions, markus, draft.row.version_id, draft.lock_version
        )
        publish(database.sessions, els, review.row.version_id, review.lock_version)
    gui.start(database_url)
    page = editorial_page(gui, gui.sign_in("markus"))

    page.list.show_queue("due")

    assert [entry.title for entry in page.list.shown] == ["Bedragen 2026"]
    assert i18n.format_date(ending, style="medium") in page.list.table.item(0).data(
        Qt.ItemDataRole.UserRole + 1
    )
    page.list.show_queue("published")
    assert [entry.title for entry in page.list.shown] == ["Bedragen 2026", "Zonder einddatum"]
    page.list.search.setFocus()
    type_here(qtbot, "zonder")
    assert [entry.title for entry in page.list.shown] == ["Zonder einddatum"]


def test_what_other_editors_do_shows_up_without_refreshing(
    database_url: str,
    database: Database,
    markus: Actor,
    els: Actor,
    gui: GuiDriver,
    qtbot: QtBot,
) -> None:
    review = submitted(database, markus, "Rijbewijs")
    gui.start(database_url)
    page = editorial_page(gui, gui.sign_in("markus"))
    choose_queue(gui, page, "mine", "Rijbewijs")
    assert page.current is not None and page.current.state == "in_review"

    publish(database.sessions, els, review.row.version_id, review.lock_version)
    # What the live-update listener delivers for Els's change (and one of Markus's own).
    events = events_since(database.sessions, 0)
    page.events_arrived(events)
    gui.wait_until_idle()

    assert page.current.state == "published"
    assert [entry.queues for entry in page.list.entries] == [("published",)]
    assert page.review.retire_button.isEnabled()
