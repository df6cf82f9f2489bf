"""Reading one import row's values as text, numbers, moments, dates, topics and consent.

A value that cannot be read is reported once, through the row's report function.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from grensdesk.i18n import _
from grensdesk.services.context import BORDER_ZONE

Report = Callable[[str | None, str], None]
"""Reports a problem of the row being read: the column (or None) and the message."""

_YES: Final = frozenset({"yes", "y", "ja", "j", "oui", "true", "1"})
_NO: Final = frozenset({"", "no", "n", "nee", "nein", "non", "false", "0"})


class Cells:
    """Typed reading of one row's values; a value that cannot be read is reported once."""

    def __init__(self, values: Mapping[Any, object], problem: Report) -> None:
        self.values = values
        self.problem = problem
        self.failed: set[str] = set()

    def _fail(self, name: str, message: str) -> None:
        if name not in self.failed:
            self.failed.add(name)
            self.problem(name, message)

    def is_blank(self, name: str) -> bool:
        value = self.values.get(name)
        return value is None or (isinstance(value, str) and not value.strip()) or value == []

    def text(self, name: str) -> str:
        value = self.values.get(name)
        if value is None or name in self.failed:
            return ""
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # ids of the old system are often numbers
        self._fail(name, _("Give text here."))
        return ""

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = value.strip().removesuffix("%").strip() if isinstance(value, str) else None
        if value is None or text == "":
            return None
        if text is not None and re.fullmatch(r"-?[0-9]+", text):
            return int(text)
        self._fail(name, _("{value} is not a whole number.").format(value=value))
        return None

    def moment(self, name: str) -> dt.datetime | None:
        text = self.text(name)
        if not text:
            return None
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            parsed = None
        if parsed is None or (len(text) <= 10 and "T" not in text):
            self._fail(
                name,
                _(
                    "{value} is not a date and time such as 2025-03-14T10:30+01:00 "
                    "or 2025-03-14 10:30."
                ).format(value=text),
            )
            return None
        if parsed.tzinfo is not None:
            return parsed.astimezone(dt.UTC)
        # Offices in the Netherlands, Germany and Belgium all keep Central European time.
        local = parsed.replace(tzinfo=BORDER_ZONE)
        if local.astimezone(dt.UTC).astimezone(BORDER_ZONE).replace(tzinfo=None) != parsed:
            self._fail(
                name,
                _("{value} does not exist in Dutch time: the clocks were put forward.").format(
                    value=text
                ),
            )
            return None
        return local.astimezone(dt.UTC)

    def date(self, name: str) -> dt.date | None:
        text = self.text(name)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self._fail(name, _("{value} is not a date such as 2025-03-28.").format(value=text))
            return None

    def topics(self) -> tuple[str, ...]:
        value = self.values.get("topics")
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            items: Iterable[str] = value
        elif isinstance(value, str):
            items = value.replace(",", ";").split(";")
        elif value is None:
            return ()
        else:
            self._fail("topics", _("Give the topic codes separated by semicolons."))
            return ()
        return tuple(code for item in items if (code := item.strip().lower()))

    def consent(self) -> bool | None:
        """True or False; None when the value cannot be read (and is reported)."""
        value = self.values.get("consent")
        if isinstance(value, bool):
            return value
        text = self.text("consent").lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        self._fail("consent", _("Write yes or no."))
        return None
