"""Window state and preferences in QSettings, each declared once with its default."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

ORGANISATION: Final = "GrensDesk"
APPLICATION: Final = "GrensDesk"

LANGUAGE_KEY: Final = "ui/language"
LAST_USER_KEY: Final = "signin/last_user"


def settings() -> QSettings:
    """The application's settings, named by QCoreApplication's organisation and name.

    ``run_gui`` sets ORGANISATION and APPLICATION; tests and benchmarks set their own, so
    they never touch a real user's settings.
    """
    return QSettings()


def stored_language() -> str | None:
    value = settings().value(LANGUAGE_KEY)
    return value if isinstance(value, str) else None


def store_language(language: str) -> None:
    settings().setValue(LANGUAGE_KEY, language)


def last_user() -> str:
    value = settings().value(LAST_USER_KEY, "")
    return value if isinstance(value, str) else ""


def store_last_user(username: str) -> None:
    settings().setValue(LAST_USER_KEY, username)


class PreserveGeometry:
    """Mixin: a top-level widget that remembers its size, position and state."""

    geometry_key: str = "window"

    def restore_geometry(self) -> bool:
        widget = self._as_widget()
        stored = settings().value(f"{self.geometry_key}/geometry")
        if isinstance(stored, QByteArray) and widget.restoreGeometry(stored):
            state = settings().value(f"{self.geometry_key}/state")
            restore_state = getattr(widget, "restoreState", None)
            if isinstance(state, QByteArray) and restore_state is not None:
                restore_state(state)
            return True
        return False

    def save_geometry(self) -> None:
        widget = self._as_widget()
        settings().setValue(f"{self.geometry_key}/geometry", widget.saveGeometry())
        save_state = getattr(widget, "saveState", None)
        if save_state is not None:
            settings().setValue(f"{self.geometry_key}/state", save_state())

    def _as_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self
