"""Which pages a role sees. Only built pages are listed: no placeholders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from grensdesk.i18n import N_
from grensdesk.services.context import Actor
from grensdesk.ui.consultation.page import ConsultationPage
from grensdesk.ui.context import AppContext
from grensdesk.ui.editorial.page import EditorialPage
from grensdesk.ui.escalations.queue_page import EscalationsPage
from grensdesk.ui.knowledge.page import KnowledgePage
from grensdesk.ui.pages.base import Page
from grensdesk.ui.pages.offices_page import OfficesPage
from grensdesk.ui.pages.users_page import UsersPage
from grensdesk.ui.reports.page import ReportsPage


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # N_-marked; translated when shown
    roles: frozenset[str] | None  # None: every signed-in role
    factory: Callable[[AppContext, QWidget | None], Page]

    def visible_to(self, actor: Actor) -> bool:
        return self.roles is None or bool(self.roles & actor.roles)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("consultations", N_("Consultations"), frozenset({"adviser"}), ConsultationPage),
    # Experts: their topics' queue; advisers: their office's escalations.
    PageSpec("escalations", N_("Escalations"), frozenset({"expert", "adviser"}), EscalationsPage),
    # Coordinators open on their reports.
    PageSpec("reports", N_("Reports"), frozenset({"coordinator"}), ReportsPage),
    PageSpec("knowledge", N_("Knowledge base"), None, KnowledgePage),
    PageSpec("editorial", N_("Editorial"), frozenset({"editor"}), EditorialPage),
    PageSpec("offices", N_("Offices"), None, OfficesPage),
    PageSpec("users", N_("Users"), frozenset({"admin"}), UsersPage),
)


def pages_for(actor: Actor) -> list[PageSpec]:
    return [spec for spec in PAGES if spec.visible_to(actor)]
