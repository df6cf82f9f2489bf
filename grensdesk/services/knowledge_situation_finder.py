"""The situation finder: the published comparisons that apply to a consultation, and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from sqlalchemy import and_, case, literal, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from grensdesk.db import reading
from grensdesk.models import Comparison, ComparisonVersion, Topic
from grensdesk.services.context import Actor
from grensdesk.services.knowledge import (
    ComparisonRow,
    check_country,
    check_language,
    check_profile,
)
from grensdesk.services.knowledge_search_rows import hydrate as _hydrate

# Why a comparison was listed for a situation, strongest first; the screen names them.
SCORE_TOPIC: Final = 100
SCORE_PROFILE: Final = 20
SCORE_HOME_WORK: Final = 15
SCORE_COUNTRY: Final = 10
SCORE_REGION: Final = 5


@dataclass(frozen=True)
class Situation:
    """The open consultation's situation, as the finder matches it."""

    residence: str
    work: str
    profile: str
    home_work_percent: int | None = None
    topics: tuple[str, ...] = ()
    residence_region: str | None = None
    work_region: str | None = None


@dataclass(frozen=True)
class SituationMatch:
    row: ComparisonRow
    score: int
    reasons: tuple[str, ...]


def check_situation(situation: Situation) -> None:
    check_country(situation.residence, "residence")
    check_country(situation.work, "work")
    check_profile(situation.profile)


def comparison_applies(
    situation: Situation,
    neighbour: str,
    region: str | None,
    residence: str,
    work: str,
    profiles: str,
    home_work_min: int | None,
    home_work_max: int | None,
) -> bool:
    if residence and situation.residence not in residence.split(","):
        return False
    if work and situation.work not in work.split(","):
        return False
    if profiles and situation.profile not in profiles.split(","):
        return False
    share = situation.home_work_percent
    if share is not None and (
        (home_work_min is not None and share < home_work_min)
        or (home_work_max is not None and share > home_work_max)
    ):
        return False
    neighbours = {situation.residence, situation.work} - {"NL"}
    if neighbours and neighbour not in neighbours:
        return False
    known = _regions_in(situation, neighbour)
    return region is None or not known or region in known


def _listed(column: InstrumentedAttribute[str], code: str) -> ColumnElement[bool]:
    """An empty list means "any"; otherwise ``code`` must be one of the comma-separated codes."""
    return or_(column == "", (literal(",") + column + literal(",")).like(f"%,{code},%"))


