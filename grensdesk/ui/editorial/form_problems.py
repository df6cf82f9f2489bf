"""The draft form's validation display: each problem under its field, the first one in view."""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from grensdesk.i18n import _
from grensdesk.services.errors import ValidationError
from grensdesk.ui.editorial.language_texts import TEXT_FIELDS, LanguageTabs, LanguageTexts

FORM_ORDER: Final = (
    "code",
    "topic",
    "neighbour_country",
    "region",
    "texts",
    *TEXT_FIELDS,
    "keywords",
    "sources",
    "valid_from",
    "valid_to",
    "next_review_due",
    "applies_to",
)


def _form_position(field: str | None) -> int:
    name = (field or "").partition(".")[0]
    return FORM_ORDER.index(name) if name in FORM_ORDER else len(FORM_ORDER)


class FormProblems:
    """Shows a service's problems in the form: ``field`` names a row, ``title.de`` a language's
    field, ``sources.2`` a source.
    """

    def __init__(
        self,
        form: QScrollArea,
        tabs: LanguageTabs,
        errors: dict[str, QLabel],
        widgets: dict[str, QWidget],
    ) -> None:
        self._form = form
        self._tabs = tabs
        self._errors = errors
        self._widgets = widgets

    def clear(self) -> None:
        for label in self._all_error_labels():
            label.clear()
            label.hide()
        self._tabs.update_titles()

    def _all_error_labels(self) -> list[QLabel]:
        labels = list(dict.fromkeys(self._errors.values()))
        for widget in self._tabs.languages.values():
            labels.extend(widget.errors.values())
        return labels

    def _label_for(self, field: str | None) -> QLabel | None:
        name, _dot, detail = (field or "").partition(".")
        if name in TEXT_FIELDS or name == "keywords":
            language = detail or self._tabs.current_language()
            return self._tabs.languages[language].errors[name]
        if name == "sources":
            return self._errors["sources"]
        return self._errors.get(name)

    def show(self, problems: list[ValidationError]) -> list[ValidationError]:
        """Put each problem under its field; returns those that have no field here."""
        unplaced = []
        for problem in problems:
            label = self._label_for(problem.field)
            if label is None:
                unplaced.append(problem)
                continue
            text = str(problem)
            name, _dot, detail = (problem.field or "").partition(".")
            if name == "sources" and detail:
                text = _("Source {number}: {problem}").format(number=detail, problem=text)
            label.setText(f"{label.text()}\n{text}" if label.text() else text)
            label.show()
        self._tabs.update_titles()
        self.focus_first(problems)
        return unplaced

    def focus_first(self, problems: list[ValidationError]) -> None:
        """The first field with a problem, in the order of the form."""
        for problem in sorted(problems, key=lambda found: _form_position(found.field)):
            widget = self._widget_for(problem.field)
            if widget is not None:
                language_widget = widget.parentWidget()
                while language_widget is not None and not isinstance(
                    language_widget, LanguageTexts
                ):
                    language_widget = language_widget.parentWidget()
                if isinstance(language_widget, LanguageTexts):
                    self._tabs.setCurrentWidget(language_widget)
                widget.setFocus()
                self._form.ensureWidgetVisible(widget)
                return

    def _widget_for(self, field: str | None) -> QWidget | None:
        name, _dot, detail = (field or "").partition(".")
        if name in TEXT_FIELDS or name == "keywords":
            fields = self._tabs.languages[detail or self._tabs.current_language()].fields()
            return fields[name]
        return self._widgets.get(name)
