"""Every catalog translates every message and keeps its placeholders."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from grensdesk import i18n

ROOT = Path(__file__).resolve().parent.parent
# The same keywords as `make translations` (Makefile) passes to pybabel extract.
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "translate_in": (2,),
    "ngettext_in": (2, 3),
}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def source_messages() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "grensdesk", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_no_message_hides_inside_an_f_string() -> None:
    # pybabel cannot see _() inside an f-string, so such a message would never be translated.
    hidden = re.compile(r"""\bf(["']).*\{[^}]*\b(_|N_|ngettext)\(""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "grensdesk").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if hidden.search(line)
    ]
    assert offenders == []


def test_the_code_has_messages_to_translate() -> None:
    messages = source_messages()
    assert "Unknown user name or wrong password." in messages
    assert len(messages) > 50


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    po_file = ROOT / "translations" / language / "LC_MESSAGES" / "grensdesk.po"
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    problems: list[str] = []
    for message in sorted(source_messages(), key=str):
        msgid = message if isinstance(message, str) else message[0]
        entry = catalog.get(msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r} (run `make translations`)")
            continue
        if entry.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        translations = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        sources = (msgid,) if isinstance(message, str) else message
        for translation in translations:
            if not translation:
                problems.append(f"untranslated: {msgid!r}")
            elif placeholders(translation) != placeholders(sources[-1]):
                problems.append(f"placeholders differ: {msgid!r} -> {translation!r}")
    assert problems == [], f"{language}: {len(problems)} problems:\n" + "\n".join(problems[:40])


def test_language_switch_changes_what_underscore_returns() -> None:
    i18n.set_language("de")
    german = i18n._("Unknown user name or wrong password.")
    i18n.set_language("en")
    assert german != i18n._("Unknown user name or wrong password.")
    with pytest.raises(ValueError, match="unsupported language"):
        i18n.set_language("xx")


def test_a_letter_language_is_independent_of_the_ui_language() -> None:
    i18n.set_language("en")
    assert i18n.translate_in("fr", "Offices") != "Offices"
    assert i18n.current_language() == "en"


def test_dates_numbers_and_amounts_follow_the_locale() -> None:
    day = dt.date(2026, 10, 3)
    assert i18n.format_date(day, "de_DE") == "3. Oktober 2026"
    assert i18n.format_date(day, "nl_NL") == "3 oktober 2026"
    assert i18n.format_date(day, "fr_BE") == "3 octobre 2026"
    assert i18n.format_number(1234567.5, "de_DE") == "1.234.567,5"
    assert i18n.format_number(1234567.5, "en_GB") == "1,234,567.5"
    assert i18n.format_money(Decimal("2070.00"), locale="nl_NL") == "€\xa02.070,00"
    assert i18n.format_money(Decimal("2070.00"), locale="fr_BE").startswith("2\u202f070,00")
    assert i18n.locale_for("nl", "BE") == "nl_BE"
    assert i18n.locale_for("fr") == "fr_BE"
