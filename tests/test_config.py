"""Settings and the CLI's first contact with a person who has no token yet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from bot.logging import RedactTokens

ROOT = Path(__file__).resolve().parents[1]


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    monkeypatch.setenv("ADMIN_IDS", "1, 2;3")
    monkeypatch.setenv("RUN_MODE", "webhook")
    monkeypatch.setenv("WEBHOOK_BASE_URL", "https://bot.example.org/")
    settings = Settings(_env_file=None)
    assert settings.admin_ids == frozenset({1, 2, 3})
    assert settings.webhook_url == "https://bot.example.org/webhook"
    assert settings.database_url == "sqlite+aiosqlite:///data/bot.db"
    assert str(settings.tz) == "Asia/Novokuznetsk"
    # The token never shows in a repr or a log of the settings.
    assert "ABCDEFGHIJ" not in repr(settings)
    assert "ABCDEFGHIJ" not in str(settings.model_dump())


def test_unknown_timezone_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        Settings(_env_file=None, timezone="Mars/Olympus")


def test_token_redaction() -> None:
    import logging

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


def test_migrate_command_creates_the_default_database(tmp_path: Path) -> None:
    result = _run_cli(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "bot.db").exists()
    import sqlite3

    with sqlite3.connect(tmp_path / "data" / "bot.db") as conn:
        assert conn.execute("SELECT count(*) FROM municipalities").fetchone() == (34,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_backup_and_check_commands(tmp_path: Path) -> None:
    assert _run_cli(tmp_path, "migrate").returncode == 0
    result = _run_cli(tmp_path, "backup", "copy.db")
    assert result.returncode == 0, result.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "copy.db") as conn:
        assert conn.execute("SELECT count(*) FROM municipalities").fetchone() == (34,)
    check = _run_cli(tmp_path, "check")
    assert check.returncode == 1  # no token: Telegram is not reachable
    assert "OK  database" in check.stdout
    assert "FAIL telegram: BOT_TOKEN не задан" in check.stdout
    wrong = _run_cli(tmp_path, "backup", DATABASE_URL="postgresql+asyncpg://x@127.0.0.1:1/none")
    assert wrong.returncode == 1
    assert "pg_dump" in wrong.stderr
