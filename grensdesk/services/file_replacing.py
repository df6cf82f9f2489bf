"""Writing a file whole or not at all: a temporary file beside it, renamed into place.

A full disk, a pulled USB stick or a crash leaves the old file (or none), never half of
one: the bytes go to a temporary file in the target's folder, are flushed to disk, and
only then does the rename replace the target in one step.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def replacing(path: Path, folder: Path) -> Iterator[BinaryIO]:
    """A stream to a temporary file in ``folder`` that replaces ``path`` when the block ends.

    Creating the temporary file happens on entering and may raise ``OSError``. When the
    block raises (anything, not only ``OSError``) or the flush or rename fails, the
    temporary file is removed and the exception goes on unchanged.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
