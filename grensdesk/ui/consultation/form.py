"""The consultation form: keyboard first, in the order an adviser asks the questions.

Signals:
    changed(): anything in the form was edited (drives the draft autosave).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QElapsedTimer, QEvent, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.models import REGIONS
from grensdesk.services.consultations import CitizenInput, ConsultationDetail, ConsultationInput
from grensdesk.services.errors import ValidationError
from grensdesk.services.knowledge import AttachedComparison
from grensdesk.services.topics import TopicSummary
from grensdesk.ui.consultation.attached import AttachedList
from grensdesk.ui.consultation.choices import (
    CHANNEL_LABELS,
    COUNTRY_LABELS,
    LANGUAGE_LABELS,
    PROFILE_LABELS,
    STATUS_LABELS,
    choose,
    fill,
)

ERROR_STYLE = "color: #b00020;"
NO_SHARE = -1  # the spin box's "not asked" value


class ConsultationForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.consultation_id: int | None = None
        self.version: int | None = None
        self._topics: list[TopicSummary] = []
        self._clock = QElapsedTimer()
        self._duration_edited = False
        self._setting_duration = False  # the clock, not the adviser, is setting the minutes
        self._loading = False
        self.errors: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}

        self.started_at = QDateTimeEdit()
        self.started_at.setObjectName("started_at")
        self.started_at.setCalendarPopup(True)
        self.started_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.duration = QSpinBox()
        self.duration.setObjectName("duration_minutes")
        self.duration.setRange(0, 600)
        self.duration.valueChanged.connect(self._duration_typed)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clock")
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.residence_country = QComboBox()
        self.residence_country.setObjectName("residence_country")
        self.residence_region = QComboBox()
        self.residence_region.setObjectName("residence_region")
        self.work_country = QComboBox()
        self.work_country.setObjectName("work_country")
        self.work_region = QComboBox()
        self.work_region.setObjectName("work_region")
        self.profile = QComboBox()
        self.profile.setObjectName("profile")
        self.home_work = QSpinBox()
        self.home_work.setObjectName("home_work_percent")
        self.home_work.setRange(NO_SHARE, 100)
        self.home_work.setSuffix(" %")
        self.topic_entry = QLineEdit()
        self.topic_entry.setObjectName("topic_entry")
        self.topic_entry.returnPressed.connect(self._add_typed_topic)
        self.find_rules_button = QPushButton()  # the page decides what it does
        self.find_rules_button.setObjectName("find_rules")
        self.topic_list = QListWidget()
        self.topic_list.setObjectName("topics")
        self.topic_list.setMaximumHeight(72)
        self.topic_list.installEventFilter(self)
        self.question = QPlainTextEdit()
        self.question.setObjectName("question")
        self.question.setTabChangesFocus(True)
        self.advice = QPlainTextEdit()
        self.advice.setObjectName("advice")
        self.advice.setTabChangesFocus(True)
        self.follow_up_wanted = QCheckBox()
        self.follow_up_wanted.setObjectName("follow_up_wanted")
        self.follow_up_on = QDateEdit()
        self.follow_up_on.setObjectName("follow_up_on")
        self.follow_up_on.setCalendarPopup(True)
        self.follow_up_on.setDisplayFormat("yyyy-MM-dd")
        self.follow_up_on.setEnabled(False)
        self.follow_up_wanted.toggled.connect(self.follow_up_on.setEnabled)
        self.status = QComboBox()
        self.status.setObjectName("status")
        self.attached = AttachedList()

        self.consent = QCheckBox()
        self.consent.setObjectName("consent")
        self.citizen_box = QGroupBox()
        self.citizen_name = QLineEdit()
        self.citizen_name.setObjectName("full_name")
        self.citizen_email = QLineEdit()
        self.citizen_email.setObjectName("email")
        self.citizen_phone = QLineEdit()
        self.citizen_phone.setObjectName("phone")
        self.citizen_street = QLineEdit()
        self.citizen_street.setObjectName("street")
        self.citizen_postcode = QLineEdit()
        self.citizen_postcode.setObjectName("postcode")
        self.citizen_town = QLineEdit()
        self.citizen_town.setObjectName("town")
        self.citizen_country = QComboBox()
        self.citizen_country.setObjectName("citizen_country")
        self.citizen_language = QComboBox()
        self.citizen_language.setObjectName("citizen_language")
        self.consent.toggled.connect(self.citizen_box.setVisible)
        self.citizen_box.setVisible(False)

        self._build_layout()
        self._fill_choices()
        self.residence_country.currentIndexChanged.connect(
            lambda _i: self._fill_regions(self.residence_country, self.residence_region)
        )
        self.work_country.currentIndexChanged.connect(
            lambda _i: self._fill_regions(self.work_country, self.work_region)
        )
        self._connect_changes()
        self._tick = QTimer(self)
        self._tick.setInterval(15_000)
        self._tick.timeout.connect(self._update_clock)
        self.retranslate_ui()
        self.start_new()

    # ---- layout ----------------------------------------------------------------------------

    def _row(
        self, form: QFormLayout, key: str, field: QWidget, buddy: QWidget | None = None
    ) -> None:
        caption = QLabel()
        caption.setBuddy(buddy or field)
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(error)
        form.addRow(caption, column)
        self.captions[key] = caption
        self.errors[key] = error

    @staticmethod
    def _pair(*widgets: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget, 1)
        return holder

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        when = self._pair(self.started_at, self.duration, self.clock_label)
        self._row(form, "started_at", when, self.started_at)
        self.errors["duration_minutes"] = self.errors["started_at"]
        self._row(form, "channel", self._pair(self.channel, self.language), self.channel)
        self.errors["language"] = self.errors["channel"]
        self._row(
            form,
            "residence_country",
            self._pair(self.residence_country, self.residence_region),
            self.residence_country,
        )
        self.errors["residence_region"] = self.errors["residence_country"]
        self._row(
            form, "work_country", self._pair(self.work_country, self.work_region), self.work_country
        )
        self.errors["work_region"] = self.errors["work_country"]
        self._row(form, "profile", self._pair(self.profile, self.home_work), self.profile)
        self.errors["home_work_percent"] = self.errors["profile"]
        topics = QWidget()
        topic_column = QVBoxLayout(topics)
        topic_column.setContentsMargins(0, 0, 0, 0)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.topic_entry, 1)
        entry_row.addWidget(self.find_rules_button)
        topic_column.addLayout(entry_row)
        topic_column.addWidget(self.topic_list)
        self._row(form, "topics", topics, self.topic_entry)
        # Right below the topics, where the adviser looks: the rules cited for them.
        self._attached_row = form.rowCount()
        self._row(form, "attached", self.attached)
        self._form = form
        self.show_attached([])
        self._row(form, "question", self.question)
        self._row(form, "advice", self.advice)
        self._row(
            form,
            "follow_up_on",
            self._pair(self.follow_up_wanted, self.follow_up_on, self.status),
            self.follow_up_wanted,
        )
        self.errors["status"] = self.errors["follow_up_on"]

        citizen = QFormLayout(self.citizen_box)
        self._row(citizen, "full_name", self.citizen_name)
        self._row(citizen, "email", self.citizen_email)
        self._row(citizen, "phone", self.citizen_phone)
        self._row(citizen, "street", self.citizen_street)
        self._row(
            citizen,
            "postcode",
            self._pair(self.citizen_postcode, self.citizen_town, self.citizen_country),
            self.citizen_postcode,
        )
        self.errors["town"] = self.errors["postcode"]
        self._row(citizen, "citizen_language", self.citizen_language)

        self.message = QLabel()
        self.message.setObjectName("form_message")
        self.message.setWordWrap(True)
        self.heading = QLabel()
        self.heading.setObjectName("form_heading")
        self.heading.setStyleSheet("font-size: 130%; font-weight: bold;")

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.heading)
        column.addLayout(form)
        column.addWidget(self.consent)
        column.addWidget(self.citizen_box)
        column.addWidget(self.message)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _fill_choices(self) -> None:
        fill(self.channel, CHANNEL_LABELS)
        fill(self.language, LANGUAGE_LABELS)
        fill(self.residence_country, COUNTRY_LABELS)
        fill(self.work_country, COUNTRY_LABELS)
        fill(self.profile, PROFILE_LABELS)
        fill(self.status, STATUS_LABELS)
        fill(self.citizen_country, COUNTRY_LABELS)
        fill(self.citizen_language, LANGUAGE_LABELS)
        self._fill_regions(self.residence_country, self.residence_region)
        self._fill_regions(self.work_country, self.work_region)

    def _fill_regions(self, country: QComboBox, region: QComboBox) -> None:
        chosen = region.currentData()
        region.blockSignals(True)
        region.clear()
        region.addItem(_("(region)"), None)
        for name in REGIONS.get(str(country.currentData()), ()):
            region.addItem(name, name)
        choose(region, chosen)
        region.setEnabled(region.count() > 1)
        region.blockSignals(False)

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

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    # ---- texts -----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        captions = {
            "started_at": _("&When, minutes"),
            "channel": _("C&hannel, language"),
            "residence_country": _("Lives &in"),
            "work_country": _("&Works in"),
            "profile": _("&Profile, from home"),
            "topics": _("&Topics"),
            "question": _("&Question"),
            "advice": _("&Advice given"),
            "follow_up_on": _("&Follow-up, status"),
            "attached": _("Comparisons"),
            "full_name": _("&Name"),
            "email": _("&E-mail"),
            "phone": _("P&hone"),
            "street": _("&Street and number"),
            "postcode": _("Post&code, town"),
            "citizen_language": _("Letter &language"),
        }
        for key, text in captions.items():
            self.captions[key].setText(text)
        self.topic_entry.setPlaceholderText(_("type a topic, Enter adds it; Delete removes one"))
        self.question.setPlaceholderText(_("What does the citizen want to know?"))
        self.home_work.setSpecialValueText(_("not asked"))
        self.follow_up_wanted.setText(_("on"))
        self.consent.setText(
            _("The citizen consents to storing their contact details (needed for a letter)")
        )
        self.citizen_box.setTitle(_("Citizen (only with consent)"))
        self._fill_choices()
        self._fill_topic_completer()
        self._show_topics()
        self.attached.retranslate_ui()
        self._update_heading()
        self._update_clock()

    def _update_heading(self) -> None:
        if self.consultation_id is None:
            self.heading.setText(_("New consultation"))
        else:
            self.heading.setText(_("Consultation {id}").format(id=self.consultation_id))

    # ---- topics ----------------------------------------------------------------------------

    def set_topics(self, topics: list[TopicSummary]) -> None:
        self._topics = topics
        self._fill_topic_completer()
        self._show_topics()

    def _topic_name(self, code: str) -> str:
        language = i18n.current_language()
        return next((t.name(language) for t in self._topics if t.code == code), code)

    def _fill_topic_completer(self) -> None:
        language = i18n.current_language()
        completer = QCompleter([topic.name(language) for topic in self._topics], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._add_topic_named)
        self.topic_entry.setCompleter(completer)

    def _add_typed_topic(self) -> None:
        completer = self.topic_entry.completer()
        typed = self.topic_entry.text().strip()
        if completer is not None and completer.completionCount() and typed:
            completer.setCompletionPrefix(typed)
            typed = completer.currentCompletion() or typed
        self._add_topic_named(typed)

    def _add_topic_named(self, name: str) -> None:
        language = i18n.current_language()
        wanted = name.strip().casefold()
        topic = next((t for t in self._topics if t.name(language).casefold() == wanted), None)
        if topic is None:
            self.show_error(
                ValidationError(_("No topic is called {name}.").format(name=name), "topics")
            )
            return
        # QCompleter sets the text after this slot runs; clear it once it has.
        QTimer.singleShot(0, self.topic_entry.clear)
        if topic.code not in self.topic_codes():
            item = QListWidgetItem(topic.name(language))
            item.setData(Qt.ItemDataRole.UserRole, topic.code)
            self.topic_list.addItem(item)
            self.errors["topics"].hide()
            self._edited()

    def topic_codes(self) -> tuple[str, ...]:
        return tuple(
            str(self.topic_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.topic_list.count())
        )

    def _set_topic_codes(self, codes: tuple[str, ...]) -> None:
        self.topic_list.clear()
        for code in codes:
            item = QListWidgetItem(self._topic_name(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.topic_list.addItem(item)

    def _show_topics(self) -> None:
        self._set_topic_codes(self.topic_codes())

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (
            watched is self.topic_list
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            row = self.topic_list.currentRow()
            if row >= 0:
                self.topic_list.takeItem(row)
                self._edited()
            return True
        return super().eventFilter(watched, event)

    # ---- attached comparisons -------------------------------------------------------------

    def show_attached(self, attached: list[AttachedComparison]) -> None:
        """The row shows only when the consultation cites something."""
        self.attached.show_attached(attached)
        self._form.setRowVisible(self._attached_row, bool(attached))

    # ---- the clock -------------------------------------------------------------------------

    def _duration_typed(self, _value: int) -> None:
        if not self._loading and not self._setting_duration:
            self._duration_edited = True

    def _update_clock(self) -> None:
        if self.consultation_id is not None or not self._clock.isValid():
            self.clock_label.setText("")
            return
        minutes = int(self._clock.elapsed() / 60_000)
        self.clock_label.setText(_("running: {minutes} min").format(minutes=minutes))
        if not self._duration_edited:
            self._setting_duration = True
            self.duration.setValue(minutes)
            self._setting_duration = False

    def stop_clock(self) -> None:
        self._tick.stop()

    def elapsed_minutes(self) -> int:
        return int(self._clock.elapsed() / 60_000) if self._clock.isValid() else 0

    # ---- loading and reading ---------------------------------------------------------------

    def start_new(self, defaults: ConsultationInput | None = None) -> None:
        """An empty form; the clock starts now."""
        self._loading = True
        self.consultation_id = None
        self.version = None
        self.clear_errors()
        self.started_at.setDateTime(QDateTime.currentDateTime())
        self.duration.setValue(0)
        self._duration_edited = False
        for combo in (self.residence_region, self.work_region):
            combo.setCurrentIndex(0)
        choose(self.channel, "walk_in")
        choose(self.language, i18n.current_language())
        choose(self.residence_country, "NL")
        choose(self.work_country, "NL")
        choose(self.profile, "frontier_worker")
        choose(self.status, "open")
        self.home_work.setValue(NO_SHARE)
        self.topic_list.clear()
        self.topic_entry.clear()
        self.question.clear()
        self.advice.clear()
        self.follow_up_wanted.setChecked(False)
        self.follow_up_on.setDate(QDate.currentDate().addDays(14))
        self.consent.setChecked(False)
        for line in (
            self.citizen_name,
            self.citizen_email,
            self.citizen_phone,
            self.citizen_street,
            self.citizen_postcode,
            self.citizen_town,
        ):
            line.clear()
        self.show_attached([])
        if defaults is not None:
            self._set_values(defaults)
        self._clock.start()
        self._tick.start()
        self._loading = False
        self._update_heading()
        self._update_clock()

    def load(self, detail: ConsultationDetail) -> None:
        """Show a saved consultation; its duration is what was recorded."""
        self._loading = True
        self.clear_errors()
        self._tick.stop()
        self._clock.invalidate()
        if detail.id != self.consultation_id:
            self.show_attached([])  # the page loads the new one's
        self.consultation_id = detail.id
        self.version = detail.version
        self._set_values(detail.data)
        self._duration_edited = True
        self._loading = False
        self._update_heading()
        self._update_clock()

    def _set_values(self, data: ConsultationInput) -> None:
        local = data.started_at.astimezone()
        self.started_at.setDateTime(
            QDateTime(
                QDate(local.year, local.month, local.day),
                QTime(local.hour, local.minute),
            )
        )
        self.duration.setValue(data.duration_minutes)
        choose(self.channel, data.channel)
        choose(self.language, data.language)
        choose(self.residence_country, data.residence_country)
        self._fill_regions(self.residence_country, self.residence_region)
        choose(self.residence_region, data.residence_region)
        choose(self.work_country, data.work_country)
        self._fill_regions(self.work_country, self.work_region)
        choose(self.work_region, data.work_region)
        choose(self.profile, data.profile)
        self.home_work.setValue(
            NO_SHARE if data.home_work_percent is None else data.home_work_percent
        )
        self._set_topic_codes(data.topics)
        self.question.setPlainText(data.question)
        self.advice.setPlainText(data.advice)
        self.follow_up_wanted.setChecked(data.follow_up_on is not None)
        if data.follow_up_on is not None:
            day = data.follow_up_on
            self.follow_up_on.setDate(QDate(day.year, day.month, day.day))
        choose(self.status, data.status)
        citizen = data.citizen
        self.consent.setChecked(citizen is not None)
        self.citizen_name.setText(citizen.full_name if citizen else "")
        self.citizen_email.setText(citizen.email if citizen else "")
        self.citizen_phone.setText(citizen.phone if citizen else "")
        self.citizen_street.setText(citizen.street if citizen else "")
        self.citizen_postcode.setText(citizen.postcode if citizen else "")
        self.citizen_town.setText(citizen.town if citizen else "")
        if citizen is not None:
            choose(self.citizen_country, citizen.country or data.residence_country)
            choose(self.citizen_language, citizen.language)

    def to_input(self) -> ConsultationInput:
        """What the form holds, as typed; the service validates it."""
        moment = self.started_at.dateTime().toPython()
        assert isinstance(moment, dt.datetime)
        started = moment.replace(second=0, microsecond=0).astimezone(dt.UTC)
        follow_up: dt.date | None = None
        if self.follow_up_wanted.isChecked():
            follow = self.follow_up_on.date().toPython()
            assert isinstance(follow, dt.date)
            follow_up = follow
        citizen = None
        if self.consent.isChecked():
            citizen = CitizenInput(
                full_name=self.citizen_name.text().strip(),
                email=self.citizen_email.text().strip(),
                phone=self.citizen_phone.text().strip(),
                street=self.citizen_street.text().strip(),
                postcode=self.citizen_postcode.text().strip().upper(),
                town=self.citizen_town.text().strip(),
                country=self.citizen_country.currentData(),
                language=str(self.citizen_language.currentData()),
            )
        share = self.home_work.value()
        return ConsultationInput(
            started_at=started,
            duration_minutes=self.duration.value(),
            channel=str(self.channel.currentData()),
            language=str(self.language.currentData()),
            residence_country=str(self.residence_country.currentData()),
            residence_region=self.residence_region.currentData(),
            work_country=str(self.work_country.currentData()),
            work_region=self.work_region.currentData(),
            profile=str(self.profile.currentData()),
            home_work_percent=None if share == NO_SHARE else share,
            topics=self.topic_codes(),
            question=self.question.toPlainText().strip(),
            advice=self.advice.toPlainText().strip(),
            follow_up_on=follow_up,
            status=str(self.status.currentData()),
            citizen=citizen,
        )

    # ---- drafts ----------------------------------------------------------------------------

    def draft_state(self) -> dict[str, Any]:
        """Everything typed, as JSON-safe values (kept even when it is not valid yet)."""
        return {
            "started_at": self.started_at.dateTime().toString(Qt.DateFormat.ISODate),
            "duration": self.duration.value(),
            "duration_edited": self._duration_edited,
            "elapsed_minutes": self.elapsed_minutes(),
            "channel": self.channel.currentData(),
            "language": self.language.currentData(),
            "residence_country": self.residence_country.currentData(),
            "residence_region": self.residence_region.currentData(),
            "work_country": self.work_country.currentData(),
            "work_region": self.work_region.currentData(),
            "profile": self.profile.currentData(),
            "home_work": self.home_work.value(),
            "topics": list(self.topic_codes()),
            "question": self.question.toPlainText(),
            "advice": self.advice.toPlainText(),
            "follow_up_wanted": self.follow_up_wanted.isChecked(),
            "follow_up_on": self.follow_up_on.date().toString(Qt.DateFormat.ISODate),
            "status": self.status.currentData(),
            "consent": self.consent.isChecked(),
            "citizen": {
                "full_name": self.citizen_name.text(),
                "email": self.citizen_email.text(),
                "phone": self.citizen_phone.text(),
                "street": self.citizen_street.text(),
                "postcode": self.citizen_postcode.text(),
                "town": self.citizen_town.text(),
                "country": self.citizen_country.currentData(),
                "language": self.citizen_language.currentData(),
            },
        }

    def restore_draft(
        self, state: dict[str, Any], consultation_id: int | None, version: int | None
    ) -> None:
        self.start_new()
        self._loading = True
        self.consultation_id = consultation_id
        self.version = version
        self.started_at.setDateTime(
            QDateTime.fromString(str(state.get("started_at", "")), Qt.DateFormat.ISODate)
        )
        self.duration.setValue(int(state.get("duration", 0)))
        self._duration_edited = bool(state.get("duration_edited", True))
        for combo, key in (
            (self.channel, "channel"),
            (self.language, "language"),
            (self.residence_country, "residence_country"),
            (self.work_country, "work_country"),
            (self.profile, "profile"),
            (self.status, "status"),
        ):
            choose(combo, state.get(key))
        self._fill_regions(self.residence_country, self.residence_region)
        self._fill_regions(self.work_country, self.work_region)
        choose(self.residence_region, state.get("residence_region"))
        choose(self.work_region, state.get("work_region"))
        self.home_work.setValue(int(state.get("home_work", NO_SHARE)))
        self._set_topic_codes(tuple(str(code) for code in state.get("topics", [])))
        self.question.setPlainText(str(state.get("question", "")))
        self.advice.setPlainText(str(state.get("advice", "")))
        self.follow_up_wanted.setChecked(bool(state.get("follow_up_wanted")))
        self.follow_up_on.setDate(
            QDate.fromString(str(state.get("follow_up_on", "")), Qt.DateFormat.ISODate)
        )
        citizen = state.get("citizen") or {}
        self.consent.setChecked(bool(state.get("consent")))
        self.citizen_name.setText(str(citizen.get("full_name", "")))
        self.citizen_email.setText(str(citizen.get("email", "")))
        self.citizen_phone.setText(str(citizen.get("phone", "")))
        self.citizen_street.setText(str(citizen.get("street", "")))
        self.citizen_postcode.setText(str(citizen.get("postcode", "")))
        self.citizen_town.setText(str(citizen.get("town", "")))
        choose(self.citizen_country, citizen.get("country"))
        choose(self.citizen_language, citizen.get("language"))
        if consultation_id is not None:
            self._tick.stop()
            self._clock.invalidate()
        self._loading = False
        self._update_heading()
        self._update_clock()

    # ---- messages --------------------------------------------------------------------------

    def clear_errors(self) -> None:
        self.message.clear()
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_error(self, error: ValidationError) -> None:
        label = self.errors.get(error.field or "")
        if label is None:
            self.show_message(str(error), error=True)
            return
        text = label.text()
        label.setText(f"{text}\n{error}" if text else str(error))
        label.show()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def focus_first_error(self, fields: list[str | None]) -> None:
        widgets: dict[str, QWidget] = {
            "started_at": self.started_at,
            "duration_minutes": self.duration,
            "channel": self.channel,
            "language": self.language,
            "residence_country": self.residence_country,
            "residence_region": self.residence_region,
            "work_country": self.work_country,
            "work_region": self.work_region,
            "profile": self.profile,
            "home_work_percent": self.home_work,
            "topics": self.topic_entry,
            "question": self.question,
            "advice": self.advice,
            "follow_up_on": self.follow_up_on,
            "status": self.status,
            "full_name": self.citizen_name,
            "email": self.citizen_email,
            "phone": self.citizen_phone,
            "street": self.citizen_street,
            "postcode": self.citizen_postcode,
            "town": self.citizen_town,
            "citizen_language": self.citizen_language,
        }
        for field in fields:
            widget = widgets.get(field or "")
            if widget is not None:
                widget.setFocus()
                return
