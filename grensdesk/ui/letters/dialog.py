"""The letter preview: choose the language, look at the letter, print it or save it.

A new letter is shown as a draft (nothing recorded) until it is printed or saved: then it
is issued, numbered and recorded, and the issued PDF is what goes to the printer or the
file. An issued letter is reopened by regenerating it from its snapshot, and the service
proves the bytes match the recorded hash before anything is shown.

Every PDF is made, rasterised and written through the TaskRunner, off the GUI thread.

Signals:
    letter_issued(object): a ``LetterSummary`` for a letter just issued.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from grensdesk.i18n import LANGUAGE_NAMES, LANGUAGES, _
from grensdesk.services.letter_files import write_atomically
from grensdesk.services.letters import (
    LetterPdf,
    LetterSummary,
    default_language,
    issue_letter,
    preview_letter,
    regenerate_letter,
)
from grensdesk.ui.context import AppContext
from grensdesk.ui.letters.pdf_pages import PRINT_DPI, PdfBytes, page_images, print_images


class LetterDialog(QDialog):
    letter_issued = Signal(object)

    def __init__(
        self,
        context: AppContext,
        consultation_id: int,
        letter: LetterSummary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letter_dialog")
        self.context = context
        self.consultation_id = consultation_id
        self.issued: LetterPdf | None = None
        self.pdf: bytes | None = None
        self._pdf_source: PdfBytes | None = None
        self._reopening = letter

        self.language_label = QLabel()
        self.language = QComboBox()
        self.language.setObjectName("letter_language")
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language_label.setBuddy(self.language)
        self.status = QLabel()
        self.status.setObjectName("letter_status")
        self.status.setWordWrap(True)
        self.view = QPdfView()
        self.view.setObjectName("letter_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton()
        self.print_button.setObjectName("print_letter")
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_letter")
        self.close_button = QPushButton()
        self.close_button.setObjectName("close_letter")

        top = QHBoxLayout()
        top.addWidget(self.language_label)
        top.addWidget(self.language)
        top.addWidget(self.status, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(760, 900)

        self.print_button.clicked.connect(lambda: self.print_letter())
        self.save_button.clicked.connect(lambda: self.save_letter())
        self.close_button.clicked.connect(self.reject)
        self._shortcuts = [
            QShortcut(QKeySequence.StandardKey.Print, self, self.print_letter),
            QShortcut(QKeySequence.StandardKey.Save, self, self.save_letter),
        ]
        self.retranslate_ui()
        self._set_busy(True)
        if letter is not None:
            self._select_language(letter.language)
            self.language.setEnabled(False)
            self._reopen(letter)
        else:
            sessions, actor = context.database.sessions, context.actor
            context.tasks.run(
                lambda: default_language(sessions, actor, consultation_id),
                self._language_known,
                self._failed,
            )

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Advice letter"))
        self.language_label.setText(_("Letter &language:"))
        self.print_button.setText(_("&Print…"))
        self.print_button.setToolTip(QKeySequence(QKeySequence.StandardKey.Print).toString())
        self.save_button.setText(_("Save &as…"))
        self.save_button.setToolTip(QKeySequence(QKeySequence.StandardKey.Save).toString())
        self.close_button.setText(_("Close"))

    # ---- showing ---------------------------------------------------------------------------

    def _select_language(self, language: str) -> None:
        index = self.language.findData(language)
        if index >= 0:
            self.language.setCurrentIndex(index)

    def _language_known(self, language: str) -> None:
        self._select_language(language)
        self.language.currentIndexChanged.connect(lambda _index: self.show_preview())
        self.show_preview()

    def show_preview(self) -> None:
        """The draft in the chosen language, made in the background."""
        if self.issued is not None:
            return
        sessions, actor = self.context.database.sessions, self.context.actor
        consultation_id, language = self.consultation_id, str(self.language.currentData())
        self._set_busy(True)
        self.status.setText(_("Preparing the letter…"))
        self.context.tasks.run(
            lambda: preview_letter(sessions, actor, consultation_id, language),
            self._previewed,
            self._failed,
        )

    def _previewed(self, pdf: bytes) -> None:
        self._show(pdf)
        self.status.setText(_("Draft: printing or saving issues the letter with its number."))

    def _reopen(self, letter: LetterSummary) -> None:
        sessions, actor = self.context.database.sessions, self.context.actor
        self.status.setText(
            _("Regenerating letter {reference}…").format(reference=letter.reference)
        )
        self.context.tasks.run(
            lambda: regenerate_letter(sessions, actor, letter.id), self._reopened, self._failed
        )

    def _reopened(self, letter: LetterPdf) -> None:
        self.issued = letter
        self._show(letter.pdf)
        self.status.setText(
            _("Letter {reference}: identical to the one issued (SHA-256 checked).").format(
                reference=letter.summary.reference
            )
        )

    def _show(self, pdf: bytes) -> None:
        previous = self._pdf_source
        self.pdf = pdf
        self._pdf_source = PdfBytes(pdf, self)
        self.view.setDocument(self._pdf_source.document)
        if previous is not None:
            previous.deleteLater()
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.print_button, self.save_button):
            button.setEnabled(not busy)
        self.language.setEnabled(not busy and self.issued is None and self._reopening is None)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.status.setText(str(error) or type(error).__name__)

    # ---- issuing, printing, saving ---------------------------------------------------------

    def print_letter(self) -> None:
        """Choose the printer first; only then is the letter issued and printed."""
        if not self.print_button.isEnabled():
            return
        printer = self.ask_printer()
        if printer is not None:
            self._when_issued(lambda: self._print(printer))

    def save_letter(self) -> None:
        """Choose the file first; only then is the letter issued and written."""
        if not self.save_button.isEnabled():
            return
        suggested = (
            self.issued.summary.reference.replace("/", "-")
            if self.issued is not None
            else _("letter-{id}").format(id=self.consultation_id)
        )
        path = self.ask_save_path(f"{suggested}.pdf")
        if path is not None:
            self._when_issued(lambda: self._save(path))

    def _when_issued(self, then: Callable[[], None]) -> None:
        """Issue the letter (once), then print or save exactly what was issued."""
        if self.issued is not None:
            then()
            return
        sessions, actor = self.context.database.sessions, self.context.actor
        consultation_id, language = self.consultation_id, str(self.language.currentData())
        self._set_busy(True)
        self.status.setText(_("Issuing the letter…"))
        self.context.tasks.run(
            lambda: issue_letter(sessions, actor, consultation_id, language),
            lambda letter: self._issued(letter, then),
            self._failed,
        )

    def _issued(self, letter: LetterPdf, then: Callable[[], None]) -> None:
        self.issued = letter
        self._show(letter.pdf)
        self.status.setText(
            _("Letter {reference} issued and recorded.").format(reference=letter.summary.reference)
        )
        self.letter_issued.emit(letter.summary)
        then()

    def ask_printer(self) -> QPrinter | None:
        """The system print dialog; None when cancelled (tests replace this)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return printer

    def _print(self, printer: QPrinter) -> None:
        assert self.issued is not None
        pdf = self.issued.pdf
        resolution = min(printer.resolution(), PRINT_DPI)
        self._set_busy(True)
        self.status.setText(_("Sending the letter to the printer…"))
        self.context.tasks.run(
            lambda: page_images(pdf, resolution),
            lambda images: self._send_to_printer(printer, images),
            self._failed,
        )

    def _send_to_printer(self, printer: QPrinter, images: list[QImage]) -> None:
        # Painting on a QPrinter must happen on the GUI thread; the pages are ready images.
        print_images(printer, images)
        self._set_busy(False)
        assert self.issued is not None
        self.status.setText(
            _("Letter {reference} sent to the printer.").format(
                reference=self.issued.summary.reference
            )
        )

    def ask_save_path(self, suggested: str) -> Path | None:
        """The system save dialog; None when cancelled (tests replace this)."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the letter"), suggested, _("PDF documents (*.pdf)")
        )
        return Path(chosen) if chosen else None

    def _save(self, path: Path) -> None:
        assert self.issued is not None
        pdf = self.issued.pdf
        self._set_busy(True)
        self.context.tasks.run(
            lambda: write_atomically(path, pdf), lambda _none: self._saved(path), self._failed
        )

    def _saved(self, path: Path) -> None:
        self._set_busy(False)
        self.status.setText(_("Saved as {file}.").format(file=path))
