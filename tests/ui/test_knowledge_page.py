"""The knowledge-base screen, used the way an adviser uses it: type, read, attach."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from grensdesk.bootstrap import Database
from grensdesk.i18n import _
from grensdesk.models import ComparisonVersion, ConsultationComparison
from grensdesk.services.consultations import ConsultationInput, save_consultation
from grensdesk.services.context import system_actor
from grensdesk.services.knowledge import get_comparison
from grensdesk.services.knowledge_format import import_yaml, load_published_content
from grensdesk.ui.consultation.choices import LANGUAGE_LABELS
from grensdesk.ui.consultation.page import ConsultationPage
from grensdesk.ui.knowledge.page import KnowledgePage
from grensdesk.ui.main_window import MainWindow
from tests.conftest import sign_in_as
from tests.ui.gui_driver import GuiDriver
from tests.ui.test_consultation_page import press, type_here

MARKUP_ENTRY = """
format: 1
comparisons:
  - code: markup-in-content
    topic: other
    neighbour: DE
    valid_from: 2026-01-01
    reviewed_by: "Redactie <i>&amp;</i>"
    reviewed_at: 2026-02-01
    texts:
      nl:
        title: "Grenswerk <b>& Co</b>"
        dutch_rule: "Regel <script>alert(1)</script>"
        neighbour_rule: "Regel & co"
        practice: "In de praktijk <br> niets"
    sources:
      - title: "Bron <i>schuin</i> & zo"
        url: "https://example.org/?a=1&b=<2>"
