"""Fill catalog entries from a JSON file, keeping the catalogs' layout.

    .venv/bin/python tools/fill_translations.py new.json

where new.json is ``{"de": {"msgid": "msgstr", "plural msgid": ["one", "many"]}, ...}``
(plural entries are keyed by their singular msgid). Run ``make translations`` first so
that the new messages are in the catalogs; ``tests/test_i18n.py`` checks the result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def fill(language: str, entries: dict[str, str | list[str]]) -> None:
    path = TRANSLATIONS / language / "LC_MESSAGES" / "grensdesk.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    for msgid, translation in entries.items():
        message = catalog.get(msgid)
        if message is None:
            raise SystemExit(f"{language}: no message {msgid!r}; run `make translations` first")
        message.string = tuple(translation) if isinstance(translation, list) else translation
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, no_location=True, width=76, sort_output=True)


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for language, entries in data.items():
        fill(language, entries)


if __name__ == "__main__":
    main()
