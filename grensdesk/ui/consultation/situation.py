"""The consultation's own fields: when and how, where the citizen lives and works, the
question and the advice, and the follow-up.

Plain widgets, no layout: ``form_layout`` puts them in rows, the topics between them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from grensdesk.i18n import _
from grensdesk.models import REGIONS
from grensdesk.ui.consultation.choices import (
    CHANNEL_LABELS,
    COUNTRY_LABELS,
    LANGUAGE_LABELS,
    PROFILE_LABELS,
    STATUS_LABELS,
    choose,
    fill,
)

NO_SHARE = -1  # the spin box's "not asked" value


class SituationFields:
    """The fields of the consultation apart from its topics and the citizen."""

    def __init__(self) -> None:
        self.started_at = QDateTimeEdit()
        self.started_at.setObjectName("started_at")
        self.started_at.setCalendarPopup(True)
        self.started_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.duration = QSpinBox()
        self.duration.setObjectName("duration_minutes")
        self.duration.setRange(0, 600)
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

    def fill_choices(self) -> None:
        """(Re)fill the choices in the UI language, keeping what is chosen."""
        fill(self.channel, CHANNEL_LABELS)
        fill(self.language, LANGUAGE_LABELS)
        fill(self.residence_country, COUNTRY_LABELS)
        fill(self.work_country, COUNTRY_LABELS)
        fill(self.profile, PROFILE_LABELS)
        fill(self.status, STATUS_LABELS)

    def fill_all_regions(self) -> None:
        self.fill_regions(self.residence_country, self.residence_region)
        self.fill_regions(self.work_country, self.work_region)

    @staticmethod
    def fill_regions(country: QComboBox, region: QComboBox) -> None:
        """The regions of the chosen country; disabled when it has none."""
        chosen = region.currentData()
        region.blockSignals(True)
        region.clear()
        region.addItem(_("(region)"), None)
        for name in REGIONS.get(str(country.currentData()), ()):
            region.addItem(name, name)
        choose(region, chosen)
        region.setEnabled(region.count() > 1)
        region.blockSignals(False)

    def follow_countries(self) -> None:
        """Each region list follows its country."""
        self.residence_country.currentIndexChanged.connect(
            lambda _i: self.fill_regions(self.residence_country, self.residence_region)
        )
        self.work_country.currentIndexChanged.connect(
            lambda _i: self.fill_regions(self.work_country, self.work_region)
        )

    def retranslate_ui(self) -> None:
        self.question.setPlaceholderText(_("What does the citizen want to know?"))
        self.home_work.setSpecialValueText(_("not asked"))
        self.follow_up_wanted.setText(_("on"))

    def focus_targets(self) -> dict[str, QWidget]:
        """The widget that takes the cursor for each field the service may report."""
        return {
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
            "question": self.question,
            "advice": self.advice,
            "follow_up_on": self.follow_up_on,
            "status": self.status,
        }
