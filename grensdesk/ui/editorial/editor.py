"""The draft editor: every field of a comparison version, with its problems shown beside it.

Signals:
    changed(): anything in the form was edited by the editor (not by loading).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import LANGUAGES, _
from grensdesk.models import COUNTRIES, PROFILES, REGIONS
from grensdesk.models.knowledge import NEIGHBOUR_COUNTRIES
from grensdesk.services.errors import ValidationError
from grensdesk.services.knowledge import Applicability, ComparisonContent, Texts
from grensdesk.services.knowledge_review_queue import EditableVersion
from grensdesk.services.topics import TopicSummary
from grensdesk.ui.consultation.choices import (
    COUNTRY_LABELS,
    LANGUAGE_LABELS,
    PROFILE_LABELS,
    choose,
)
from grensdesk.ui.editorial.labels import state_label
from grensdesk.ui.editorial.sources_editor import SourcesEditor

ERROR_STYLE: Final = "color: #b00020;"
ANY_SHARE: Final = -1  # the spin box's "any share" value
TEXT_FIELDS: Final = ("title", "dutch_rule", "neighbour_rule", "practice", "legal_basis")
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
DATE_FORMATS: Final = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")


def parse_day(text: str) -> dt.date | None:
    """2026-01-01, or as people write it here: 1-1-2026, 1.1.2026, 1/1/2026."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def code_from_title(title: str) -> str:
    """A code suggested from a title: lower-case ASCII words joined by '-'."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:80].strip("-")


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(f"error_{name}")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def _text_edit(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    # About five lines each: the whole version fits on a screen with little scrolling.
    edit.setMinimumHeight(56)
    edit.setMaximumHeight(110)
    return edit


def _form_position(field: str | None) -> int:
    name = (field or "").partition(".")[0]
    return FORM_ORDER.index(name) if name in FORM_ORDER else len(FORM_ORDER)


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
            error = _error_label(f"{name}_{language}")
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(caption, column)
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


class DraftEditor(QScrollArea):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draft_editor")
        self.setWidgetResizable(True)
        self.editable: EditableVersion | None = None
        self.lock_version: int | None = None
        self.read_only = False
        self._loading = False
        self._code_typed = False
        self._topics: list[TopicSummary] = []
        self.errors: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}

        self.heading = QLabel()
        self.heading.setObjectName("editor_heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("font-size: 120%; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.comment = QLabel()
        self.comment.setObjectName("review_comment")
        self.comment.setTextFormat(Qt.TextFormat.PlainText)
        self.comment.setWordWrap(True)
        self.comment.setStyleSheet(
            "background: #fff4ce; color: #5c4400; padding: 4px 6px; border-radius: 3px;"
        )
        self.comment.hide()
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setMaxLength(80)
        self.topic = QComboBox()
        self.topic.setObjectName("topic")
        self.neighbour = QComboBox()
        self.neighbour.setObjectName("neighbour_country")
        self.region = QComboBox()
        self.region.setObjectName("region")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("language_tabs")
        self.languages = {language: LanguageTexts(language) for language in LANGUAGES}
        for widget in self.languages.values():
            self.tabs.addTab(widget, "")
        self.sources = SourcesEditor()
        self.valid_from = QLineEdit()
        self.valid_from.setObjectName("valid_from")
        self.valid_to = QLineEdit()
        self.valid_to.setObjectName("valid_to")
        self.next_review = QLineEdit()
        self.next_review.setObjectName("next_review_due")
        self.residence = {code: QCheckBox() for code in COUNTRIES}
        self.work = {code: QCheckBox() for code in COUNTRIES}
        self.profiles = {code: QCheckBox() for code in PROFILES}
        for group, boxes in (("residence", self.residence), ("work", self.work)):
            for code, box in boxes.items():
                box.setObjectName(f"{group}_{code}")
        for code, box in self.profiles.items():
            box.setObjectName(f"profile_{code}")
        self.home_min = QSpinBox()
        self.home_min.setObjectName("home_work_min")
        self.home_max = QSpinBox()
        self.home_max.setObjectName("home_work_max")
        for spin in (self.home_min, self.home_max):
            spin.setRange(ANY_SHARE, 100)
            spin.setSuffix(" %")
        self.texts_error = _error_label("texts")
        self.errors["texts"] = self.texts_error
        self._boxes: dict[str, QGroupBox] = {}
        self._build_layout()
        self._connect_changes()
        self.retranslate_ui()
        self.start_new()

    # ---- layout ----------------------------------------------------------------------------

    def _row(self, form: QFormLayout, key: str, field: QWidget, buddy: QWidget) -> None:
        caption = QLabel()
        caption.setBuddy(buddy)
        error = _error_label(key)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(error)
        form.addRow(caption, column)
        self.captions[key] = caption
        self.errors[key] = error

    @staticmethod
    def _line(*widgets: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return holder

    def _group(self, key: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox()
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._boxes[key] = box
        return box, form

    def _build_layout(self) -> None:
        identity, form = self._group("identity")
        self._row(form, "code", self.code, self.code)
        self._row(form, "topic", self.topic, self.topic)
        self._row(
            form, "neighbour_country", self._line(self.neighbour, self.region), self.neighbour
        )
        self.errors["region"] = self.errors["neighbour_country"]

        texts = QGroupBox()
        self._boxes["texts"] = texts
        texts_layout = QVBoxLayout(texts)
        texts_layout.addWidget(self.tabs)
        texts_layout.addWidget(self.texts_error)

        sources, form = self._group("sources")
        self._row(form, "sources", self.sources, self.sources.table)

        validity, form = self._group("validity")
        self._row(form, "valid_from", self.valid_from, self.valid_from)
        self._row(form, "valid_to", self.valid_to, self.valid_to)
        self._row(form, "next_review_due", self.next_review, self.next_review)

        applies, form = self._group("applies")
        first_residence = next(iter(self.residence.values()))
        first_work = next(iter(self.work.values()))
        self._row(form, "residence", self._line(*self.residence.values()), first_residence)
        self._row(form, "work", self._line(*self.work.values()), first_work)
        profile_grid = QWidget()
        grid = QGridLayout(profile_grid)
        grid.setContentsMargins(0, 0, 0, 0)
        for position, box in enumerate(self.profiles.values()):
            grid.addWidget(box, position // 3, position % 3)
        first_profile = next(iter(self.profiles.values()))
        self._row(form, "profiles", profile_grid, first_profile)
        self._row(form, "applies_to", self._line(self.home_min, self.home_max), self.home_min)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.comment)
        for group in (identity, texts, sources, validity, applies):
            layout.addWidget(group)
        layout.addStretch(1)
        self.setWidget(body)

    def _connect_changes(self) -> None:
        self.neighbour.currentIndexChanged.connect(self._neighbour_changed)
        for combo in (self.topic, self.region):
            combo.currentIndexChanged.connect(self._edited)
        for edit in (self.valid_from, self.valid_to, self.next_review):
            edit.textEdited.connect(self._edited)
        self.code.textEdited.connect(self._code_edited)
        for widget in self.languages.values():
            for field in widget.fields().values():
                field.textChanged.connect(self._edited)
        self.languages["nl"].title.textChanged.connect(self._suggest_code)
        self.sources.changed.connect(self._edited)
        for box in (*self.residence.values(), *self.work.values(), *self.profiles.values()):
            box.toggled.connect(self._edited)
        for spin in (self.home_min, self.home_max):
            spin.valueChanged.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _code_edited(self, _text: str) -> None:
        self._code_typed = True
        self._edited()

    def _suggest_code(self, title: str) -> None:
        """A new comparison's code follows its Dutch title until the editor types one."""
        if self.editable is None and not self._code_typed and not self._loading:
            self.code.setText(code_from_title(title))

    def _neighbour_changed(self, _index: int) -> None:
        self._fill_regions()
        self._retranslate_neighbour()
        self._edited()

    def _fill_regions(self, chosen: str | None = None) -> None:
        country = self.neighbour.currentData()
        chosen = chosen if chosen is not None else self.region.currentData()
        self.region.blockSignals(True)
        self.region.clear()
        self.region.addItem(_("the whole country"), None)
        for region in REGIONS.get(country, ()):
            self.region.addItem(region, region)
        self.region.setCurrentIndex(max(0, self.region.findData(chosen)))
        self.region.blockSignals(False)

    # ---- texts -----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        captions = {
            "code": _("&Code:"),
            "topic": _("T&opic:"),
            "neighbour_country": _("Nei&ghbour country:"),
            "sources": _("&Sources:"),
            "valid_from": _("Valid &from:"),
            "valid_to": _("Valid &until:"),
            "next_review_due": _("Ne&xt review:"),
            "residence": _("Lives in:"),
            "work": _("Works in:"),
            "profiles": _("Profiles:"),
            "applies_to": _("Home working:"),
        }
        for key, text in captions.items():
            self.captions[key].setText(text)
        self.code.setPlaceholderText(_("e.g. child-benefit-live-nl-work-de"))
        self._boxes["identity"].setTitle(_("Comparison"))
        self._boxes["texts"].setTitle(_("Texts per language"))
        self._boxes["sources"].setTitle(_("Sources"))
        self._boxes["validity"].setTitle(_("Validity and review"))
        self._boxes["applies"].setTitle(_("Applies to (nothing ticked: everyone)"))
        date_hint = _("YYYY-MM-DD")
        self.valid_from.setPlaceholderText(date_hint)
        self.valid_to.setPlaceholderText(_("{format}, empty: no end").format(format=date_hint))
        self.next_review.setPlaceholderText(
            _("{format}, empty: a year after publishing").format(format=date_hint)
        )
        self.home_min.setPrefix(_("from "))
        self.home_max.setPrefix(_("to "))
        self.home_min.setSpecialValueText(_("no minimum"))
        self.home_max.setSpecialValueText(_("no maximum"))
        for code, box in (*self.residence.items(), *self.work.items()):
            box.setText(_(COUNTRY_LABELS[code]))
        for code, box in self.profiles.items():
            box.setText(_(PROFILE_LABELS[code]))
        self._fill_topics()
        neighbour = self.neighbour.currentData()
        self.neighbour.blockSignals(True)
        self.neighbour.clear()
        for code in NEIGHBOUR_COUNTRIES:
            self.neighbour.addItem(_(COUNTRY_LABELS[code]), code)
        choose(self.neighbour, neighbour)
        self.neighbour.blockSignals(False)
        self._fill_regions()
        self.sources.retranslate_ui()
        self._retranslate_neighbour()
        self._update_heading()
        self._update_tab_titles()

    def _retranslate_neighbour(self) -> None:
        country = _(COUNTRY_LABELS.get(self.neighbour.currentData() or "DE", "DE"))
        for widget in self.languages.values():
            widget.retranslate_ui(country)

    def _update_tab_titles(self) -> None:
        for index, (language, widget) in enumerate(self.languages.items()):
            title = _(LANGUAGE_LABELS[language])
            if any(not label.isHidden() for label in widget.errors.values()):
                title = f"{title} ⚠"
            elif widget.is_empty():
                title = _("{language} (empty)").format(language=title)
            self.tabs.setTabText(index, title)

    def _update_heading(self) -> None:
        editable = self.editable
        if editable is None:
            self.heading.setText(_("New comparison"))
            return
        self.heading.setText(
            _("{code}, version {number} ({state})").format(
                code=editable.code, number=editable.number, state=state_label(editable.state)
            )
        )

    def set_topics(self, topics: list[TopicSummary]) -> None:
        self._topics = topics
        self._fill_topics()

    def _fill_topics(self) -> None:
        chosen = self.topic.currentData()
        self.topic.blockSignals(True)
        self.topic.clear()
        for topic in self._topics:
            self.topic.addItem(topic.name(i18n.current_language()), topic.code)
        self.topic.setCurrentIndex(max(0, self.topic.findData(chosen)))
        self.topic.blockSignals(False)

    # ---- loading ---------------------------------------------------------------------------

    def start_new(self) -> None:
        """An empty form for a new comparison (Dutch texts first)."""
        self._loading = True
        self.editable = None
        self.lock_version = None
        self._code_typed = False
        self.code.clear()
        self.code.setReadOnly(False)
        choose(self.neighbour, "DE")
        self._fill_regions(chosen="")
        self.valid_from.setText(dt.date(dt.date.today().year + 1, 1, 1).isoformat())
        self.valid_to.clear()
        self.next_review.clear()
        for widget in self.languages.values():
            widget.set_texts(None)
        self.sources.set_sources(())
        for box in (*self.residence.values(), *self.work.values(), *self.profiles.values()):
            box.setChecked(False)
        self.home_min.setValue(ANY_SHARE)
        self.home_max.setValue(ANY_SHARE)
        self.comment.hide()
        self._loading = False
        self.set_read_only(False)
        self.clear_errors()
        self.tabs.setCurrentIndex(0)
        self._update_heading()

    def load(self, editable: EditableVersion) -> None:
        """Show a stored version; only a draft can be changed."""
        self._loading = True
        self.editable = editable
        self.lock_version = editable.lock_version
        self.set_content(editable.content)
        self.code.setText(editable.code)
        self.code.setReadOnly(True)  # the stable identity: attachments and letters use it
        self.comment.setVisible(bool(editable.review_comment))
        self.comment.setText(
            _("Sent back by the reviewer: {comment}").format(comment=editable.review_comment)
        )
        self._loading = False
        self.set_read_only(editable.state != "draft")
        self.clear_errors()
        self._update_heading()

    def set_content(self, content: ComparisonContent) -> None:
        loading, self._loading = self._loading, True
        choose(self.topic, content.topic)
        choose(self.neighbour, content.neighbour_country)
        self._fill_regions(chosen=content.region or "")
        self._retranslate_neighbour()
        self.valid_from.setText(content.valid_from.isoformat())
        self.valid_to.setText(content.valid_to.isoformat() if content.valid_to else "")
        self.next_review.setText(
            content.next_review_due.isoformat() if content.next_review_due else ""
        )
        by_language = {texts.language: texts for texts in content.texts}
        for language, widget in self.languages.items():
            widget.set_texts(by_language.get(language))
        self.sources.set_sources(content.sources)
        applies = content.applies_to
        for codes, boxes in (
            (applies.residence, self.residence),
            (applies.work, self.work),
            (applies.profiles, self.profiles),
        ):
            for code, box in boxes.items():
                box.setChecked(code in codes)
        self.home_min.setValue(
            ANY_SHARE if applies.home_work_min is None else applies.home_work_min
        )
        self.home_max.setValue(
            ANY_SHARE if applies.home_work_max is None else applies.home_work_max
        )
        self._loading = loading
        self._update_tab_titles()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for edit in (self.valid_from, self.valid_to, self.next_review):
            edit.setReadOnly(read_only)
        if read_only:
            self.code.setReadOnly(True)
        for widget in (
            self.topic,
            self.neighbour,
            self.region,
            self.home_min,
            self.home_max,
            *self.residence.values(),
            *self.work.values(),
            *self.profiles.values(),
        ):
            widget.setEnabled(not read_only)
        for language_widget in self.languages.values():
            language_widget.set_read_only(read_only)
        self.sources.set_read_only(read_only)

    # ---- reading the form ------------------------------------------------------------------

    def code_text(self) -> str:
        return self.code.text().strip()

    def content(self) -> tuple[ComparisonContent | None, list[ValidationError]]:
        """What is typed, or the dates that could not be read."""
        problems: list[ValidationError] = []
        days: dict[str, dt.date | None] = {}
        for key, edit, required in (
            ("valid_from", self.valid_from, True),
            ("valid_to", self.valid_to, False),
            ("next_review_due", self.next_review, False),
        ):
            text = edit.text().strip()
            day = parse_day(text) if text else None
            if text and day is None:
                problems.append(
                    ValidationError(
                        _("{text} is not a date; write it as 2027-01-01.").format(text=text),
                        field=key,
                    )
                )
            elif required and day is None:
                problems.append(ValidationError(_("Give the date it applies from."), field=key))
            days[key] = day
        valid_from = days["valid_from"]
        if problems or valid_from is None:
            return None, problems
        written = tuple(
            widget.texts() for widget in self.languages.values() if not widget.is_empty()
        )
        content = ComparisonContent(
            topic=str(self.topic.currentData() or ""),
            neighbour_country=str(self.neighbour.currentData() or ""),
            region=self.region.currentData() or None,
            valid_from=valid_from,
            valid_to=days["valid_to"],
            next_review_due=days["next_review_due"],
            texts=written,
            sources=self.sources.sources(),
            applies_to=Applicability(
                residence=tuple(code for code, box in self.residence.items() if box.isChecked()),
                work=tuple(code for code, box in self.work.items() if box.isChecked()),
                profiles=tuple(code for code, box in self.profiles.items() if box.isChecked()),
                home_work_min=None if self.home_min.value() == ANY_SHARE else self.home_min.value(),
                home_work_max=None if self.home_max.value() == ANY_SHARE else self.home_max.value(),
            ),
        )
        return content, []

    # ---- problems --------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for label in self._all_error_labels():
            label.clear()
            label.hide()
        self._update_tab_titles()

    def _all_error_labels(self) -> list[QLabel]:
        labels = list(dict.fromkeys(self.errors.values()))
        for widget in self.languages.values():
            labels.extend(widget.errors.values())
        return labels

    def _label_for(self, field: str | None) -> QLabel | None:
        name, _dot, detail = (field or "").partition(".")
        if name in TEXT_FIELDS or name == "keywords":
            language = detail or self._current_language()
            return self.languages[language].errors[name]
        if name == "sources":
            return self.errors["sources"]
        return self.errors.get(name)

    def _current_language(self) -> str:
        widget = self.tabs.currentWidget()
        return widget.language if isinstance(widget, LanguageTexts) else "nl"

    def show_problems(self, problems: list[ValidationError]) -> list[ValidationError]:
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
        self._update_tab_titles()
        self.focus_first_error(problems)
        return unplaced

    def focus_first_error(self, problems: list[ValidationError]) -> None:
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
                    self.tabs.setCurrentWidget(language_widget)
                widget.setFocus()
                self.ensureWidgetVisible(widget)
                return

    def _widget_for(self, field: str | None) -> QWidget | None:
        name, _dot, detail = (field or "").partition(".")
        if name in TEXT_FIELDS or name == "keywords":
            fields = self.languages[detail or self._current_language()].fields()
            return fields[name]
        widgets: dict[str, QWidget] = {
            "code": self.code,
            "topic": self.topic,
            "neighbour_country": self.neighbour,
            "region": self.region,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "next_review_due": self.next_review,
            "sources": self.sources.table,
            "applies_to": self.home_min,
            "texts": self.languages["nl"].title,
        }
        return widgets.get(name)
