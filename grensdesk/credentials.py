"""Database passwords from the system keyring; never written to a file by GrensDesk."""

from __future__ import annotations

import logging
from typing import Final

from grensdesk.db import DatabaseTarget

KEYRING_SERVICE: Final = "grensdesk"
log = logging.getLogger(__name__)


def keyring_account(target: DatabaseTarget) -> str:
    url = target.url
    return f"{url.username or ''}@{target.host_and_port}/{url.database or ''}"


def stored_password(target: DatabaseTarget) -> str | None:
    """The remembered password, or None when there is none or no keyring works here."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        password = keyring.get_password(KEYRING_SERVICE, keyring_account(target))
    except (KeyringError, RuntimeError) as error:
        log.info("no usable keyring: %s", error)
        return None
    return password if isinstance(password, str) else None


def remember_password(target: DatabaseTarget, password: str) -> bool:
    """Store the password in the system keyring; False when no keyring is available."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_account(target), password)
    except (KeyringError, RuntimeError) as error:
        log.info("could not store the password: %s", error)
        return False
    return True
