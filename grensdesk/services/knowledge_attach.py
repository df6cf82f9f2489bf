"""Attaching published comparison versions to consultations, detaching and listing them.

A consultation cites the exact version the adviser saw, not the comparison as it is now.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.i18n import _
from grensdesk.models import Consultation, ConsultationComparison
from grensdesk.services.context import Actor, require_role
from grensdesk.services.errors import NotFoundError, ValidationError
from grensdesk.services.events import record_event
from grensdesk.services.knowledge_checks import check_language
from grensdesk.services.knowledge_types import AttachedComparison
from grensdesk.services.knowledge_versions import load_versions, row_of, topic_codes


def attach_to_consultation(
    sessions: sessionmaker[Session], actor: Actor, consultation_id: int, version_id: int
) -> AttachedComparison:
    """Attach the exact version the adviser sees; attaching it twice changes nothing."""
    require_role(actor, "adviser", "expert", "editor")
    with sessions.begin() as session:
        consultation = session.get(Consultation, consultation_id)
        if consultation is None:
            raise NotFoundError(_("Unknown consultation {id}.").format(id=consultation_id))
        version = load_versions(session, [version_id]).get(version_id)
        if version is None or version.state != "published":
            raise ValidationError(
                _("Only a published comparison can be attached to a consultation."),
                field="version_id",
            )
        link = session.get(ConsultationComparison, (consultation_id, version_id))
        if link is None:
            link = ConsultationComparison(
                consultation_id=consultation_id,
                comparison_version_id=version_id,
                attached_by_id=actor.user_id,
                attached_at=dt.datetime.now(dt.UTC),
            )
            session.add(link)
            session.flush()
            record_event(
                session,
                "consultation.comparison_attached",
                "consultation",
                consultation_id,
                office_id=consultation.office_id,
                actor_id=actor.user_id,
                detail=f"comparison_version={version_id}",
            )
        codes = topic_codes(session)
        return AttachedComparison(
            consultation_id=consultation_id,
            row=row_of(version, codes[version.comparison.topic_id], consultation.language),
            attached_at=link.attached_at,
            attached_by_id=link.attached_by_id,
        )


def detach_from_consultation(
    sessions: sessionmaker[Session], actor: Actor, consultation_id: int, version_id: int
) -> None:
    require_role(actor, "adviser", "expert", "editor")
    with sessions.begin() as session:
        link = session.get(ConsultationComparison, (consultation_id, version_id))
        if link is None:
            return
        consultation = session.get(Consultation, consultation_id)
        session.delete(link)
        record_event(
            session,
            "consultation.comparison_detached",
            "consultation",
            consultation_id,
            office_id=consultation.office_id if consultation else None,
            actor_id=actor.user_id,
            detail=f"comparison_version={version_id}",
        )


def list_attached(
    sessions: sessionmaker[Session], actor: Actor, consultation_id: int, language: str = "nl"
) -> list[AttachedComparison]:
    """The versions attached to a consultation, in the order they were attached."""
    del actor  # whoever may open the consultation may see what it cites
    check_language(language)
    with sessions() as session:
        links = session.scalars(
            select(ConsultationComparison)
            .where(ConsultationComparison.consultation_id == consultation_id)
            .order_by(ConsultationComparison.attached_at)
        ).all()
        versions = load_versions(session, [link.comparison_version_id for link in links])
        codes = topic_codes(session)
        return [
            AttachedComparison(
                consultation_id=consultation_id,
                row=row_of(
                    versions[link.comparison_version_id],
                    codes[versions[link.comparison_version_id].comparison.topic_id],
                    language,
                ),
                attached_at=link.attached_at,
                attached_by_id=link.attached_by_id,
            )
            for link in links
        ]
