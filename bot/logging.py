"""Logging set-up: one line per update, the bot token never in the log, optional JSON lines.

- ``bot.updates`` (UpdateLogMiddleware) writes the one line per update; aiogram's own
  "Update id=… is handled" (``aiogram.event``) and aiohttp's access log would repeat it.
- Alembic's start-up chatter (plugin set-up, "Context impl", "Will assume…") stays below
  INFO; ``migrations`` logs one line when revisions were applied.
- Telegram being unreachable is a WARNING (the bot retries), not an ERROR with a traceback.
- ``LOG_FORMAT=json``: one JSON object per line (time, level, logger, message, exc).
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

_TOKEN_RE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")

QUIET = {
    "aiosqlite": logging.WARNING,
    "sqlalchemy.engine": logging.WARNING,
    # APScheduler logs every run of every job at INFO: once a second with a short check.
    "apscheduler": logging.WARNING,
    # CallbackAnswerMiddleware logs every answered button press at INFO.
    "aiogram.middlewares": logging.WARNING,
    "aiogram.event": logging.WARNING,
    "aiohttp.access": logging.WARNING,
    "alembic": logging.WARNING,
}


class RedactTokens(logging.Filter):
    """Masks anything shaped like a bot token (aiogram logs request URLs on errors)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN_RE.search(message):
            record.msg = _TOKEN_RE.sub("<token>", message)
            record.args = None
        return True


class TelegramErrorsAsWarnings(logging.Filter):
    """aiogram logs a failed ``getUpdates`` (network down, Telegram 5xx) at ERROR and then
    retries by itself: that is a WARNING, without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            record.name.startswith("aiogram")
            and record.levelno == logging.ERROR
            and "Failed to fetch updates" in record.getMessage()
        ):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    handler.addFilter(TelegramErrorsAsWarnings())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(quiet)
