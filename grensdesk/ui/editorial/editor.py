"""The draft editor: every field of a comparison version, with its problems shown beside it.

Each group of the form lives in its own module (identity, texts per language, validity, whom it
applies to), and so does the display of problems; this one puts them together and loads them.

Signals:
    changed(): anything in the form was edited by the editor (not by loading).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from grensdesk.i18n import _
from grensdesk.services.errors import ValidationError
from grensdesk.services.knowledge import Applicability, ComparisonContent
from grensdesk.services.knowledge_review_queue import EditableVersion
from grensdesk.services.topics import TopicSummary
from grensdesk.ui.editorial.applicability_fields import ApplicabilityFields
from grensdesk.ui.editorial.form_problems import FormProblems
from grensdesk.ui.editorial.form_rows import FormGroup, error_label
from grensdesk.ui.editorial.identity_fields import IdentityFields
from grensdesk.ui.editorial.labels import state_label
from grensdesk.ui.editorial.language_texts import LanguageTabs
from grensdesk.ui.editorial.sources_editor import SourcesEditor
from grensdesk.ui.editorial.validity_fields import ValidityFields


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
        self.errors: dict[str, QLabel] = {}

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
        self.identity = IdentityFields()
        self.tabs = LanguageTabs()
        self.sources = SourcesEditor()
        self.validity = ValidityFields()
        self.applies = ApplicabilityFields()
        # The fields the page and its tests reach for, under their old names.
        self.code = self.identity.code
        self.languages = self.tabs.languages
        self.valid_from = self.validity.valid_from
        self.valid_to = self.validity.valid_to
        self.texts_error = error_label("texts")
        self.errors["texts"] = self.texts_error
        self._texts_box = QGroupBox()
        self._sources_box = FormGroup()
        self._build_layout()
        self.problems = FormProblems(
            self,
            self.tabs,
            self.errors,
            {
                "code": self.identity.code,
                "topic": self.identity.topic,
                "neighbour_country": self.identity.neighbour,
                "region": self.identity.region,
                "valid_from": self.validity.valid_from,
                "valid_to": self.validity.valid_to,
                "next_review_due": self.validity.next_review,
                "sources": self.sources.table,
                "applies_to": self.applies.home_min,
                "texts": self.languages["nl"].title,
            },
        )
        self._connect_changes()
        self.retranslate_ui()
        self.start_new()

    # ---- layout ----------------------------------------------------------------------------

    def _build_layout(self) -> None:
        texts_layout = QVBoxLayout(self._texts_box)
        texts_layout.addWidget(self.tabs)
        texts_layout.addWidget(self.texts_error)

        self._sources_box.add_row("sources", self.sources, self.sources.table)
        for group in (self.identity, self._sources_box, self.validity, self.applies):
            self.errors.update(group.errors)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.comment)
        for box in (self.identity, self._texts_box, self._sources_box, self.validity, self.applies):
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(body)

    def _connect_changes(self) -> None:
        self.identity.changed.connect(self._edited)
        self.identity.neighbour_changed.connect(self._retranslate_neighbour)
        self.validity.changed.connect(self._edited)
        for widget in self.languages.values():
            for field in widget.fields().values():
                field.textChanged.connect(self._edited)
        self.languages["nl"].title.textChanged.connect(self._suggest_code)
        self.sources.changed.connect(self._edited)
        self.applies.changed.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _suggest_code(self, title: str) -> None:
        """A new comparison's code follows its Dutch title until the editor types one."""
        if self.editable is None and not self._loading:
            self.identity.suggest_code(title)

    # ---- texts -----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.identity.retranslate_ui()
        self._sources_box.captions["sources"].setText(_("&Sources:"))
        self._texts_box.setTitle(_("Texts per language"))
        self._sources_box.setTitle(_("Sources"))
        self.validity.retranslate_ui()
        self.applies.retranslate_ui()
        self.sources.retranslate_ui()
        self._retranslate_neighbour()
        self._update_heading()
        self.tabs.update_titles()

    def _retranslate_neighbour(self) -> None:
        self.tabs.retranslate_neighbour(self.identity.neighbour_label())

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
        self.identity.set_topics(topics)

    # ---- loading ---------------------------------------------------------------------------

    def start_new(self) -> None:
        """An empty form for a new comparison (Dutch texts first)."""
        self._loading = True
        self.editable = None
        self.lock_version = None
        self.identity.start_new()
        self.validity.start_new()
        self.tabs.set_texts(())
        self.sources.set_sources(())
        self.applies.set_applicability(Applicability())
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
        self.identity.set_identity(content)
        self._retranslate_neighbour()
        self.validity.set_dates(content)
        self.tabs.set_texts(content.texts)
        self.sources.set_sources(content.sources)
        self.applies.set_applicability(content.applies_to)
        self._loading = loading
        self.tabs.update_titles()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.validity.set_read_only(read_only)
        self.identity.set_read_only(read_only)
        self.applies.set_read_only(read_only)
        self.tabs.set_read_only(read_only)
        self.sources.set_read_only(read_only)

    # ---- reading the form ------------------------------------------------------------------

    def code_text(self) -> str:
        return self.code.text().strip()

    def content(self) -> tuple[ComparisonContent | None, list[ValidationError]]:
        """What is typed, or the dates that could not be read."""
        days, problems = self.validity.dates()
        valid_from = days["valid_from"]
        if problems or valid_from is None:
            return None, problems
        content = ComparisonContent(
            topic=str(self.identity.topic.currentData() or ""),
            neighbour_country=str(self.identity.neighbour.currentData() or ""),
            region=self.identity.region.currentData() or None,
            valid_from=valid_from,
            valid_to=days["valid_to"],
            next_review_due=days["next_review_due"],
            texts=self.tabs.written(),
            sources=self.sources.sources(),
            applies_to=self.applies.applicability(),
        )
        return content, []

    # ---- problems --------------------------------------------------------------------------

    def clear_errors(self) -> None:
        self.problems.clear()

    def show_problems(self, problems: list[ValidationError]) -> list[ValidationError]:
        """Put each problem under its field; returns those that have no field here."""
        return self.problems.show(problems)

    def focus_first_error(self, problems: list[ValidationError]) -> None:
        """The first field with a problem, in the order of the form."""
        self.problems.focus_first(problems)
