"""Writing a letter's PDF to a file: complete or not at all."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from grensdesk.i18n import _
from grensdesk.services.errors import ValidationError
from grensdesk.services.file_replacing import replacing


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place when complete.

    A full disk or a pulled USB stick leaves the old file (or none), never half a PDF.
    """
    try:
        with letter_file(path) as stream:
            stream.write(data)
    except OSError as error:
        raise _cannot_write(path, error) from None


@contextlib.contextmanager
def letter_file(path: Path) -> Iterator[BinaryIO]:
    """A stream that becomes the file ``path`` when the block completes.

    A folder, or a folder the temporary file cannot be made in, is a ``ValidationError``
    before the block runs; what the block raises goes on unchanged and leaves no file.
    """
    if path.is_dir():
        raise ValidationError(_("{file} is a folder; name a file.").format(file=path))
    with contextlib.ExitStack() as files:
        try:
            stream = files.enter_context(replacing(path, path.parent.resolve()))
        except OSError as error:
            raise _cannot_write(path, error) from None
        yield stream


def _cannot_write(path: Path, error: OSError) -> ValidationError:
    return ValidationError(
        _("Cannot write {file}: {reason}.").format(
            file=path, reason=error.strerror or type(error).__name__
        )
    )
