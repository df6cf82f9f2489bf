"""Local drafts of unsaved consultations, so that a crash or a lost connection loses nothing.

A draft is the form's content as JSON in the user's data directory, one file per open
form, written atomically (temporary file, then rename) every few seconds while the
adviser types, and removed once the consultation is saved.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

FORMAT_VERSION: Final = 1
_SAFE_KEY: Final = re.compile(r"[^a-zA-Z0-9_.-]")


@dataclass(frozen=True)
class Draft:
    key: str
    username: str
    saved_at: dt.datetime
    consultation_id: int | None
    version: int | None
    form: dict[str, Any]


def _path(directory: Path, key: str) -> Path:
    return directory / f"{_SAFE_KEY.sub('_', key)}.json"


def save_draft(directory: Path, draft: Draft) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    target = _path(directory, draft.key)
    payload = {
        "format": FORMAT_VERSION,
        "key": draft.key,
        "username": draft.username,
        "saved_at": draft.saved_at.isoformat(),
        "consultation_id": draft.consultation_id,
        "version": draft.version,
        "form": draft.form,
    }
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".draft-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, ensure_ascii=False, indent=1)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def load_drafts(directory: Path, username: str) -> list[Draft]:
    """This user's drafts, newest first; unreadable files are skipped, not deleted."""
    if not directory.exists():
        return []
    drafts = []
    for path in directory.glob("*.json"):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT_VERSION or raw.get("username") != username:
                continue
            drafts.append(
                Draft(
                    key=str(raw["key"]),
                    username=str(raw["username"]),
                    saved_at=dt.datetime.fromisoformat(raw["saved_at"]),
                    consultation_id=raw.get("consultation_id"),
                    version=raw.get("version"),
                    form=dict(raw["form"]),
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(drafts, key=lambda draft: draft.saved_at, reverse=True)


def discard_draft(directory: Path, key: str) -> None:
    _path(directory, key).unlink(missing_ok=True)
