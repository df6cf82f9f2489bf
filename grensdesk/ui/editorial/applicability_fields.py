"""Whom a comparison applies to: where they live and work, their profiles, their home working.

Signals:
    changed(): a box was ticked or a share changed.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QSpinBox, QWidget

from grensdesk.i18n import _
from grensdesk.models import COUNTRIES, PROFILES
from grensdesk.services.knowledge import Applicability
from grensdesk.ui.consultation.choices import COUNTRY_LABELS, PROFILE_LABELS
from grensdesk.ui.editorial.form_rows import FormGroup, line

ANY_SHARE: Final = -1  # the spin box's "any share" value


class ApplicabilityFields(FormGroup):
    """The group "Applies to": nothing ticked and no shares set means everyone."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self._build_rows()
        for box in self.boxes():
            box.toggled.connect(self._edited)
        for spin in (self.home_min, self.home_max):
            spin.valueChanged.connect(self._edited)

    def _build_rows(self) -> None:
        first_residence = next(iter(self.residence.values()))
        first_work = next(iter(self.work.values()))
        self.add_row("residence", line(*self.residence.values()), first_residence)
        self.add_row("work", line(*self.work.values()), first_work)
        profile_grid = QWidget()
        grid = QGridLayout(profile_grid)
        grid.setContentsMargins(0, 0, 0, 0)
        for position, box in enumerate(self.profiles.values()):
            grid.addWidget(box, position // 3, position % 3)
        first_profile = next(iter(self.profiles.values()))
        self.add_row("profiles", profile_grid, first_profile)
        self.add_row("applies_to", line(self.home_min, self.home_max), self.home_min)

    def boxes(self) -> tuple[QCheckBox, ...]:
        return (*self.residence.values(), *self.work.values(), *self.profiles.values())

    def _edited(self, *_args: object) -> None:
        self.changed.emit()

    def retranslate_ui(self) -> None:
        self.captions["residence"].setText(_("Lives in:"))
        self.captions["work"].setText(_("Works in:"))
        self.captions["profiles"].setText(_("Profiles:"))
        self.captions["applies_to"].setText(_("Home working:"))
        self.setTitle(_("Applies to (nothing ticked: everyone)"))
        self.home_min.setPrefix(_("from "))
        self.home_max.setPrefix(_("to "))
        self.home_min.setSpecialValueText(_("no minimum"))
        self.home_max.setSpecialValueText(_("no maximum"))
        for code, box in (*self.residence.items(), *self.work.items()):
            box.setText(_(COUNTRY_LABELS[code]))
        for code, box in self.profiles.items():
            box.setText(_(PROFILE_LABELS[code]))

    def set_applicability(self, applies: Applicability) -> None:
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

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.home_min, self.home_max, *self.boxes()):
            widget.setEnabled(not read_only)

    def applicability(self) -> Applicability:
        return Applicability(
            residence=tuple(code for code, box in self.residence.items() if box.isChecked()),
            work=tuple(code for code, box in self.work.items() if box.isChecked()),
            profiles=tuple(code for code, box in self.profiles.items() if box.isChecked()),
            home_work_min=None if self.home_min.value() == ANY_SHARE else self.home_min.value(),
            home_work_max=None if self.home_max.value() == ANY_SHARE else self.home_max.value(),
        )
