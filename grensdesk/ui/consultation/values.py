"""Reading and writing the consultation form's values: empty, from a saved consultation, as
the ``ConsultationInput`` the service validates, and as a draft of JSON-safe values.

The writers emit the widgets' change signals; the form ignores them while it loads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime

from grensdesk import i18n
from grensdesk.services.consultations import CitizenInput, ConsultationInput
from grensdesk.ui.consultation.choices import choose
from grensdesk.ui.consultation.citizen import CitizenBlock
from grensdesk.ui.consultation.clock import ConsultationClock
from grensdesk.ui.consultation.situation import NO_SHARE, SituationFields
from grensdesk.ui.consultation.topic_picker import TopicPicker


class FormValues:
    """Moves values between the form's widgets and the service's and the draft's types."""

    def __init__(
        self,
        situation: SituationFields,
        topics: TopicPicker,
        citizen: CitizenBlock,
        clock: ConsultationClock,
    ) -> None:
        self.situation = situation
        self.topics = topics
        self.citizen = citizen
        self.clock = clock

    def clear(self) -> None:
        """A new consultation: starting now, the usual choices, nothing typed."""
        s = self.situation
        s.started_at.setDateTime(QDateTime.currentDateTime())
        s.duration.setValue(0)
        self.clock.duration_edited = False
        for combo in (s.residence_region, s.work_region):
            combo.setCurrentIndex(0)
        choose(s.channel, "walk_in")
        choose(s.language, i18n.current_language())
        choose(s.residence_country, "NL")
        choose(s.work_country, "NL")
        choose(s.profile, "frontier_worker")
        choose(s.status, "open")
        s.home_work.setValue(NO_SHARE)
        self.topics.clear()
        s.question.clear()
        s.advice.clear()
        s.follow_up_wanted.setChecked(False)
        s.follow_up_on.setDate(QDate.currentDate().addDays(14))
        self.citizen.consent.setChecked(False)
        for line in self.citizen.text_fields():
            line.clear()

    def write(self, data: ConsultationInput) -> None:
        s = self.situation
        local = data.started_at.astimezone()
        s.started_at.setDateTime(
            QDateTime(
                QDate(local.year, local.month, local.day),
                QTime(local.hour, local.minute),
            )
        )
        s.duration.setValue(data.duration_minutes)
        choose(s.channel, data.channel)
        choose(s.language, data.language)
        choose(s.residence_country, data.residence_country)
        s.fill_regions(s.residence_country, s.residence_region)
        choose(s.residence_region, data.residence_region)
        choose(s.work_country, data.work_country)
        s.fill_regions(s.work_country, s.work_region)
        choose(s.work_region, data.work_region)
        choose(s.profile, data.profile)
        s.home_work.setValue(NO_SHARE if data.home_work_percent is None else data.home_work_percent)
        self.topics.set_topic_codes(data.topics)
        s.question.setPlainText(data.question)
        s.advice.setPlainText(data.advice)
        s.follow_up_wanted.setChecked(data.follow_up_on is not None)
        if data.follow_up_on is not None:
            day = data.follow_up_on
            s.follow_up_on.setDate(QDate(day.year, day.month, day.day))
        choose(s.status, data.status)
        c = self.citizen
        citizen = data.citizen
        c.consent.setChecked(citizen is not None)
        c.name.setText(citizen.full_name if citizen else "")
        c.email.setText(citizen.email if citizen else "")
        c.phone.setText(citizen.phone if citizen else "")
        c.street.setText(citizen.street if citizen else "")
        c.postcode.setText(citizen.postcode if citizen else "")
        c.town.setText(citizen.town if citizen else "")
        if citizen is not None:
            choose(c.country, citizen.country or data.residence_country)
            choose(c.language, citizen.language)

    def read(self) -> ConsultationInput:
        """What the form holds, as typed; the service validates it."""
        s = self.situation
        moment = s.started_at.dateTime().toPython()
        assert isinstance(moment, dt.datetime)
        started = moment.replace(second=0, microsecond=0).astimezone(dt.UTC)
        follow_up: dt.date | None = None
        if s.follow_up_wanted.isChecked():
            follow = s.follow_up_on.date().toPython()
            assert isinstance(follow, dt.date)
            follow_up = follow
        c = self.citizen
        citizen = None
        if c.consent.isChecked():
            citizen = CitizenInput(
                full_name=c.name.text().strip(),
                email=c.email.text().strip(),
                phone=c.phone.text().strip(),
                street=c.street.text().strip(),
                postcode=c.postcode.text().strip().upper(),
                town=c.town.text().strip(),
                country=c.country.currentData(),
                language=str(c.language.currentData()),
            )
        share = s.home_work.value()
        return ConsultationInput(
            started_at=started,
            duration_minutes=s.duration.value(),
            channel=str(s.channel.currentData()),
            language=str(s.language.currentData()),
            residence_country=str(s.residence_country.currentData()),
            residence_region=s.residence_region.currentData(),
            work_country=str(s.work_country.currentData()),
            work_region=s.work_region.currentData(),
            profile=str(s.profile.currentData()),
            home_work_percent=None if share == NO_SHARE else share,
            topics=self.topics.topic_codes(),
            question=s.question.toPlainText().strip(),
            advice=s.advice.toPlainText().strip(),
            follow_up_on=follow_up,
            status=str(s.status.currentData()),
            citizen=citizen,
        )

    def draft_state(self) -> dict[str, Any]:
        """Everything typed, as JSON-safe values (kept even when it is not valid yet)."""
        s = self.situation
        c = self.citizen
        return {
            "started_at": s.started_at.dateTime().toString(Qt.DateFormat.ISODate),
            "duration": s.duration.value(),
            "duration_edited": self.clock.duration_edited,
            "elapsed_minutes": self.clock.elapsed_minutes(),
            "channel": s.channel.currentData(),
            "language": s.language.currentData(),
            "residence_country": s.residence_country.currentData(),
            "residence_region": s.residence_region.currentData(),
            "work_country": s.work_country.currentData(),
            "work_region": s.work_region.currentData(),
            "profile": s.profile.currentData(),
            "home_work": s.home_work.value(),
            "topics": list(self.topics.topic_codes()),
            "question": s.question.toPlainText(),
            "advice": s.advice.toPlainText(),
            "follow_up_wanted": s.follow_up_wanted.isChecked(),
            "follow_up_on": s.follow_up_on.date().toString(Qt.DateFormat.ISODate),
            "status": s.status.currentData(),
            "consent": c.consent.isChecked(),
            "citizen": {
                "full_name": c.name.text(),
                "email": c.email.text(),
                "phone": c.phone.text(),
                "street": c.street.text(),
                "postcode": c.postcode.text(),
                "town": c.town.text(),
                "country": c.country.currentData(),
                "language": c.language.currentData(),
            },
        }

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Write back what ``draft_state`` returned."""
        s = self.situation
        s.started_at.setDateTime(
            QDateTime.fromString(str(state.get("started_at", "")), Qt.DateFormat.ISODate)
        )
        s.duration.setValue(int(state.get("duration", 0)))
        self.clock.duration_edited = bool(state.get("duration_edited", True))
        for combo, key in (
            (s.channel, "channel"),
            (s.language, "language"),
            (s.residence_country, "residence_country"),
            (s.work_country, "work_country"),
            (s.profile, "profile"),
            (s.status, "status"),
        ):
            choose(combo, state.get(key))
        s.fill_all_regions()
        choose(s.residence_region, state.get("residence_region"))
        choose(s.work_region, state.get("work_region"))
        s.home_work.setValue(int(state.get("home_work", NO_SHARE)))
        self.topics.set_topic_codes(tuple(str(code) for code in state.get("topics", [])))
        s.question.setPlainText(str(state.get("question", "")))
        s.advice.setPlainText(str(state.get("advice", "")))
        s.follow_up_wanted.setChecked(bool(state.get("follow_up_wanted")))
        s.follow_up_on.setDate(
            QDate.fromString(str(state.get("follow_up_on", "")), Qt.DateFormat.ISODate)
        )
        c = self.citizen
        citizen = state.get("citizen") or {}
        c.consent.setChecked(bool(state.get("consent")))
        c.name.setText(str(citizen.get("full_name", "")))
        c.email.setText(str(citizen.get("email", "")))
        c.phone.setText(str(citizen.get("phone", "")))
        c.street.setText(str(citizen.get("street", "")))
        c.postcode.setText(str(citizen.get("postcode", "")))
        c.town.setText(str(citizen.get("town", "")))
        choose(c.country, citizen.get("country"))
        choose(c.language, citizen.get("language"))
