"""Is this PDF a letter GrensDesk issued? Its SHA-256 decides, never what the file claims.

The reference a file names in its metadata (Keywords) is only reported: with no letter of
that hash it tells the reader the file was changed after it was issued.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from grensdesk.models import Letter
from grensdesk.services.letter_pdf import KEYWORD_PREFIX
from grensdesk.services.letters import LetterSummary, cited_versions, summary_of


@dataclass(frozen=True)
class Verification:
    """What a PDF file is: a letter GrensDesk issued (``letter``), or not.

    ``claimed_reference`` is the reference the file's metadata names, when it names one;
    with no matching letter that means the file was changed after it was issued.
    """

    sha256: str
    letter: LetterSummary | None
    claimed_reference: str | None


def verify_pdf(sessions: sessionmaker[Session], pdf: bytes) -> Verification:
    """Look the file up by its SHA-256; a file's own claims are only reported, never trusted."""
    digest = hashlib.sha256(pdf).hexdigest()
    claimed = _claimed_reference(pdf)
    with sessions() as session:
        row = session.scalar(select(Letter).where(Letter.sha256 == digest).order_by(Letter.id))
        if row is None:
            return Verification(digest, None, claimed)
        cited = cited_versions(session, [row.id])
        return Verification(digest, summary_of(row, cited.get(row.id, ())), claimed)


def _claimed_reference(pdf: bytes) -> str | None:
    """The reference written into the Keywords of the file's info dictionary, if any."""
    marker = b"/Keywords ("
    start = pdf.rfind(marker)
    if start < 0:
        return None
    end = pdf.find(b")", start)
    value = pdf[start + len(marker) : end].decode("latin-1", "replace")
    if not value.startswith(KEYWORD_PREFIX):
        return None
    return value[len(KEYWORD_PREFIX) :].replace("\\/", "/") or None
