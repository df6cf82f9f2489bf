"""How the consultation form is laid out: a heading, one column of captioned rows in the order
an adviser asks, the consent and the citizen's details, then the form's message; all of it in
a scroll area. The order of the rows is the tab order.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from grensdesk.i18n import _
from grensdesk.ui.consultation.attached import AttachedList
from grensdesk.ui.consultation.citizen import CitizenBlock
from grensdesk.ui.consultation.field_rows import FieldRows, pair
from grensdesk.ui.consultation.situation import SituationFields
from grensdesk.ui.consultation.topic_picker import TopicPicker


@dataclass(frozen=True)
class LaidOut:
    """The parts of the layout the form keeps using."""

    form: QFormLayout
    attached_row: int  # shown only when the consultation cites something
    heading: QLabel
    message: QLabel


def lay_out(
    owner: QWidget,
    rows: FieldRows,
    situation: SituationFields,
    topics: TopicPicker,
    attached: AttachedList,
    citizen: CitizenBlock,
) -> LaidOut:
    s = situation
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    rows.add(form, "started_at", pair(s.started_at, s.duration, s.clock_label), s.started_at)
    rows.share("duration_minutes", "started_at")
    rows.add(form, "channel", pair(s.channel, s.language), s.channel)
    rows.share("language", "channel")
    rows.add(
        form,
        "residence_country",
        pair(s.residence_country, s.residence_region),
        s.residence_country,
    )
    rows.share("residence_region", "residence_country")
    rows.add(form, "work_country", pair(s.work_country, s.work_region), s.work_country)
    rows.share("work_region", "work_country")
    rows.add(form, "profile", pair(s.profile, s.home_work), s.profile)
    rows.share("home_work_percent", "profile")
    rows.add(form, "topics", topics, topics.topic_entry)
    # Right below the topics, where the adviser looks: the rules cited for them.
    attached_row = form.rowCount()
    rows.add(form, "attached", attached)
    attached.show_attached([])
    form.setRowVisible(attached_row, False)
    rows.add(form, "question", s.question)
    rows.add(form, "advice", s.advice)
    rows.add(
        form,
        "follow_up_on",
        pair(s.follow_up_wanted, s.follow_up_on, s.status),
        s.follow_up_wanted,
    )
    rows.share("status", "follow_up_on")
    citizen.add_rows(rows)

    message = QLabel()
    message.setObjectName("form_message")
    message.setWordWrap(True)
    heading = QLabel()
    heading.setObjectName("form_heading")
    heading.setStyleSheet("font-size: 130%; font-weight: bold;")

    inner = QWidget()
    column = QVBoxLayout(inner)
    column.addWidget(heading)
    column.addLayout(form)
    column.addWidget(citizen.consent)
    column.addWidget(citizen.box)
    column.addWidget(message)
    column.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return LaidOut(form, attached_row, heading, message)


def retranslate_captions(rows: FieldRows) -> None:
    """The captions of the consultation's own rows (the citizen block has its own)."""
    rows.set_captions(
        {
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
        }
    )
