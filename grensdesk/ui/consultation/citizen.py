"""The citizen's contact details, asked only with their consent (needed for a letter).

The consent box shows and hides the group of contact fields below it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from grensdesk.i18n import _
from grensdesk.ui.consultation.choices import COUNTRY_LABELS, LANGUAGE_LABELS, fill
from grensdesk.ui.consultation.field_rows import FieldRows, pair


class CitizenBlock:
    """The consent check box and the group of contact fields it reveals."""

    def __init__(self) -> None:
        self.consent = QCheckBox()
        self.consent.setObjectName("consent")
        self.box = QGroupBox()
        self.name = QLineEdit()
        self.name.setObjectName("full_name")
        self.email = QLineEdit()
        self.email.setObjectName("email")
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.street = QLineEdit()
        self.street.setObjectName("street")
        self.postcode = QLineEdit()
        self.postcode.setObjectName("postcode")
        self.town = QLineEdit()
        self.town.setObjectName("town")
        self.country = QComboBox()
        self.country.setObjectName("citizen_country")
        self.language = QComboBox()
        self.language.setObjectName("citizen_language")
        self.consent.toggled.connect(self.box.setVisible)
        self.box.setVisible(False)

    def add_rows(self, rows: FieldRows) -> None:
        """Lay the contact fields out in the group box, with their captions and errors."""
        citizen = QFormLayout(self.box)
        rows.add(citizen, "full_name", self.name)
        rows.add(citizen, "email", self.email)
        rows.add(citizen, "phone", self.phone)
        rows.add(citizen, "street", self.street)
        rows.add(citizen, "postcode", pair(self.postcode, self.town, self.country), self.postcode)
        rows.share("town", "postcode")
        rows.add(citizen, "citizen_language", self.language)

    def fill_choices(self) -> None:
        fill(self.country, COUNTRY_LABELS)
        fill(self.language, LANGUAGE_LABELS)

    def text_fields(self) -> tuple[QLineEdit, ...]:
        return (self.name, self.email, self.phone, self.street, self.postcode, self.town)

    def retranslate_ui(self, rows: FieldRows) -> None:
        rows.set_captions(
            {
                "full_name": _("&Name"),
                "email": _("&E-mail"),
                "phone": _("P&hone"),
                "street": _("&Street and number"),
                "postcode": _("Post&code, town"),
                "citizen_language": _("Letter &language"),
            }
        )
        self.consent.setText(
            _("The citizen consents to storing their contact details (needed for a letter)")
        )
        self.box.setTitle(_("Citizen (only with consent)"))

    def focus_targets(self) -> dict[str, QWidget]:
        """The widget that takes the cursor for each field the service may report."""
        return {
            "full_name": self.name,
            "email": self.email,
            "phone": self.phone,
            "street": self.street,
            "postcode": self.postcode,
            "town": self.town,
            "citizen_language": self.language,
        }
