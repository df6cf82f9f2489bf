"""The consultation form: keyboard first, in the order an adviser asks the questions.

The form wires its parts together and decides when they load; the parts live next door:
``situation`` (the fields), ``topic_picker``, ``citizen``, ``clock``, ``values`` (reading and
writing them), ``field_rows`` (captions and errors) and ``form_layout`` (where they all go).

Signals:
    changed(): anything in the form was edited (drives the draft autosave).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from grensdesk.i18n import _
from grensdesk.services.consultations import ConsultationDetail, ConsultationInput
from grensdesk.services.errors import ValidationError
from grensdesk.services.knowledge import AttachedComparison
from grensdesk.services.topics import TopicSummary
from grensdesk.ui.consultation.attached import AttachedList
from grensdesk.ui.consultation.citizen import CitizenBlock
from grensdesk.ui.consultation.clock import ConsultationClock
from grensdesk.ui.consultation.field_rows import ERROR_STYLE, FieldRows, focus_first
from grensdesk.ui.consultation.form_layout import lay_out, retranslate_captions
from grensdesk.ui.consultation.situation import SituationFields
from grensdesk.ui.consultation.topic_picker import TopicPicker
from grensdesk.ui.consultation.values import FormValues


class ConsultationForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.consultation_id: int | None = None
        self.version: int | None = None
        self._loading = False
        self.rows = FieldRows()
        self.errors = self.rows.errors
        self.captions = self.rows.captions

        # The widgets stay reachable as the form's attributes (the page and tests use them).
        self.situation = situation = SituationFields()
        self.started_at = situation.started_at
        self.duration = situation.duration
        self.clock_label = situation.clock_label
        self.clock = ConsultationClock(self.duration, self.clock_label, self)
        self.duration.valueChanged.connect(self._duration_typed)
        self.channel = situation.channel
        self.language = situation.language
        self.residence_country = situation.residence_country
        self.residence_region = situation.residence_region
        self.work_country = situation.work_country
        self.work_region = situation.work_region
        self.profile = situation.profile
        self.home_work = situation.home_work
        self.topic_picker = TopicPicker()
        self.topic_entry = self.topic_picker.topic_entry
        self.find_rules_button = self.topic_picker.find_rules_button
        self.topic_list = self.topic_picker.topic_list
        self.question = situation.question
        self.advice = situation.advice
        self.follow_up_wanted = situation.follow_up_wanted
        self.follow_up_on = situation.follow_up_on
        self.status = situation.status
        self.attached = AttachedList()
        self.citizen = citizen = CitizenBlock()
        self.consent = citizen.consent
        self.citizen_box = citizen.box
        self.citizen_name = citizen.name
        self.citizen_email = citizen.email
        self.citizen_phone = citizen.phone
        self.citizen_street = citizen.street
        self.citizen_postcode = citizen.postcode
        self.citizen_town = citizen.town
        self.citizen_country = citizen.country
        self.citizen_language = citizen.language

        laid_out = lay_out(self, self.rows, situation, self.topic_picker, self.attached, citizen)
        self._form = laid_out.form
        self._attached_row = laid_out.attached_row
        self.heading = laid_out.heading
        self.message = laid_out.message
        self._fill_choices()
        situation.follow_countries()
        self._connect_changes()
        self.clock.ticked.connect(self._update_clock)
        self.values = FormValues(situation, self.topic_picker, citizen, self.clock)
        self.retranslate_ui()
        self.start_new()

    # ---- choices and change signals -------------------------------------------------------

    def _fill_choices(self) -> None:
        self.situation.fill_choices()
        self.citizen.fill_choices()
        self.situation.fill_all_regions()

    def _connect_changes(self) -> None:
        for combo in self.findChildren(QComboBox):
            combo.currentIndexChanged.connect(self._edited)
        for line in self.findChildren(QLineEdit):
            if line is not self.topic_entry and line.parent() is not None:
                line.textEdited.connect(self._edited)
        for text in (self.question, self.advice):
            text.textChanged.connect(self._edited)
        for spin in (self.duration, self.home_work):
            spin.valueChanged.connect(self._edited)
        for box in (self.consent, self.follow_up_wanted):
            box.toggled.connect(self._edited)
        self.started_at.dateTimeChanged.connect(self._edited)
        self.follow_up_on.dateChanged.connect(self._edited)
        self.topic_picker.topic_added.connect(self._topic_added)
        self.topic_picker.topic_removed.connect(self._edited)
        self.topic_picker.rejected.connect(self._topic_rejected)

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def _topic_added(self) -> None:
        self.rows.hide_error("topics")
        self._edited()

    def _topic_rejected(self, message: str) -> None:
        self.show_error(ValidationError(message, "topics"))

    # ---- texts -----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        retranslate_captions(self.rows)
        self.citizen.retranslate_ui(self.rows)
        self.situation.retranslate_ui()
        self._fill_choices()
        self.topic_picker.retranslate_ui()
        self.attached.retranslate_ui()
        self._update_heading()
        self._update_clock()

    def _update_heading(self) -> None:
        if self.consultation_id is None:
            self.heading.setText(_("New consultation"))
        else:
            self.heading.setText(_("Consultation {id}").format(id=self.consultation_id))

    # ---- topics and attached comparisons ---------------------------------------------------

    def set_topics(self, topics: list[TopicSummary]) -> None:
        self.topic_picker.set_topics(topics)

    def topic_codes(self) -> tuple[str, ...]:
        return self.topic_picker.topic_codes()

    def _add_topic_named(self, name: str) -> None:
        """As if the adviser picked ``name`` in the type-ahead (the tests use it)."""
        self.topic_picker.add_topic_named(name)

    def show_attached(self, attached: list[AttachedComparison]) -> None:
        """The row shows only when the consultation cites something."""
        self.attached.show_attached(attached)
        self._form.setRowVisible(self._attached_row, bool(attached))

    # ---- the clock -------------------------------------------------------------------------

    def _duration_typed(self, _value: int) -> None:
        if not self._loading:
            self.clock.duration_typed()

    def _update_clock(self) -> None:
        self.clock.show_time(running=self.consultation_id is None)

    def stop_clock(self) -> None:
        self.clock.stop()

    def elapsed_minutes(self) -> int:
        return self.clock.elapsed_minutes()

    # ---- loading and reading ---------------------------------------------------------------

    def start_new(self, defaults: ConsultationInput | None = None) -> None:
        """An empty form; the clock starts now."""
        self._loading = True
        self.consultation_id = None
        self.version = None
        self.clear_errors()
        self.values.clear()
        self.show_attached([])
        if defaults is not None:
            self.values.write(defaults)
        self.clock.start()
        self._loading = False
        self._update_heading()
        self._update_clock()

    def load(self, detail: ConsultationDetail) -> None:
        """Show a saved consultation; its duration is what was recorded."""
        self._loading = True
        self.clear_errors()
        self.clock.forget()
        if detail.id != self.consultation_id:
            self.show_attached([])  # the page loads the new one's
        self.consultation_id = detail.id
        self.version = detail.version
        self.values.write(detail.data)
        self.clock.duration_edited = True
        self._loading = False
        self._update_heading()
        self._update_clock()

    def to_input(self) -> ConsultationInput:
        """What the form holds, as typed; the service validates it."""
        return self.values.read()

    def draft_state(self) -> dict[str, Any]:
        """Everything typed, as JSON-safe values (kept even when it is not valid yet)."""
        return self.values.draft_state()

    def restore_draft(
        self, state: dict[str, Any], consultation_id: int | None, version: int | None
    ) -> None:
        self.start_new()
        self._loading = True
        self.consultation_id = consultation_id
        self.version = version
        self.values.restore_draft(state)
        if consultation_id is not None:
            self.clock.forget()
        self._loading = False
        self._update_heading()
        self._update_clock()

    # ---- messages --------------------------------------------------------------------------

    def clear_errors(self) -> None:
        self.message.clear()
        self.rows.clear()

    def show_error(self, error: ValidationError) -> None:
        if not self.rows.show_error(error):
            self.show_message(str(error), error=True)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def focus_first_error(self, fields: list[str | None]) -> None:
        targets = {
            **self.situation.focus_targets(),
            "topics": self.topic_entry,
            **self.citizen.focus_targets(),
        }
        focus_first(fields, targets)
