"""The plain values the escalation services take and return (frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from grensdesk.i18n import N_
from grensdesk.services.errors import ServiceError

# Working days the back office has to answer, on the answering office's calendar.
DEADLINE_WORKING_DAYS: Final = {"normal": 10, "urgent": 3}
# Someone whose last heartbeat is older than this has closed the case.
VIEWER_TIMEOUT: Final = dt.timedelta(minutes=2)
QUEUE_LIMIT: Final = 200
# How a status is named to people (translate with ``_()`` when shown).
STATUS_LABELS: Final = {
    "new": N_("New"),
    "claimed": N_("Claimed"),
    "waiting": N_("Waiting for information"),
    "answered": N_("Answered"),
    "returned": N_("Returned"),
    "closed": N_("Closed"),
}
URGENCY_LABELS: Final = {"normal": N_("Normal"), "urgent": N_("Urgent")}


class AlreadyClaimedError(ServiceError):
    """Another expert claimed the escalation first; ``holder`` says who."""

    def __init__(self, message: str, holder: str = "") -> None:
        super().__init__(message)
        self.holder = holder


@dataclass(frozen=True)
class EscalationInput:
    """What the adviser fills in when escalating from a consultation."""

    topic: str  # topic code
    question: str
    checked_already: str = ""
    urgency: str = "normal"  # "normal" | "urgent"
    share_personal_data: bool = False  # the citizen consented to passing on their details
    answering_office_id: int | None = None  # a back office, or None: any expert of the topic


@dataclass(frozen=True)
class EscalationSummary:
    """One line of the queue or of a consultation's escalations."""

    id: int
    consultation_id: int
    topic_code: str
    topic_name: str  # in the reader's UI language
    urgency: str
    status: str
    assignee_id: int | None
    assignee_name: str
    office_id: int  # the front office that escalated
    office_name: str
    answering_office_id: int | None
    answering_office_name: str
    created_at: dt.datetime
    updated_at: dt.datetime
    due_on: dt.date
    working_days_left: int  # negative when overdue; frozen while waiting for information
    is_overdue: bool
    due_soon: bool  # due within one working day, not yet overdue
    version: int
    question_preview: str = ""  # the first line(s) of the question, for the queue


@dataclass(frozen=True)
class Situation:
    """The consultation's situation: what the expert always sees, consent or not."""

    residence_country: str
    residence_region: str | None
    work_country: str
    work_region: str | None
    profile: str
    home_work_percent: int | None


@dataclass(frozen=True)
class CitizenContact:
    """Only with the citizen's consent, and only for people who may see it."""

    full_name: str
    email: str
    phone: str
    language: str


@dataclass(frozen=True)
class EscalationMessage:
    id: int
    kind: str  # see MESSAGE_KINDS in grensdesk.models.escalations
    author_id: int | None
    author_name: str
    text: str
    cited_version_ids: tuple[int, ...]
    created_at: dt.datetime
    internal: bool  # an internal note: never shown to the front office


@dataclass(frozen=True)
class CitedVersion:
    id: int
    comparison_id: int
    comparison_code: str
    number: int
    title: str


@dataclass(frozen=True)
class EscalationStep:
    """One line of the history, from the event rows."""

    occurred_at: dt.datetime
    kind: str  # the event kind, e.g. "escalation.claimed"
    actor_name: str
    label: str  # translated, e.g. "Claimed"


@dataclass(frozen=True)
class Viewer:
    user_id: int
    name: str
    office_name: str
    since: dt.datetime


@dataclass(frozen=True)
class EscalationDetail:
    summary: EscalationSummary
    question: str
    checked_already: str
    share_personal_data: bool
    situation: Situation
    citizen: CitizenContact | None
    messages: tuple[EscalationMessage, ...]
    cited_versions: tuple[CitedVersion, ...]
    steps: tuple[EscalationStep, ...]
    viewers: tuple[Viewer, ...]  # others with the case open now (not the reader)
    paused_since: dt.date | None
    paused_working_days: int
    allowed_actions: frozenset[str]  # what the reader may do now, e.g. {"claim", "note"}

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def version(self) -> int:
        return self.summary.version

    @property
    def status(self) -> str:
        return self.summary.status


@dataclass(frozen=True)
class ExpertChoice:
    """Someone an escalation can be reassigned to."""

    user_id: int
    name: str
    office_id: int
    office_name: str


@dataclass(frozen=True)
class AnsweringOffice:
    """A back office an adviser can address an escalation to."""

    id: int
    code: str
    name: str
    country: str
    region: str | None
