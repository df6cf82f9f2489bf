"""Advice letters: how long a typical two-page letter takes, against bare reportlab.

On the workspace's demo database (20,000 consultations, the shipped knowledge base), as
anna at GIP-EUREGIO, for a consultation with a consenting citizen, one attached
comparison and notes of a typical length:

* ``letter_ms``: median of ``issue_letter`` (every database read, the snapshot, the PDF,
  and recording the letter with its event), target ≤ 100 ms;
* ``letter_preview_ms``: median of ``preview_letter`` (reads and PDF, nothing recorded);
  informational;
* ``letter_bare_reportlab_ms``: the same paragraphs in the same font laid out by a bare
  reportlab ``SimpleDocTemplate`` (no letterhead, address field or page x of y), in the
  same run; informational;
* ``letter_ratio_vs_bare_reportlab``: ``letter_ms`` over the bare figure: what the
  database, the snapshot and the letter's layout cost on top of reportlab itself.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
from collections.abc import Callable
from typing import Final

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bench.workspace import DEMO_PASSWORD, DEMO_USER, Workspace
from grensdesk.bootstrap import connect
from grensdesk.db import parse_database_url
from grensdesk.models import ComparisonVersion, Consultation, ConsultationComparison, Letter
from grensdesk.services.accounts import authenticate
from grensdesk.services.letter_content import LetterContent
from grensdesk.services.letter_pdf import FONT, register_fonts, text
from grensdesk.services.letters import issue_letter, preview_letter

RUNS: Final = 30
# With the shipped knowledge base, one comparison and these notes fill two pages.
COMPARISONS: Final = 1
WARM_UP: Final = 3
QUESTION: Final = (
    "Lives in Gronau, works in Enschede four days a week and one day from home. Asks where "
    "he is insured for health care and social security, what happens with the child "
    "benefit, and whether the home-working day changes anything."
)
ADVICE: Final = "\n\n".join(
    [
        "Social security: you are insured in the Netherlands, where you work, as long as "
        "you work less than 25% of your time in Germany (home working included). Ask the "
        "SVB for an A1 certificate if your employer wants proof.",
        "Health insurance: register with CZ for the treaty policy (verdragspolis) with the "
        "S1 form; you and your family may then use care on both sides of the border.",
        "Child benefit: the Netherlands pays first as the country of work; the Familienkasse "
        "pays the difference with the German Kindergeld. Apply at both.",
        "Tax: your wages are taxed in the Netherlands; declare them in Germany under the "
        "progression clause. Keep your annual statement (jaaropgaaf) for the Finanzamt.",
    ]
)


def measure_letters(workspace: Workspace) -> dict[str, float]:
    database = connect(parse_database_url(workspace.database_url))
    try:
        actor = authenticate(database.sessions, DEMO_USER, DEMO_PASSWORD)
        consultation_id = _prepare(database.sessions, actor.office_id)
        issued = issue_letter(database.sessions, actor, consultation_id, "de")
        print(
            f"letters: a {issued.summary.page_count}-page letter "
            f"({len(issued.pdf) // 1024} KiB) for consultation {consultation_id}",
            flush=True,
        )
        with database.sessions() as session:
            snapshot = session.scalar(select(Letter.snapshot).where(Letter.id == issued.summary.id))
        assert snapshot is not None
        content = LetterContent.from_json(snapshot)
        sessions = database.sessions
        letter_ms = _median(lambda: issue_letter(sessions, actor, consultation_id, "de"))
        preview_ms = _median(lambda: preview_letter(sessions, actor, consultation_id, "de"))
        bare_ms = _median(lambda: _bare_reportlab(content))
    finally:
        database.dispose()
    return {
        "letter_ms": round(letter_ms, 1),
        "letter_preview_ms": round(preview_ms, 1),
        "letter_bare_reportlab_ms": round(bare_ms, 1),
        "letter_ratio_vs_bare_reportlab": round(letter_ms / bare_ms, 2),
    }


def _prepare(sessions: sessionmaker[Session], office_id: int) -> int:
    """Anna's latest consultation with a citizen, given typical notes and two comparisons."""
    with sessions.begin() as session:
        consultation_id = session.scalar(
            select(Consultation.id)
            .where(
                Consultation.office_id == office_id,
                Consultation.citizen_id.is_not(None),
                Consultation.residence_country == "DE",
            )
            .order_by(Consultation.started_at.desc())
            .limit(1)
        )
        assert consultation_id is not None, "the demo data has no citizen at GIP-EUREGIO"
        session.execute(
            update(Consultation)
            .where(Consultation.id == consultation_id)
            .values(question=QUESTION, advice=ADVICE, version=Consultation.version + 1)
        )
        versions = session.scalars(
            select(ComparisonVersion.id)
            .where(ComparisonVersion.state == "published")
            .order_by(ComparisonVersion.id)
            .limit(COMPARISONS)
        ).all()
        for version_id in versions:
            if session.get(ConsultationComparison, (consultation_id, version_id)) is None:
                session.add(
                    ConsultationComparison(
                        consultation_id=consultation_id,
                        comparison_version_id=version_id,
                        attached_at=dt.datetime.now(dt.UTC),
                    )
                )
        return consultation_id


def _bare_reportlab(content: LetterContent) -> bytes:
    """The letter's paragraphs, same font and size, in a plain reportlab document."""
    register_fonts()
    style = ParagraphStyle("bare", fontName=FONT, fontSize=10, leading=13.5)
    blocks = [
        content.subject, content.salutation, content.situation, content.question,
        content.advice,
    ]  # fmt: skip
    for cited in content.comparisons:
        blocks += [cited.heading, cited.dutch_rule, cited.neighbour_rule, cited.practice]
        blocks += [f"{source.title} — {source.url}" for source in cited.sources]
    blocks += [content.answer, content.next_steps_intro]
    blocks += [contact.name for contact in content.next_steps]
    blocks += [content.closing, content.adviser_name, content.disclaimer]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, invariant=1)
    document.build(
        [
            Paragraph(text(part), style)
            for block in blocks
            for part in block.split("\n\n")
            if part.strip()
        ]
    )
    return buffer.getvalue()


def _median(work: Callable[[], object]) -> float:
    for _ in range(WARM_UP):
        work()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)
