"""What changed between two versions of a comparison, as a readable diff by section."""

from __future__ import annotations

import difflib

from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import N_, _, translate_in
from grensdesk.models import ComparisonVersion
from grensdesk.services.context import Actor
from grensdesk.services.errors import NotFoundError
from grensdesk.services.knowledge_checks import check_language
from grensdesk.services.knowledge_types import FIELD_LABELS, DiffLine, VersionDiff
from grensdesk.services.knowledge_versions import applicability_of, load_versions, pick_text


def _readable(version: ComparisonVersion, language: str) -> list[tuple[str, list[str]]]:
    """A version as labelled sections of lines, in the order the view shows them."""
    text, _fallback = pick_text(version.texts, language)

    def label(key: str) -> str:
        return translate_in(language, FIELD_LABELS[key])

    applies = applicability_of(version)
    sections: list[tuple[str, list[str]]] = [
        (label(name), getattr(text, name).splitlines() or [""])
        for name in ("title", "dutch_rule", "neighbour_rule", "practice", "legal_basis")
    ]
    sections.append(
        (
            translate_in(language, N_("Validity")),
            [f"{version.valid_from.isoformat()} – {version.valid_to or '…'}"],
        )
    )
    sections.append(
        (
            translate_in(language, N_("Applies to")),
            [
                f"residence: {', '.join(applies.residence) or '*'}",
                f"work: {', '.join(applies.work) or '*'}",
                f"profiles: {', '.join(applies.profiles) or '*'}",
                f"home work %: {applies.home_work_min or 0}–{applies.home_work_max or 100}",
            ],
        )
    )
    sections.append(
        (
            translate_in(language, N_("Sources")),
            [f"{source.title} <{source.url}>" for source in version.sources] or ["-"],
        )
    )
    return sections


def diff_versions(
    sessions: sessionmaker[Session],
    actor: Actor,
    old_version_id: int,
    new_version_id: int,
    language: str = "nl",
) -> VersionDiff:
    """What changed between two versions of one comparison, section by section."""
    check_language(language)
    with sessions() as session:
        versions = load_versions(session, [old_version_id, new_version_id])
        old, new = versions.get(old_version_id), versions.get(new_version_id)
        if old is None or new is None or old.comparison_id != new.comparison_id:
            raise NotFoundError(_("Choose two versions of the same comparison."))
        if not actor.has_role("editor") and {old.state, new.state} & {"draft", "in_review"}:
            raise NotFoundError(_("Choose two versions of the same comparison."))
        lines: list[DiffLine] = []
        for (heading, before), (_heading, after) in zip(
            _readable(old, language), _readable(new, language), strict=True
        ):
            lines.append(DiffLine("heading", heading))
            for line in difflib.ndiff(before, after):
                code, content = line[:2], line[2:]
                if code == "? ":
                    continue  # ndiff's intraline hints are for fixed-width terminals
                kind = {"- ": "removed", "+ ": "added"}.get(code, "same")
                lines.append(DiffLine(kind, content))
        return VersionDiff(old.number, new.number, language, tuple(lines))
