"""Rich text built from content that must never become markup: every piece is escaped.

Only the spans of a :class:`~grensdesk.services.knowledge_text.Highlighted` are wrapped in
``<b>``; titles, sources and names written by editors are shown as the characters they are.
"""

from __future__ import annotations

import html

from grensdesk import i18n
from grensdesk.i18n import N_, _
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


# Why the situation finder listed a comparison (reason codes of find_for_situation).
REASON_LABELS = {
    "topic": N_("topic of the consultation"),
    "profile": N_("profile"),
    "home_work": N_("share of work from home"),
    "residence": N_("country of residence"),
    "work": N_("country of work"),
    "region": N_("region"),
}


def result_html(
    row: ComparisonRow, title: Highlighted, topic_name: str, reasons: tuple[str, ...] = ()
) -> str:
    """A result: the (highlighted) title; topic, border and validity; why it fits, if known."""
    facts = [topic_name, border_label(row), validity_label(row)]
    if row.is_fallback:
        facts.append(_("in {language}").format(language=language_name(row.language)))
    details = " · ".join(html.escape(fact) for fact in facts)
    lines = [highlighted_html(title), f"<small>{details}</small>"]
    if reasons:
        why = ", ".join(_(REASON_LABELS[reason]) for reason in reasons if reason in REASON_LABELS)
        fits = _("Fits: {reasons}").format(reasons=why)
        lines.append(f"<small><i>{html.escape(fits)}</i></small>")
    return "<br>".join(lines)


def sources_html(sources: tuple[Source, ...]) -> str:
    """One link a line; the address is escaped for the attribute, the title for the text."""
    links = []
    for source in sources:
        url = html.escape(source.url, quote=True)
        links.append(f'<a href="{url}">{html.escape(source.title)}</a>')
    return "<br>".join(links)
