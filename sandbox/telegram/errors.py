"""Exceptions of the fake Telegram server."""

from __future__ import annotations


class ApiError(Exception):
    """A Bot API error answered to the bot as ``{"ok": false, ...}``."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after


class FakeTelegramError(AssertionError):
    """A test-side failure (misuse of the person API, the fake stopped, ...)."""


class FakeTelegramTimeoutError(FakeTelegramError):
    """Something the test waited for did not happen in time."""