"""


@pytest.fixture
def content(database: Database) -> Database:
    """The real comparisons of resources/knowledge (the test databases start without any)."""
    load_published_content(database.sessions)
    return database


def knowledge_page(gui: GuiDriver, qtbot: QtBot, window: MainWindow) -> KnowledgePage:
    """Go › Knowledge base (Ctrl+3 for an adviser), and wait until it has loaded."""
    page = window.page("knowledge")
    assert isinstance(page, KnowledgePage)
    window.page_actions[[spec.key for spec in window.specs].index("knowledge")].trigger()
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.results.count() > 0)
    gui.wait_until_idle()
    return page


def search_for(gui: GuiDriver, qtbot: QtBot, page: KnowledgePage, text: str) -> None:
    qtbot.keyClicks(page.search_field, text)
    qtbot.waitUntil(lambda: page.results.item(0) is not None and _first_is_found(page, text))
    gui.wait_until_idle()


def _first_is_found(page: KnowledgePage, text: str) -> bool:
    return page.search_field.text() == text and not page._debounce.isActive()


def plain(rich: str) -> str:
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def test_typing_finds_health_insurance_first_with_the_match_in_bold(
    database_url: str, content: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(database_url)
    page = knowledge_page(gui, qtbot, gui.sign_in("anna"))
    assert page.search_field.hasFocus()
    with content.sessions() as session:
        published = session.scalar(
            select(func.count()).where(ComparisonVersion.state == "published")
        )
    assert page.results.count() == published >= 40  # empty search: every comparison

    search_for(gui, qtbot, page, "zorgverz")

    first = page.results.rich_text(0)
    assert first.startswith("<b>Zorgverzekering</b>")
    # The four health-insurance comparisons have it in the title: they come before the
    # entries that only mention it in their texts.
    titles = [page.results.item(row).text() for row in range(page.results.count())]
    assert all(title.startswith("Zorgverzekering") for title in titles[:4])
    assert not any(title.startswith("Zorgverzekering") for title in titles[4:])
    assert page.view.detail is not None
    assert page.view.detail.row.topic_code == "health_insurance"
    assert page.view.title.text() == page.results.item(0).text()


def test_a_comparison_shows_both_rules_side_by_side_and_its_sources(
    database_url: str, content: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(database_url)
    page = knowledge_page(gui, qtbot, gui.sign_in("anna"))
    search_for(gui, qtbot, page, "zorgverzekering wonen in Duitsland")
    press(qtbot, Qt.Key.Key_Down)  # from the search field into the results …
    press(qtbot, Qt.Key.Key_Up)  # … and back to the first
    gui.wait_until_idle()
    view = page.view
    assert view.detail is not None
    shown = get_comparison(
        content.sessions,
        sign_in_as(content, "anna"),
        version_id=view.detail.row.version_id,
        language="nl",
    )
    assert view.detail.row.code == "health-insurance-live-de-work-nl"
    assert view.dutch_rule.text() == shown.texts.dutch_rule
    assert view.neighbour_rule.text() == shown.texts.neighbour_rule
    assert view.dutch_heading.text() == _("Netherlands")
    assert view.neighbour_heading.text() == _("Germany")
    # Side by side: the same height on the screen, the Dutch rule on the left.
    dutch = view.dutch_rule.mapTo(view.widget(), view.dutch_rule.rect().topLeft())
    neighbour = view.neighbour_rule.mapTo(view.widget(), view.neighbour_rule.rect().topLeft())
    assert dutch.y() == neighbour.y() and dutch.x() < neighbour.x()
    assert view.practice.text() == shown.texts.practice
    for source in shown.sources:
        assert f'href="{source.url.replace("&", "&amp;")}"' in view.sources.text()
    assert view.sources.openExternalLinks()
    assert not view.fallback.isVisible()
    assert shown.reviewer_name in view.review.text()


def test_a_missing_language_is_marked_as_a_fallback(
    database_url: str, content: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(database_url)
    page = knowledge_page(gui, qtbot, gui.sign_in("anna"))
    search_for(gui, qtbot, page, "zorgverzekering wonen in Duitsland")
    page.language.setFocus()
    type_here(qtbot, _(LANGUAGE_LABELS["fr"]))  # the German entries have no French text
    qtbot.waitUntil(lambda: page.content_language() == "fr")
    qtbot.waitUntil(lambda: page.view.detail is not None and page.view.detail.row.is_fallback)
    gui.wait_until_idle()
    assert page.view.fallback.isVisible()
    assert page.view.fallback.text() == _(
        "Shown in {shown}: there is no text in {requested} yet."
    ).format(shown=_(LANGUAGE_LABELS["nl"]), requested=_(LANGUAGE_LABELS["fr"]))
    assert page.view.detail.row.code == "health-insurance-live-de-work-nl"  # still the same one


def test_find_rules_from_a_consultation_and_attach_the_exact_version(
    database_url: str, content: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    anna = sign_in_as(content, "anna")
    saved = save_consultation(
        content.sessions,
        anna,
        ConsultationInput(
            started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
            duration_minutes=30,
            channel="walk_in",
            language="nl",
            residence_country="DE",
            work_country="NL",
            profile="frontier_worker",
            topics=("health_insurance",),
            question="Waar verzekerd?",
        ),
    )
    gui.start(database_url)
    window = gui.sign_in("anna")
    consultations = window.page("consultations")
    assert isinstance(consultations, ConsultationPage)
    qtbot.waitUntil(lambda: consultations.list.model.rowCount() == 1)
    consultations.list.table.setFocus()
    consultations.list.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Return)  # open it
    qtbot.waitUntil(lambda: consultations.form.consultation_id == saved.id)
    gui.wait_until_idle()
    assert not consultations.form.attached.isVisible()  # nothing cited yet

    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    page = window.page("knowledge")
    assert isinstance(page, KnowledgePage)
    assert window.current_page() is page
    qtbot.waitUntil(lambda: page.view.detail is not None)
    gui.wait_until_idle()
    assert page.results.hasFocus()
    assert str(saved.id) in page.situation_label.text()
    assert page.view.detail is not None
    assert page.view.detail.row.code == "health-insurance-live-de-work-nl"  # the best fit first
    why = page.results.rich_text(0)  # and the list says why it fits
    assert _("Fits: {reasons}").format(reasons="") in why
    assert _("topic of the consultation") in why and _("country of residence") in why
    assert page.attach_button.isEnabled()
    version_id = page.view.detail.row.version_id

    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.message.text() != "")
    gui.wait_until_idle()
    with content.sessions() as session:
        cited = session.scalars(
            select(ConsultationComparison.comparison_version_id).where(
                ConsultationComparison.consultation_id == saved.id
            )
        ).all()
    assert cited == [version_id]

    window.page_actions[0].trigger()  # back to the consultation (Ctrl+1)
    attached = consultations.form.attached
    qtbot.waitUntil(lambda: attached.count() == 1)
    assert attached.isVisible()
    assert attached.item(0).text() == _("{title} (version {number})").format(
        title=page.view.detail.row.title, number=page.view.detail.row.number
    )


def test_an_unsaved_consultation_must_be_saved_before_attaching(
    database_url: str, content: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    gui.start(database_url)
    window = gui.sign_in("anna")
    consultations = window.page("consultations")
    assert isinstance(consultations, ConsultationPage)
    gui.wait_until_idle()
    consultations.form.residence_country.setFocus()
    type_here(qtbot, _("Germany"))
    qtbot.mouseClick(consultations.find_rules_button, Qt.MouseButton.LeftButton)
    page = window.page("knowledge")
    assert isinstance(page, KnowledgePage)
    qtbot.waitUntil(lambda: page.view.detail is not None)
    gui.wait_until_idle()
    assert _("Fits the consultation being written: {situation}").split(":")[0] in (
        page.situation_label.text()
    )
    assert not page.attach_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.message.text() == _(
        "Save the consultation first; then comparisons can be attached to it."
    )


def test_markup_in_content_is_shown_literally(
    database_url: str, database: Database, gui: GuiDriver, qtbot: QtBot
) -> None:
    import_yaml(database.sessions, system_actor(), MARKUP_ENTRY)
    gui.start(database_url)
    page = knowledge_page(gui, qtbot, gui.sign_in("anna"))
    search_for(gui, qtbot, page, "grenswerk")

    rich = page.results.rich_text(0)
    assert "<b>Grenswerk</b> &lt;b&gt;&amp; Co&lt;/b&gt;" in rich
    assert plain(rich).startswith("Grenswerk <b>& Co</b>")
    view = page.view
    assert view.title.text() == "Grenswerk <b>& Co</b>"
    assert view.title.textFormat() == Qt.TextFormat.PlainText
    assert view.dutch_rule.text() == "Regel <script>alert(1)</script>"
    assert view.dutch_rule.textFormat() == Qt.TextFormat.PlainText
    assert "Bron &lt;i&gt;schuin&lt;/i&gt; &amp; zo</a>" in view.sources.text()
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in view.sources.text()
    assert "Redactie <i>&amp;</i>" in view.review.text()
