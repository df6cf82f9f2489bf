"""The texts of a comparison, one tab per language: title, both rules, practice, legal basis
and search words.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QTabWidget, QWidget

from grensdesk.i18n import LANGUAGES, _
from grensdesk.services.knowledge import Texts
from grensdesk.ui.consultation.choices import LANGUAGE_LABELS
from grensdesk.ui.editorial.form_rows import add_field_row, error_label

TEXT_FIELDS: Final = ("title", "dutch_rule", "neighbour_rule", "practice", "legal_basis")


def _text_edit(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    # About five lines each: the whole version fits on a screen with little scrolling.
    edit.setMinimumHeight(56)
    edit.setMaximumHeight(110)
    return edit


class LanguageTexts(QWidget):
    """The texts of one language: title, both rules, practice, legal basis, search words."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.title = QLineEdit()
        self.title.setObjectName(f"title_{language}")
        self.title.setMaxLength(200)
        self.dutch_rule = _text_edit(f"dutch_rule_{language}")
        self.neighbour_rule = _text_edit(f"neighbour_rule_{language}")
        self.practice = _text_edit(f"practice_{language}")
        self.legal_basis = _text_edit(f"legal_basis_{language}")
        self.legal_basis.setMinimumHeight(40)
        self.legal_basis.setMaximumHeight(56)
        self.keywords = QLineEdit()
        self.keywords.setObjectName(f"keywords_{language}")
        self.captions: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, widget in self.fields().items():
            caption = QLabel()
            caption.setBuddy(widget)
            error = error_label(f"{name}_{language}")
            add_field_row(form, caption, widget, error)
            self.captions[name] = caption
            self.errors[name] = error

    def fields(self) -> dict[str, QLineEdit | QPlainTextEdit]:
        return {
            "title": self.title,
            "dutch_rule": self.dutch_rule,
            "neighbour_rule": self.neighbour_rule,
            "practice": self.practice,
            "legal_basis": self.legal_basis,
            "keywords": self.keywords,
        }

    def retranslate_ui(self, neighbour: str) -> None:
        self.captions["title"].setText(_("&Title:"))
        self.captions["dutch_rule"].setText(_("The &Dutch rule:"))
        self.captions["neighbour_rule"].setText(
            _("The rule in {country}:").format(country=neighbour)
        )
        self.captions["practice"].setText(_("In &practice:"))
        self.captions["legal_basis"].setText(_("&Legal basis:"))
        self.captions["keywords"].setText(_("Se&arch words:"))
        self.keywords.setPlaceholderText(_("comma-separated, e.g. Kindergeld, S1"))

    def texts(self) -> Texts:
        return Texts(
            language=self.language,
            title=self.title.text().strip(),
            dutch_rule=self.dutch_rule.toPlainText().strip(),
            neighbour_rule=self.neighbour_rule.toPlainText().strip(),
            practice=self.practice.toPlainText().strip(),
            legal_basis=self.legal_basis.toPlainText().strip(),
            keywords=tuple(
                word.strip() for word in self.keywords.text().split(",") if word.strip()
            ),
        )

    def set_texts(self, texts: Texts | None) -> None:
        self.title.setText(texts.title if texts else "")
        self.dutch_rule.setPlainText(texts.dutch_rule if texts else "")
        self.neighbour_rule.setPlainText(texts.neighbour_rule if texts else "")
        self.practice.setPlainText(texts.practice if texts else "")
        self.legal_basis.setPlainText(texts.legal_basis if texts else "")
        self.keywords.setText(", ".join(texts.keywords) if texts else "")

    def is_empty(self) -> bool:
        written = self.texts()
        return not any(getattr(written, name) for name in TEXT_FIELDS) and not written.keywords

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.fields().values():
            widget.setReadOnly(read_only)


class LanguageTabs(QTabWidget):
    """One tab of texts per language; a tab's title says when it is empty or has a problem."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("language_tabs")
        self.languages = {language: LanguageTexts(language) for language in LANGUAGES}
        for widget in self.languages.values():
            self.addTab(widget, "")

    def retranslate_neighbour(self, country: str) -> None:
        for widget in self.languages.values():
            widget.retranslate_ui(country)

    def update_titles(self) -> None:
        for index, (language, widget) in enumerate(self.languages.items()):
            title = _(LANGUAGE_LABELS[language])
            if any(not label.isHidden() for label in widget.errors.values()):
                title = f"{title} ⚠"
            elif widget.is_empty():
                title = _("{language} (empty)").format(language=title)
            self.setTabText(index, title)

    def current_language(self) -> str:
        widget = self.currentWidget()
        return widget.language if isinstance(widget, LanguageTexts) else "nl"

    def written(self) -> tuple[Texts, ...]:
        """The texts of every language that has any."""
        return tuple(widget.texts() for widget in self.languages.values() if not widget.is_empty())

    def set_texts(self, texts: tuple[Texts, ...]) -> None:
        by_language = {written.language: written for written in texts}
        for language, widget in self.languages.items():
            widget.set_texts(by_language.get(language))

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.languages.values():
            widget.set_read_only(read_only)
