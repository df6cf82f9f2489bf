"""Translations (gettext catalogs managed with Babel) and locale-aware formatting.

Import explicitly: ``from grensdesk.i18n import _, N_, ngettext``. Messages use
named placeholders only: ``_("{count} consultations").format(count=n)``.

The catalogs are the ``.po`` files in ``translations/``; ``make translations``
compiles them to ``.mo`` files beside them (not committed). When a ``.mo`` file
is missing, the ``.po`` file is compiled in memory, so a plain ``pip install``
works too.
"""

from __future__ import annotations

import gettext
import io
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # only for hints: this module is on the start-up path
    import datetime as dt
    from decimal import Decimal

DOMAIN: Final = "grensdesk"
SOURCE_LANGUAGE: Final = "nl"
LANGUAGES: Final = ("nl", "de", "fr", "en")
TRANSLATIONS_DIR: Final = Path(__file__).resolve().parent.parent / "translations"

# The locale Babel formats with, by language, unless a country asks otherwise.
DEFAULT_LOCALES: Final = {"nl": "nl_NL", "de": "de_DE", "fr": "fr_BE", "en": "en_GB"}
LANGUAGE_NAMES: Final = {"nl": "Nederlands", "de": "Deutsch", "fr": "Français", "en": "English"}

_lock = threading.Lock()
_catalogs: dict[str, gettext.NullTranslations] = {}
_current: gettext.NullTranslations = gettext.NullTranslations()
_current_language: str = SOURCE_LANGUAGE


def N_(message: str) -> str:  # noqa: N802 - the conventional name for "mark for extraction"
    """Mark a string for extraction without translating it now."""
    return message


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _current.ngettext(singular, plural, count)


def translate_in(language: str, message: str) -> str:
    """Translate into a language other than the UI's (letters, reports)."""
    return catalog(language).gettext(message)


def ngettext_in(language: str, singular: str, plural: str, count: int) -> str:
    return catalog(language).ngettext(singular, plural, count)


def current_language() -> str:
    return _current_language


def set_language(language: str) -> None:
    """Switch the language that ``_`` translates into."""
    global _current, _current_language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _current = catalog(language)
    _current_language = language


def catalog(language: str) -> gettext.NullTranslations:
    with _lock:
        found = _catalogs.get(language)
        if found is None:
            found = _load_catalog(language)
            _catalogs[language] = found
        return found


def _load_catalog(language: str) -> gettext.NullTranslations:
    folder = TRANSLATIONS_DIR / language / "LC_MESSAGES"
    mo_file = folder / f"{DOMAIN}.mo"
    po_file = folder / f"{DOMAIN}.po"
    if mo_file.exists() and (
        not po_file.exists() or mo_file.stat().st_mtime >= po_file.stat().st_mtime
    ):
        with mo_file.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po_file.exists():
        return _compile_in_memory(po_file)
    return gettext.NullTranslations()


def _compile_in_memory(po_file: Path) -> gettext.NullTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        parsed = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, parsed)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def locale_for(language: str, country: str | None = None) -> str:
    """The Babel locale for a language, e.g. Dutch in Belgium is nl_BE."""
    if country == "BE" and language in ("nl", "fr"):
        return f"{language}_BE"
    if country == "NL" and language == "nl":
        return "nl_NL"
    return DEFAULT_LOCALES.get(language, "nl_NL")


def format_date(value: dt.date, locale: str | None = None, style: str = "long") -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=style, locale=locale or locale_for(_current_language))


def format_datetime(value: dt.datetime, locale: str | None = None, style: str = "medium") -> str:
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(
        value, format=style, locale=locale or locale_for(_current_language)
    )


def format_number(value: int | float | Decimal, locale: str | None = None) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale or locale_for(_current_language))


def format_percent(value: float | Decimal, locale: str | None = None) -> str:
    from babel.numbers import format_percent as babel_format_percent

    return babel_format_percent(value, locale=locale or locale_for(_current_language))


def format_money(
    amount: Decimal | int | float, currency: str = "EUR", locale: str | None = None
) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=locale or locale_for(_current_language))
