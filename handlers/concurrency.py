"""At most so many updates inside the handlers at once.

An update may hold two database connections at a time: its own session, and the FSM
storage's (a state change opens a session of its own while the update's is open). With
updates handled as tasks and no bound, 15 people sending /start at once took all 15
connections of the pool, each waiting for a second one that never came free: a 30 s stall,
then an error. The bound (``UPDATE_CONCURRENCY``) is kept below half the pool
(``models.db.POOL_SIZE + POOL_OVERFLOW``), so every update that got in can always finish;
the others wait their turn here, before they take anything.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ConcurrencyLimitMiddleware(BaseMiddleware):
    """An outer update middleware: a semaphore around everything after it (polling and
    webhook alike)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._slots = asyncio.Semaphore(limit)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self._slots:
            return await handler(event, data)
