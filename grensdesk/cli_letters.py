"""``grensdesk letter``: issue an advice letter as PDF, or check whether a PDF is one.

    grensdesk letter CONSULTATION_ID [--lang L] --output FILE
    grensdesk letter verify FILE

Bad input (an unknown consultation, an unsupported language, an output that cannot be
written) is one line on stderr and exit status 2, and leaves no file behind: the PDF is
written to a temporary file beside the target and renamed into place only when complete.
``verify`` exits 0 for a letter GrensDesk issued, 1 for any other PDF.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Final

from grensdesk import i18n
from grensdesk.i18n import _

if TYPE_CHECKING:
    from grensdesk.bootstrap import Database
    from grensdesk.services.letter_verify import Verification

NOT_A_LETTER: Final = 1


def add_letter_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    letter = commands.add_parser(
        "letter",
        help=_("write a consultation's advice letter as PDF, or verify a letter"),
        description=_(
            "grensdesk letter CONSULTATION_ID [--lang L] --output FILE writes and records the "
            "advice letter; grensdesk letter verify FILE says whether a PDF is a letter "
            "GrensDesk issued, and which."
        ),
    )
    letter.add_argument("target", metavar="CONSULTATION_ID|verify")
    letter.add_argument("file", metavar="FILE", nargs="?", type=Path, help=_("the PDF to verify"))
    letter.add_argument(
        "--lang",
        metavar="L",
        help=_("language of the letter: nl, de, fr, en (default: the citizen's)"),
    )
    letter.add_argument("--output", metavar="FILE", type=Path, help=_("where to write the PDF"))


def run_letter_command(args: argparse.Namespace, database: Database) -> int:
    from grensdesk.services.errors import ValidationError

    if args.target == "verify":
        if args.file is None:
            raise ValidationError(_("Name the PDF to verify: grensdesk letter verify FILE."))
        return _verify(database, args.file)
    try:
        consultation_id = int(args.target)
    except ValueError:
        raise ValidationError(
            _("Not a consultation number: {value}.").format(value=args.target)
        ) from None
    if args.file is not None:
        raise ValidationError(_("Write the letter with --output FILE."))
    if args.output is None:
        raise ValidationError(_("Say where to write the letter: --output FILE."))
    return _issue(database, consultation_id, args.lang, args.output)


def _issue(database: Database, consultation_id: int, language: str | None, output: Path) -> int:
    from grensdesk.services.context import system_actor
    from grensdesk.services.letter_files import letter_file
    from grensdesk.services.letters import check_letter_language, issue_letter

    if language is not None:
        check_letter_language(language)
    # Opened before the letter is issued: a letter is never recorded for a file that
    # cannot be written.
    with letter_file(output) as stream:
        letter = issue_letter(database.sessions, system_actor(), consultation_id, language)
        stream.write(letter.pdf)
    summary = letter.summary
    print(
        _("Letter {reference} ({language}, {pages} pages) written to {file}.").format(
            reference=summary.reference,
            language=i18n.LANGUAGE_NAMES[summary.language],
            pages=summary.page_count,
            file=output,
        )
    )
    return 0


def _verify(database: Database, path: Path) -> int:
    from grensdesk.services.errors import ValidationError
    from grensdesk.services.letter_verify import verify_pdf

    try:
        data = path.read_bytes()
    except OSError as error:
        raise ValidationError(
            _("Cannot read {file}: {reason}.").format(
                file=path, reason=error.strerror or type(error).__name__
            )
        ) from None
    found = verify_pdf(database.sessions, data)
    print(_describe(path, found))
    return 0 if found.letter is not None else NOT_A_LETTER


def _describe(path: Path, found: Verification) -> str:
    from grensdesk.services.context import BORDER_ZONE

    letter = found.letter
    if letter is None:
        if found.claimed_reference:
            return _(
                "{file} is NOT a letter GrensDesk issued: it names letter {reference}, but "
                "its content differs from what was issued (SHA-256 {sha256})."
            ).format(file=path, reference=found.claimed_reference, sha256=found.sha256)
        return _("{file} is not a letter GrensDesk issued (SHA-256 {sha256}).").format(
            file=path, sha256=found.sha256
        )
    return _(
        "{file} is GrensDesk letter {reference}: consultation {consultation}, issued "
        "{date} by {issuer}, in {language}. SHA-256 {sha256} matches."
    ).format(
        file=path,
        reference=letter.reference,
        consultation=letter.consultation_id,
        date=i18n.format_datetime(letter.created_at.astimezone(BORDER_ZONE)),
        issuer=letter.created_by_name,
        language=i18n.LANGUAGE_NAMES[letter.language],
        sha256=letter.sha256,
    )
