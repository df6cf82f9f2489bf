"""A readable diff: changed lines marked − and +, and within them the changed words.

The service compares line by line; here each run of removed lines is paired with the added
run that follows it and compared word by word, so a changed amount stands out in a long
paragraph. Every piece of text is escaped: what editors wrote never becomes markup.
Colour is never the only cue: removed words are struck through, added words are bold.
"""

from __future__ import annotations

import difflib
import html
import re
from typing import Final

from PySide6.QtWidgets import QTextBrowser, QWidget

from grensdesk.i18n import _
from grensdesk.services.knowledge import DiffLine, VersionDiff

TOKENS: Final = re.compile(r"\w+|\s+|[^\w\s]")
LINE_STYLE: Final = {
    "same": "",
    "removed": "background-color: #fdecea;",
    "added": "background-color: #e6f4ea;",
}
WORD_STYLE: Final = {
    "removed": "background-color: #f4b4ae; text-decoration: line-through;",
    "added": "background-color: #a8dab5; font-weight: bold;",
}
SIGN: Final = {"same": "\u2007 ", "removed": "− ", "added": "+ "}
HEADING_STYLE: Final = "color: #1f3d63; font-weight: bold; margin-top: 8px;"

Mark = tuple[str, str]  # ("added" | "removed", the changed words)


def _tokens(text: str) -> list[str]:
    return TOKENS.findall(text)


def _line(kind: str, pieces: list[tuple[bool, str]]) -> str:
    """One line; pieces are (changed, text), the changed ones highlighted."""
    body = "".join(
        f'<span style="{WORD_STYLE[kind]}">{html.escape(text)}</span>'
        if changed
        else html.escape(text)
        for changed, text in pieces
    )
    return (
        f'<p style="margin: 0; white-space: pre-wrap; {LINE_STYLE[kind]}">'
        f"{html.escape(SIGN[kind])}{body}</p>"
    )


def _pair(old: str, new: str) -> tuple[list[tuple[bool, str]], list[tuple[bool, str]]]:
    """Word-level pieces of a removed line and the added line that replaced it."""
    before, after = _tokens(old), _tokens(new)
    removed: list[tuple[bool, str]] = []
    added: list[tuple[bool, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            removed.append((False, "".join(before[i1:i2])))
            added.append((False, "".join(after[j1:j2])))
        else:
            if i2 > i1:
                removed.append((True, "".join(before[i1:i2])))
            if j2 > j1:
                added.append((True, "".join(after[j1:j2])))
    return _joined(removed), _joined(added)


def _joined(pieces: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """Changed words separated only by a space become one change: "kost 35 euro", not three."""
    joined: list[tuple[bool, str]] = []
    for changed, text in pieces:
        if not text:
            continue
        if (
            changed
            and len(joined) >= 2
            and joined[-2][0]
            and not joined[-1][0]
            and not joined[-1][1].strip()
        ):
            space = joined.pop()[1]
            joined[-1] = (True, joined[-1][1] + space + text)
        elif joined and joined[-1][0] == changed:
            joined[-1] = (changed, joined[-1][1] + text)
        else:
            joined.append((changed, text))
    return joined


def diff_html(diff: VersionDiff) -> tuple[str, list[Mark]]:
    """The diff as escaped rich text, and the changed words (for screen readers and tests)."""
    parts: list[str] = []
    marks: list[Mark] = []
    lines = list(diff.lines)
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.kind == "heading":
            parts.append(f'<p style="{HEADING_STYLE}">{html.escape(line.text)}</p>')
            index += 1
            continue
        if line.kind == "same":
            parts.append(_line("same", [(False, line.text)]))
            index += 1
            continue
        removed = _run(lines, index, "removed")
        added = _run(lines, index + len(removed), "added")
        index += len(removed) + len(added)
        for position in range(max(len(removed), len(added))):
            old = removed[position].text if position < len(removed) else None
            new = added[position].text if position < len(added) else None
            if old is not None and new is not None:
                old_pieces, new_pieces = _pair(old, new)
            else:
                old_pieces = [(True, old)] if old else []
                new_pieces = [(True, new)] if new else []
            for kind, pieces, text in (("removed", old_pieces, old), ("added", new_pieces, new)):
                if text is None:
                    continue
                parts.append(_line(kind, pieces))
                marks.extend((kind, piece.strip()) for changed, piece in pieces if changed)
    return "".join(parts), [mark for mark in marks if mark[1]]


def _run(lines: list[DiffLine], start: int, kind: str) -> list[DiffLine]:
    run = []
    for line in lines[start:]:
        if line.kind != kind:
            break
        run.append(line)
    return run


class DiffView(QTextBrowser):
    """Shows a :class:`VersionDiff` (read-only); ``marks`` lists the changed words shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diff_view")
        self.setOpenLinks(False)  # addresses in sources are text here, not links
        self.marks: list[Mark] = []
        self.diff: VersionDiff | None = None
        self._note = ""

    def show_diff(self, diff: VersionDiff | None, note: str = "") -> None:
        """The diff, or ``note`` (escaped) when there is nothing to compare."""
        self.diff = diff
        self._note = note
        self._show()

    def retranslate_ui(self) -> None:
        self._show()

    def _show(self) -> None:
        diff = self.diff
        if diff is None:
            self.marks = []
            self.setHtml(f"<p>{html.escape(self._note)}</p>")
            return
        body, self.marks = diff_html(diff)
        if not diff.changed:
            note = html.escape(_("No differences."))
            body = f"<p><i>{note}</i></p>" + body
        self.setHtml(body)
