"""Checking what a reader asks for and what an editor writes in the knowledge base.

Each check names the field at fault, so that a form can point at it.
"""

from __future__ import annotations

from collections.abc import Sequence

from grensdesk.i18n import _
from grensdesk.models import COUNTRIES, LANGUAGES, PROFILES
from grensdesk.models.base import REGIONS
from grensdesk.models.knowledge import NEIGHBOUR_COUNTRIES
from grensdesk.services.errors import ValidationError
from grensdesk.services.knowledge_types import (
    FIELD_LABELS,
    Applicability,
    ComparisonContent,
    Source,
)


def check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError(
            _("Unknown language {language}. Choose one of {languages}.").format(
                language=language, languages=", ".join(LANGUAGES)
            ),
            field="language",
        )


def check_country(code: str, field_name: str) -> None:
    if code not in COUNTRIES:
        raise ValidationError(
            _("Unknown country {code}. Choose one of {countries}.").format(
                code=code, countries=", ".join(COUNTRIES)
            ),
            field=field_name,
        )


def check_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise ValidationError(
            _("Unknown profile {profile}. Choose one of {profiles}.").format(
                profile=profile, profiles=", ".join(PROFILES)
            ),
            field="profile",
        )


def content_problem(content: ComparisonContent) -> ValidationError | None:
    """The first rule ``content`` breaks (topics are checked against the database elsewhere)."""
    if content.neighbour_country not in NEIGHBOUR_COUNTRIES:
        return ValidationError(
            _("The neighbour country must be one of {countries}.").format(
                countries=", ".join(NEIGHBOUR_COUNTRIES)
            ),
            field="neighbour_country",
        )
    regions = REGIONS.get(content.neighbour_country, ())
    if content.region is not None and content.region not in regions:
        return ValidationError(
            _("Unknown region {region} for {country}. Choose one of {regions}.").format(
                region=content.region,
                country=content.neighbour_country,
                regions=", ".join(regions),
            ),
            field="region",
        )
    if content.valid_to is not None and content.valid_to < content.valid_from:
        return ValidationError(_("The end of validity lies before its start."), field="valid_to")
    if not content.texts:
        return ValidationError(_("Write the texts in at least one language."), field="texts")
    seen: set[str] = set()
    for texts in content.texts:
        if texts.language not in LANGUAGES or texts.language in seen:
            return ValidationError(
                _("Unknown or repeated language {language}.").format(language=texts.language),
                field="texts",
            )
        seen.add(texts.language)
        for name in ("title", "dutch_rule", "neighbour_rule", "practice"):
            if not getattr(texts, name).strip():
                return ValidationError(
                    _("The {field} ({language}) is required.").format(
                        field=_(FIELD_LABELS[name]).lower(), language=texts.language
                    ),
                    field=name,
                )
        if len(texts.title) > 200:
            return ValidationError(
                _("A title has at most {count} characters.").format(count=200), field="title"
            )
    return applicability_problem(content.applies_to) or sources_problem(content.sources)


def applicability_problem(applies: Applicability) -> ValidationError | None:
    for code in (*applies.residence, *applies.work):
        if code not in COUNTRIES:
            return ValidationError(
                _("Unknown country {code}. Choose one of {countries}.").format(
                    code=code, countries=", ".join(COUNTRIES)
                ),
                field="applies_to",
            )
    for profile in applies.profiles:
        if profile not in PROFILES:
            return ValidationError(
                _("Unknown profile {profile}. Choose one of {profiles}.").format(
                    profile=profile, profiles=", ".join(PROFILES)
                ),
                field="applies_to",
            )
    bounds = [b for b in (applies.home_work_min, applies.home_work_max) if b is not None]
    if any(not 0 <= bound <= 100 for bound in bounds) or (
        applies.home_work_min is not None
        and applies.home_work_max is not None
        and applies.home_work_min > applies.home_work_max
    ):
        return ValidationError(
            _("The home-working share runs from 0 to 100 %, the minimum not above the maximum."),
            field="applies_to",
        )
    return None


def sources_problem(sources: Sequence[Source]) -> ValidationError | None:
    for source in sources:
        if not source.title.strip():
            return ValidationError(_("Every source needs a title."), field="sources")
        if not source.url.startswith(("http://", "https://")):
            return ValidationError(
                _("A source link must start with http:// or https://: {url}").format(
                    url=source.url
                ),
                field="sources",
            )
    return None
