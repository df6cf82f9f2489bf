from __future__ import annotations

from pathlib import Path

import pytest

from grensdesk.config import DATABASE_URL_ENV, ConfigError, load_settings, settings_file


def write_settings(text: str) -> Path:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_default_is_an_sqlite_file_in_the_data_directory(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'grensdesk.sqlite3'}"
    assert settings.database_url_source == "default"


def test_settings_file_beats_the_default() -> None:
    path = write_settings('database_url = "postgresql://gip@db.example/grensdesk"\n')
    settings = load_settings()
    assert settings.database_url == "postgresql://gip@db.example/grensdesk"
    assert settings.database_url_source == str(path)


def test_environment_beats_the_settings_file(monkeypatch: pytest.MonkeyPatch) -> None:
    write_settings('database_url = "postgresql://gip@db.example/grensdesk"\n')
    monkeypatch.setenv(DATABASE_URL_ENV, "sqlite:///from-env.sqlite3")
    assert load_settings().database_url == "sqlite:///from-env.sqlite3"


def test_command_line_beats_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    write_settings('database_url = "postgresql://gip@db.example/grensdesk"\n')
    monkeypatch.setenv(DATABASE_URL_ENV, "sqlite:///from-env.sqlite3")
    settings = load_settings("sqlite:///from-flag.sqlite3")
    assert settings.database_url == "sqlite:///from-flag.sqlite3"
    assert settings.database_url_source == "--database"


def test_a_broken_settings_file_is_reported_with_its_path() -> None:
    path = write_settings("database_url = \n")
    with pytest.raises(ConfigError, match=str(path)):
        load_settings()


def test_a_wrongly_typed_value_is_refused() -> None:
    write_settings("database_url = 5\n")
    with pytest.raises(ConfigError, match="must be a string"):
        load_settings()


def test_language_comes_from_the_settings_file() -> None:
    write_settings('language = "de"\n')
    assert load_settings().language == "de"
