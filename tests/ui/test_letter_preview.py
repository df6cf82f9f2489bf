"""The letter preview, used as an adviser uses it: Ctrl+P, a language, save, print."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from grensdesk.bootstrap import Database
from grensdesk.i18n import _
from grensdesk.services.letter_verify import verify_pdf
from grensdesk.services.letters import list_letters
from grensdesk.ui.consultation.page import ConsultationPage
from grensdesk.ui.letters.dialog import LetterDialog
from tests.conftest import sign_in_as
from tests.services.letters_support import consultation_with_comparison, pdf_text
from tests.ui.gui_driver import GuiDriver


def open_letter_dialog(gui: GuiDriver, qtbot: QtBot, consultation_id: int) -> LetterDialog:
    window = gui.sign_in("anna")
    page = window.page("consultations")
    assert isinstance(page, ConsultationPage)
    gui.wait_until_idle()
    page.open_consultation(consultation_id)
    qtbot.waitUntil(lambda: page.form.consultation_id == consultation_id)
    gui.wait_until_idle()
    page.form.started_at.setFocus()
    qtbot.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier,
    )
    qtbot.waitUntil(lambda: page.letters.dialog is not None)
    dialog = page.letters.dialog
    assert dialog is not None
    loaded(qtbot, dialog)
    return dialog


def loaded(qtbot: QtBot, dialog: LetterDialog) -> None:
    def ready() -> bool:
        document = dialog.view.document()
        return (
            document is not None
            and document.status() == QPdfDocument.Status.Ready
            and document.pageCount() > 0
            and dialog.print_button.isEnabled()
        )

    qtbot.waitUntil(ready, timeout=15_000)


def test_preview_in_the_citizens_language_then_save_and_print(
    database_url: str,
    database: Database,
    gui: GuiDriver,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    consultation_id, _version = consultation_with_comparison(database, sign_in_as(database, "anna"))
    gui.start(database_url)
    dialog = open_letter_dialog(gui, qtbot, consultation_id)

    # The citizen asked for German; the draft is shown and nothing is recorded yet.
    assert dialog.language.currentData() == "de"
    assert dialog.pdf is not None and "Łukasz Wiśniewski" in pdf_text(dialog.pdf)
    anna = sign_in_as(database, "anna")
    assert list_letters(database.sessions, anna, consultation_id) == []

    # Another language, chosen with the keyboard: the preview follows.
    dialog.language.setFocus()
    qtbot.keyClicks(dialog.language, "Fran")
    qtbot.waitUntil(lambda: dialog.language.currentData() == "fr")
    qtbot.waitUntil(lambda: dialog.pdf is not None and "novembre" in pdf_text(dialog.pdf))
    loaded(qtbot, dialog)

    target = tmp_path / "letter.pdf"
    monkeypatch.setattr(dialog, "ask_save_path", lambda _suggested: target)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(target.exists, timeout=15_000)
    gui.wait_until_idle()
    found = verify_pdf(database.sessions, target.read_bytes())
    assert found.letter is not None and found.letter.language == "fr"
    assert dialog.status.text() == _("Saved as {file}.").format(file=target)

    printed = tmp_path / "printed.pdf"

    def pdf_printer() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(dialog, "ask_printer", pdf_printer)
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: printed.exists() and printed.stat().st_size > 0, timeout=15_000)
    gui.wait_until_idle()
    pages = len(PdfReader(io.BytesIO(printed.read_bytes())).pages)
    assert pages == found.letter.page_count
    # Printing again issued nothing new: one letter, the one saved.
    letters = list_letters(database.sessions, anna, consultation_id)
    assert [letter.reference for letter in letters] == [found.letter.reference]

    page = gui.window.page("consultations")
    assert isinstance(page, ConsultationPage)
    qtbot.waitUntil(lambda: page.letters.list.count() == 1)
    assert found.letter.reference in page.letters.list.item(0).text()
    dialog.close()


def test_an_issued_letter_reopens_identical_from_the_list(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    from grensdesk.services.letters import issue_letter

    anna = sign_in_as(database, "anna")
    consultation_id, _version = consultation_with_comparison(database, anna)
    issued = issue_letter(database.sessions, anna, consultation_id, "nl")
    gui.start(database_url)
    window = gui.sign_in("anna")
    page = window.page("consultations")
    assert isinstance(page, ConsultationPage)
    gui.wait_until_idle()
    page.open_consultation(consultation_id)
    qtbot.waitUntil(lambda: page.letters.list.count() == 1)

    page.letters.list.setFocus()
    page.letters.list.setCurrentRow(0)
    qtbot.keyClick(page.letters.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.letters.dialog is not None)
    dialog = page.letters.dialog
    assert dialog is not None
    loaded(qtbot, dialog)

    assert dialog.pdf == issued.pdf
    assert not dialog.language.isEnabled()
    assert issued.summary.reference in dialog.status.text()
    dialog.close()


def test_an_unsaved_consultation_has_no_letter_yet(
    sqlite_url: str, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(sqlite_url)
    window = gui.sign_in("anna")
    page = window.page("consultations")
    assert isinstance(page, ConsultationPage)
    assert not page.letters.letter_button.isEnabled()
    page.letter()
    assert page.letters.dialog is None
    assert page.form.message.text() == _(
        "Save the consultation first: the letter is written from what is saved."
    )
