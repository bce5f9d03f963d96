"""The log: quiet libraries (one line per update is the bot's own), Telegram outages as
WARNING, JSON lines on request, no token."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from bot.logging import setup_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_duplicates_and_alembic_chatter_stay_below_info(restore_logging: None) -> None:
    setup_logging("INFO")
    for name in ("aiogram.event", "aiohttp.access", "alembic.runtime.migration", "alembic"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    assert logging.getLogger("bot.updates").isEnabledFor(logging.INFO)
    assert logging.getLogger("migrations").isEnabledFor(logging.INFO)


def test_json_lines_with_telegram_errors_as_warnings(
    restore_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging("INFO", "json")
    logging.getLogger("aiogram.dispatcher").error(
        "Failed to fetch updates - TelegramNetworkError: %s", "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    )
    logging.getLogger("bot.updates").info("update %d handled", 7)
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(e["level"], e["logger"]) for e in lines] == [
        ("WARNING", "aiogram.dispatcher"),
        ("INFO", "bot.updates"),
    ]
    assert "ABCDEFGHIJ" not in lines[0]["message"]
    assert lines[1]["message"] == "update 7 handled"
