"""Settings: command-line flag > environment > settings file > defaults.

The settings file is TOML in the user's config directory (platformdirs), e.g.
``~/.config/grensdesk/settings.toml``::

    database_url = "postgresql+psycopg://gip_euregio@db.example.org/grensdesk"
    language = "de"

A password never belongs in that file: it is asked at sign-in or read from the
system keyring.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import platformdirs

APP_NAME: Final = "grensdesk"
DATABASE_URL_ENV: Final = "GRENSDESK_DATABASE_URL"
CONFIG_DIR_ENV: Final = "GRENSDESK_CONFIG_DIR"
DATA_DIR_ENV: Final = "GRENSDESK_DATA_DIR"
SQLITE_FILE_NAME: Final = "grensdesk.sqlite3"


class ConfigError(Exception):
    """The settings file cannot be read or holds a wrong value."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    database_url_source: str
    language: str | None
    data_dir: Path
    config_dir: Path

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"


def config_dir() -> Path:
    override = os.environ.get(CONFIG_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def _read_settings_file(path: Path) -> dict[str, object]:
    if not path.exists():
        return {}
    import tomllib  # here, not at the top: most desks have no settings file (start-up time)

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from error


def default_sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / SQLITE_FILE_NAME}"


def load_settings(cli_database_url: str | None = None) -> Settings:
    """Resolve the settings in order of precedence; nothing is created on disk."""
    file_path = settings_file()
    file_values = _read_settings_file(file_path)
    data = data_dir()

    file_url = file_values.get("database_url")
    if file_url is not None and not isinstance(file_url, str):
        raise ConfigError(f"{file_path}: database_url must be a string")
    env_url = os.environ.get(DATABASE_URL_ENV)

    if cli_database_url:
        url, source = cli_database_url, "--database"
    elif env_url:
        url, source = env_url, DATABASE_URL_ENV
    elif file_url:
        url, source = file_url, str(file_path)
    else:
        url, source = default_sqlite_url(data), "default"

    language = file_values.get("language")
    return Settings(
        database_url=url,
        database_url_source=source,
        language=language if isinstance(language, str) else None,
        data_dir=data,
        config_dir=config_dir(),
    )
