"""Rich text built from content that must never become markup: every piece is escaped.

Only the spans of a :class:`~grensdesk.services.knowledge_text.Highlighted` are wrapped in
``<b>``; titles, sources and names written by editors are shown as the characters they are.
"""

from __future__ import annotations

import html

from grensdesk import i18n
from grensdesk.i18n import _
from grensdesk.services.knowledge import ComparisonRow, Source
from grensdesk.services.knowledge_text import Highlighted
from grensdesk.ui.consultation.choices import LANGUAGE_LABELS


def highlighted_html(text: Highlighted) -> str:
    """The text escaped, with only the matched spans in bold."""
    parts: list[str] = []
    position = 0
    for start, end in text.spans:
        if start < position:
            continue  # overlapping spans: the first one wins
        parts.append(html.escape(text.text[position:start]))
        parts.append(f"<b>{html.escape(text.text[start:end])}</b>")
        position = end
    parts.append(html.escape(text.text[position:]))
    return "".join(parts)


def border_label(row: ComparisonRow) -> str:
    """NL–DE, or NL–BE (Vlaanderen) where the rules differ per region."""
    border = f"NL–{row.neighbour_country}"
    return f"{border} ({row.region})" if row.region else border


def validity_label(row: ComparisonRow) -> str:
    start = i18n.format_date(row.valid_from, style="medium")
    if row.valid_to is None:
        return _("valid from {start}").format(start=start)
    end = i18n.format_date(row.valid_to, style="medium")
    return _("valid {start} – {end}").format(start=start, end=end)


def language_name(code: str) -> str:
    return _(LANGUAGE_LABELS.get(code, code))


def result_html(row: ComparisonRow, title: Highlighted, topic_name: str) -> str:
    """Two lines of a result: the (highlighted) title, then topic, border and validity."""
    facts = [topic_name, border_label(row), validity_label(row)]
    if row.is_fallback:
        facts.append(_("in {language}").format(language=language_name(row.language)))
    details = " · ".join(html.escape(fact) for fact in facts)
    return f"{highlighted_html(title)}<br><small>{details}</small>"


def sources_html(sources: tuple[Source, ...]) -> str:
    """One link a line; the address is escaped for the attribute, the title for the text."""
    links = []
    for source in sources:
        url = html.escape(source.url, quote=True)
        links.append(f'<a href="{url}">{html.escape(source.title)}</a>')
    return "<br>".join(links)
