"""Writing a letter's PDF to a file: complete or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from grensdesk.i18n import _
from grensdesk.services.errors import ValidationError


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place when complete.

    A full disk or a pulled USB stick leaves the old file (or none), never half a PDF.
    """
    if path.is_dir():
        raise ValidationError(_("{file} is a folder; name a file.").format(file=path))
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent.resolve()
        )
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise _cannot_write(path, error) from None


def _cannot_write(path: Path, error: OSError) -> ValidationError:
    return ValidationError(
        _("Cannot write {file}: {reason}.").format(
            file=path, reason=error.strerror or type(error).__name__
        )
    )
