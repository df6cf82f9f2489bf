"""What a comparison is about: its code, topic, neighbour country and region.

Signals:
    changed(): the code, topic, country or region was edited.
    neighbour_changed(): another neighbour country was chosen (its regions are filled already).
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.models import REGIONS
from grensdesk.models.knowledge import NEIGHBOUR_COUNTRIES
from grensdesk.services.knowledge import ComparisonContent
from grensdesk.services.topics import TopicSummary
from grensdesk.ui.consultation.choices import COUNTRY_LABELS, choose
from grensdesk.ui.editorial.form_rows import FormGroup, line


def code_from_title(title: str) -> str:
    """A code suggested from a title: lower-case ASCII words joined by '-'."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:80].strip("-")


class IdentityFields(FormGroup):
    """The group "Comparison": code, topic, and the neighbour country with its region."""

    changed = Signal()
    neighbour_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code_typed = False
        self._topics: list[TopicSummary] = []
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setMaxLength(80)
        self.topic = QComboBox()
        self.topic.setObjectName("topic")
        self.neighbour = QComboBox()
        self.neighbour.setObjectName("neighbour_country")
        self.region = QComboBox()
        self.region.setObjectName("region")
        self.add_row("code", self.code, self.code)
        self.add_row("topic", self.topic, self.topic)
        self.add_row("neighbour_country", line(self.neighbour, self.region), self.neighbour)
        self.errors["region"] = self.errors["neighbour_country"]
        self.neighbour.currentIndexChanged.connect(self._neighbour_changed)
        for combo in (self.topic, self.region):
            combo.currentIndexChanged.connect(self._edited)
        self.code.textEdited.connect(self._code_edited)

    def _edited(self, *_args: object) -> None:
        self.changed.emit()

    def _code_edited(self, _text: str) -> None:
        self._code_typed = True
        self._edited()

    def _neighbour_changed(self, _index: int) -> None:
        self._fill_regions()
        self.neighbour_changed.emit()
        self._edited()

    def suggest_code(self, title: str) -> None:
        """The code follows the title until the editor types one."""
        if not self._code_typed:
            self.code.setText(code_from_title(title))

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

    def retranslate_ui(self) -> None:
        self.captions["code"].setText(_("&Code:"))
        self.captions["topic"].setText(_("T&opic:"))
        self.captions["neighbour_country"].setText(_("Nei&ghbour country:"))
        self.code.setPlaceholderText(_("e.g. child-benefit-live-nl-work-de"))
        self.setTitle(_("Comparison"))
        self._fill_topics()
        neighbour = self.neighbour.currentData()
        self.neighbour.blockSignals(True)
        self.neighbour.clear()
        for code in NEIGHBOUR_COUNTRIES:
            self.neighbour.addItem(_(COUNTRY_LABELS[code]), code)
        choose(self.neighbour, neighbour)
        self.neighbour.blockSignals(False)
        self._fill_regions()

    def neighbour_label(self) -> str:
        """The chosen neighbour country's name, in the language of the UI."""
        return _(COUNTRY_LABELS.get(self.neighbour.currentData() or "DE", "DE"))

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

    def start_new(self) -> None:
        """No code yet (it follows the title), Germany, the whole country."""
        self._code_typed = False
        self.code.clear()
        self.code.setReadOnly(False)
        choose(self.neighbour, "DE")
        self._fill_regions(chosen="")

    def set_identity(self, content: ComparisonContent) -> None:
        choose(self.topic, content.topic)
        choose(self.neighbour, content.neighbour_country)
        self._fill_regions(chosen=content.region or "")

    def set_read_only(self, read_only: bool) -> None:
        if read_only:
            self.code.setReadOnly(True)
        for widget in (self.topic, self.neighbour, self.region):
            widget.setEnabled(not read_only)