def find_for_situation(
    sessions: sessionmaker[Session],
    actor: Actor,
    situation: Situation,
    language: str = "nl",
    limit: int = 50,
    today: dt.date | None = None,
) -> list[SituationMatch]:
    """The published, currently valid comparisons that apply to a situation, best first."""
    del actor  # every role may look
    check_language(language)
    check_situation(situation)
    day = today or dt.date.today()
    conditions = [
        ComparisonVersion.state == "published",
        Comparison.status == "active",
        ComparisonVersion.valid_from <= day,
        or_(ComparisonVersion.valid_to.is_(None), ComparisonVersion.valid_to >= day),
        _listed(ComparisonVersion.residence_countries, situation.residence),
        _listed(ComparisonVersion.work_countries, situation.work),
        _listed(ComparisonVersion.profiles, situation.profile),
    ]
    neighbours = {situation.residence, situation.work} - {"NL"}
    if neighbours:
        conditions.append(Comparison.neighbour_country.in_(sorted(neighbours)))
    if situation.home_work_percent is not None:
        share = situation.home_work_percent
        conditions.append(
            and_(
                or_(
                    ComparisonVersion.home_work_min.is_(None),
                    ComparisonVersion.home_work_min <= share,
                ),
                or_(
                    ComparisonVersion.home_work_max.is_(None),
                    ComparisonVersion.home_work_max >= share,
                ),
            )
        )
    for country in sorted(neighbours):
        regions = _regions_in(situation, country)
        if regions:
            conditions.append(
                or_(
                    Comparison.region.is_(None),
                    Comparison.neighbour_country != country,
                    Comparison.region.in_(sorted(regions)),
                )
            )
    with reading(sessions) as session:
        topic_ids = set(
            session.scalars(select(Topic.id).where(Topic.code.in_(situation.topics))).all()
        )
        # Scored in SQL too, so that only a page of rows travels (thousands may apply);
        # _score below is the same sum and also names the reasons.
        known_regions = sorted(
            _regions_in(situation, situation.residence) | _regions_in(situation, situation.work)
        )
        score = (
            literal(1)
            + case((Comparison.topic_id.in_(sorted(topic_ids) or [-1]), SCORE_TOPIC), else_=0)
            + case((ComparisonVersion.profiles != "", SCORE_PROFILE), else_=0)
            + case((ComparisonVersion.residence_countries != "", SCORE_COUNTRY), else_=0)
            + case((ComparisonVersion.work_countries != "", SCORE_COUNTRY), else_=0)
            + case((Comparison.region.in_(known_regions or [""]), SCORE_REGION), else_=0)
        )
        if situation.home_work_percent is not None:
            score = score + case(
                (
                    or_(
                        ComparisonVersion.home_work_min.is_not(None),
                        ComparisonVersion.home_work_max.is_not(None),
                    ),
                    SCORE_HOME_WORK,
                ),
                else_=0,
            )
        rows = session.execute(
            select(
                ComparisonVersion.id,
                Comparison.topic_id,
                Comparison.neighbour_country,
                Comparison.region,
                ComparisonVersion.residence_countries,
                ComparisonVersion.work_countries,
                ComparisonVersion.profiles,
                ComparisonVersion.home_work_min,
                ComparisonVersion.home_work_max,
            )
            .join(Comparison, Comparison.id == ComparisonVersion.comparison_id)
            .where(*conditions)
            .order_by(score.desc(), ComparisonVersion.id)
            .limit(limit)
        ).all()
        scored: list[tuple[int, int, tuple[str, ...]]] = []
        for row in rows:
            result = _score(
                situation,
                topic_ids,
                topic_id=row[1],
                neighbour=row[2],
                region=row[3],
                residence=row[4],
                work=row[5],
                profiles=row[6],
                home_work=(row[7], row[8]),
            )
            if result is not None:
                scored.append((row[0], *result))
        scored.sort(key=lambda item: (-item[1], item[0]))
        top = scored[:limit]
        page, _texts = _hydrate(
            session, [version_id for version_id, _s, _r in top], language, with_bodies=False
        )
    matches = [
        SituationMatch(row=page[version_id], score=score, reasons=reasons)
        for version_id, score, reasons in top
    ]
    matches.sort(key=lambda match: (-match.score, match.row.title.casefold()))
    return matches[:limit]


def _score(
    situation: Situation,
    topic_ids: set[int],
    *,
    topic_id: int,
    neighbour: str,
    region: str | None,
    residence: str,
    work: str,
    profiles: str,
    home_work: tuple[int | None, int | None],
) -> tuple[int, tuple[str, ...]] | None:
    """How well a comparison fits, with the reasons; None when its region rules it out."""
    score, reasons = 1, list[str]()
    if topic_id in topic_ids:
        score, reasons = score + SCORE_TOPIC, [*reasons, "topic"]
    if profiles:
        score, reasons = score + SCORE_PROFILE, [*reasons, "profile"]
    if home_work != (None, None) and situation.home_work_percent is not None:
        score, reasons = score + SCORE_HOME_WORK, [*reasons, "home_work"]
    if residence:
        score, reasons = score + SCORE_COUNTRY, [*reasons, "residence"]
    if work:
        score, reasons = score + SCORE_COUNTRY, [*reasons, "work"]
    if region is not None:
        known = _regions_in(situation, neighbour)
        if known and region not in known:
            return None
        if region in known:
            score, reasons = score + SCORE_REGION, [*reasons, "region"]
    return score, tuple(reasons)


def _regions_in(situation: Situation, country: str) -> set[str]:
    regions: set[str] = set()
    if situation.residence == country and situation.residence_region:
        regions.add(situation.residence_region)
    if situation.work == country and situation.work_region:
        regions.add(situation.work_region)
    return regions
