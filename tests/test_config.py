"""Settings and the CLI's first contact with a person who has no token yet."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import cmd_backup, cmd_check, cmd_migrate
from bot.config import DEFAULT_DATABASE_URL, Settings
from bot.logging import RedactTokens
from texts import t

ROOT = Path(__file__).resolve().parents[1]


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    monkeypatch.setenv("ADMIN_IDS", "1, 2;3")
    monkeypatch.setenv("RUN_MODE", "webhook")
    monkeypatch.setenv("WEBHOOK_BASE_URL", "https://bot.example.org/")
    settings = Settings(_env_file=None)
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.webhook_url == "https://bot.example.org/webhook"
    # The default file is in the project's data/, whatever the current directory.
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert f"sqlite+aiosqlite:///{ROOT / 'data' / 'bot.db'}" == DEFAULT_DATABASE_URL
    assert str(settings.tz) == "Asia/Novokuznetsk"
    # The token never shows in a repr or a log of the settings.
    assert "ABCDEFGHIJ" not in repr(settings)
    assert "ABCDEFGHIJ" not in str(settings.model_dump())


def test_unknown_timezone_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        Settings(_env_file=None, timezone="Mars/Olympus")


def test_token_redaction() -> None:
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "POST /bot%s/sendMessage",
        ("123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",),
        None,
    )
    RedactTokens().filter(record)
    assert record.getMessage() == "POST /bot<token>/sendMessage"


def _run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL"}}
    clean.setdefault("LOG_LEVEL", "WARNING")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,  # no .env there
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_without_token_explains_in_russian(tmp_path: Path) -> None:
    result = _run_cli(tmp_path, "run")
    assert result.returncode == 2
    assert "BOT_TOKEN" in result.stderr
    assert "@BotFather" in result.stderr
    assert ".env" in result.stderr
    assert "Traceback" not in result.stderr


def _settings_here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **values: object) -> Settings:
    monkeypatch.chdir(tmp_path)
    for name in ("BOT_TOKEN", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    values.setdefault("database_url", f"sqlite+aiosqlite:///{tmp_path / 'data' / 'bot.db'}")
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_migrate_backup_and_check_commands(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = _settings_here(monkeypatch, tmp_path)
    assert cmd_migrate(settings) == 0
    with sqlite3.connect(tmp_path / "data" / "bot.db") as conn:
        assert conn.execute("SELECT count(*) FROM municipalities").fetchone() == (34,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)

    assert cmd_backup(settings, "copy.db") == 0
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        assert conn.execute("SELECT count(*) FROM municipalities").fetchone() == (34,)

    assert cmd_check(settings) == 1  # no token: Telegram cannot be checked
    out = capsys.readouterr().out
    assert "OK  database" in out
    assert f"FAIL telegram: {t.plain('cli-no-token-short')}" in out

    postgres = settings.model_copy(
        update={"database_url": "postgresql+asyncpg://x@127.0.0.1:1/none"}
    )
    assert cmd_backup(postgres, None) == 1
    assert "pg_dump" in capsys.readouterr().err
