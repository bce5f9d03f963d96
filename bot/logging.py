"""Logging set-up; the bot token never reaches the log."""

from __future__ import annotations

import logging
import re

_TOKEN_RE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")


class RedactTokens(logging.Filter):
    """Masks anything shaped like a bot token (aiogram logs request URLs on errors)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN_RE.search(message):
            record.msg = _TOKEN_RE.sub("<token>", message)
            record.args = None
        return True


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    # APScheduler logs every run of every job at INFO: once a second with a short leader check.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # CallbackAnswerMiddleware logs every answered button press at INFO; the update log
    # (``bot.updates``) already has one line per update.
    logging.getLogger("aiogram.middlewares").setLevel(logging.WARNING)
