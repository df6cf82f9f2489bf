"""Letters by language in a monthly report: which languages the GIPs write to people in."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from grensdesk.models.letters import Letter
from grensdesk.services.report_figures import Figures, empty_series, month_index
from grensdesk.services.report_months import MonthWindow


def letters_by_language(
    session: Session, window: MonthWindow, office_ids: Sequence[int] | None
) -> Figures:
    conditions = [Letter.created_at >= window.start, Letter.created_at < window.end]
    if office_ids is not None:
        conditions.append(Letter.office_id.in_(office_ids))
    rows = (
        select(month_index(Letter.created_at, window).label("m"), Letter.language)
        .where(*conditions)
        .subquery("letters")
    )
    figures: Figures = {"letters": {}}
    for month, language, count in session.execute(
        select(rows.c.m, rows.c.language, func.count()).group_by(rows.c.m, rows.c.language)
    ):
        figures["letters"].setdefault(language, empty_series())[month] = int(count)
    return figures
