"""Folding words for search (case, accents, ß) and marking matches in text for display.

The same folding feeds both engines' indexes and the query, so SQLite and PostgreSQL
find the same entries; highlights are computed here, on the original text, for the same
reason. A highlight is a list of (start, end) spans, never markup: the screen escapes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

WORD: Final = re.compile(r"[^\W_]+")
# Letters that carry no combining accent to strip, yet people type without them.
_LIGATURES: Final = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
SNIPPET_WORDS: Final = 24


@dataclass(frozen=True)
class Highlighted:
    """Text with the spans that matched the query, as (start, end) offsets into ``text``."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The text with the matches wrapped, for a terminal; a screen escapes ``text`` instead."""
        parts: list[str] = []
        position = 0
        for start, end in self.spans:
            parts.append(self.text[position:start])
            parts.append(f"{before}{self.text[start:end]}{after}")
            position = end
        parts.append(self.text[position:])
        return "".join(parts)


def _strip(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# The accented Latin letters of Dutch, German and French texts, folded once: a lookup table
# is many times faster than decomposing every text at every keystroke.
_LATIN: Final = str.maketrans({chr(code): _strip(chr(code)) for code in range(0xC0, 0x250)})


def fold(text: str) -> str:
    """Lower-case without accents: "Krankenversicherung", "Wallonië", "Straße" → plain ASCII-ish."""
    if text.isascii():
        return text.lower()  # the common case, and ten times faster
    quick = text.translate(_LATIN).lower()
    if quick.isascii():
        return quick
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def search_form(*texts: str) -> str:
    """What the indexes store: folded words separated by single spaces."""
    return " ".join(word for text in texts for word in words(text))


def query_terms(query: str) -> tuple[str, ...]:
    """The distinct folded words of a query, in order; each matches as a prefix."""
    return tuple(dict.fromkeys(words(query)))


@functools.lru_cache(maxsize=65_536)
def _fold_word(word: str) -> str:
    return fold(word)


def _matches(word: str, terms: Iterable[str]) -> bool:
    folded = _fold_word(word)
    return any(folded.startswith(term) for term in terms)


def highlight(text: str, terms: tuple[str, ...]) -> Highlighted:
    """Every word that starts with one of ``terms``, marked whole."""
    folded = fold(text)
    if len(folded) == len(text):  # offsets line up: one regular-expression pass
        return Highlighted(text, tuple(m.span() for m in _word_pattern(terms).finditer(folded)))
    spans = tuple(
        (match.start(), match.end())
        for match in WORD.finditer(text)
        if _matches(match.group(), terms)
    )
    return Highlighted(text, spans)


@functools.lru_cache(maxsize=256)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    r"""A term at the start of a word: ``(?<![^\W_])`` is "not after a letter or digit"."""
    return re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(term) for term in terms) + ")")


@functools.lru_cache(maxsize=256)
def _word_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_term_pattern(terms).pattern + r"[^\W_]*")


def first_match(text: str, terms: tuple[str, ...]) -> int | None:
    """Where the first word starting with one of ``terms`` begins, or None."""
    folded = fold(text)
    if len(folded) == len(text):  # offsets line up: one regular-expression search
        found = _term_pattern(terms).search(folded)
        return found.start() if found else None
    for match in WORD.finditer(text):  # "ß" → "ss" and the like shift offsets
        if _matches(match.group(), terms):
            return match.start()
    return None


def snippet(text: str, terms: tuple[str, ...], size: int = SNIPPET_WORDS) -> Highlighted:
    """About ``size`` words around the first match (or the start), highlighted."""
    flat = " ".join(text.split())
    offset = first_match(flat, terms) or 0
    tokens = flat.split(" ")
    first = max(0, flat.count(" ", 0, offset) - size // 3)
    last = min(len(tokens), first + size)
    prefix = "… " if first > 0 else ""
    suffix = " …" if last < len(tokens) else ""
    piece = highlight(" ".join(tokens[first:last]), terms)
    shift = len(prefix)
    return Highlighted(
        prefix + piece.text + suffix,
        tuple((a + shift, b + shift) for a, b in piece.spans),
    )
