"""Errors a service raises; each message is already in the user's language."""

from __future__ import annotations

import datetime as dt


class ServiceError(Exception):
    """Base of every error a person should read rather than a developer."""


class PermissionDeniedError(ServiceError):
    """The acting user lacks the role the use case needs."""


class NotFoundError(ServiceError):
    """A referenced row (office, user, topic …) does not exist."""


class ValidationError(ServiceError):
    """Input that breaks a rule; ``field`` names the offending input, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class SignInError(ServiceError):
    """Unknown user or wrong password; deliberately never says which."""


class SignInThrottledError(SignInError):
    """Too many failed attempts in a row; try again after ``wait_seconds``."""

    def __init__(self, message: str, wait_seconds: int) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


class ConflictError(ServiceError):
    """Someone else saved the row after it was read here: reload, never overwrite silently.

    ``changed_by``/``changed_at`` say who and when, where the row records it.
    """

    def __init__(
        self,
        message: str,
        current_version: int | None = None,
        changed_by: str = "",
        changed_at: dt.datetime | None = None,
    ) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at


class EditConflictError(ConflictError):
    """Someone saved the same knowledge-base draft in the meantime."""
