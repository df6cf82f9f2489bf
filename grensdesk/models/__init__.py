"""SQLAlchemy typed ORM models: the shape of the shared database.

The Alembic migrations are the truth about the schema; a test proves they produce
exactly these models on SQLite and PostgreSQL. One module per area; everything is
re-exported here, so ``from grensdesk.models import Consultation`` keeps working.
"""

from grensdesk.models.base import (
    BORDERS,
    CHANNELS,
    CONSULTATION_STATUSES,
    COUNTRIES,
    LANGUAGES,
    OFFICE_KINDS,
    PROFILES,
    REGIONS,
    ROLES,
    Base,
    BigId,
    UtcDateTime,
)
from grensdesk.models.core import (
    Citizen,
    Consultation,
    Event,
    Office,
    Topic,
    UserAccount,
    UserRole,
    consultation_topic,
    user_topic,
)
from grensdesk.models.escalations import (
    ESCALATION_STATUSES,
    MESSAGE_KINDS,
    OPEN_ESCALATION_STATUSES,
    URGENCIES,
    Escalation,
    EscalationMessage,
    EscalationViewer,
    escalation_citation,
)
from grensdesk.models.knowledge import (
    Comparison,
    ComparisonSearch,
    ComparisonSource,
    ComparisonText,
    ComparisonVersion,
    ConsultationComparison,
)
from grensdesk.models.letters import Letter, LetterComparison
from grensdesk.models.report_indexes import (
    consultation_breakdown_index,
    consultation_report_index,
)

__all__ = [
    "BORDERS",
    "CHANNELS",
    "CONSULTATION_STATUSES",
    "COUNTRIES",
    "ESCALATION_STATUSES",
    "LANGUAGES",
    "MESSAGE_KINDS",
    "OFFICE_KINDS",
    "OPEN_ESCALATION_STATUSES",
    "PROFILES",
    "REGIONS",
    "ROLES",
    "URGENCIES",
    "Base",
    "BigId",
    "Citizen",
    "Comparison",
    "ComparisonSearch",
    "ComparisonSource",
    "ComparisonText",
    "ComparisonVersion",
    "Consultation",
    "ConsultationComparison",
    "Escalation",
    "EscalationMessage",
    "EscalationViewer",
    "Event",
    "Letter",
    "LetterComparison",
    "Office",
    "Topic",
    "UserAccount",
    "UserRole",
    "UtcDateTime",
    "consultation_breakdown_index",
    "consultation_report_index",
    "consultation_topic",
    "escalation_citation",
    "user_topic",
]
