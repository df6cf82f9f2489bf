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
from grensdesk.models.knowledge import (
    Comparison,
    ComparisonSearch,
    ComparisonSource,
    ComparisonText,
    ComparisonVersion,
    ConsultationComparison,
)

__all__ = [
    "BORDERS",
    "CHANNELS",
    "CONSULTATION_STATUSES",
    "COUNTRIES",
    "LANGUAGES",
    "OFFICE_KINDS",
    "PROFILES",
    "REGIONS",
    "ROLES",
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
    "Event",
    "Office",
    "Topic",
    "UserAccount",
    "UserRole",
    "UtcDateTime",
    "consultation_topic",
    "user_topic",
]
