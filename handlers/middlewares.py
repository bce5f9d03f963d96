"""Middlewares: a database session per update, the current user and their role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.users import effective_role, touch_user

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    """Opens one ``AsyncSession`` per update; domain operations commit their own work."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.session_factory() as session:
            data["session"] = session
            return await handler(event, data)


class UserMiddleware(BaseMiddleware):
    """Loads (or creates, with the Telegram id only) the person behind the update and puts
    ``user`` and ``role`` into the handler data. The role is computed on every update, so
    a dismissed moderator or admin loses rights at once."""

    def __init__(self, admin_ids: frozenset[int]) -> None:
        self.admin_ids = admin_ids

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None or tg_user.is_bot:
            data["user"] = None
            data["role"] = effective_role(None, 0, frozenset())
            return await handler(event, data)
        session: AsyncSession = data["session"]
        user = await touch_user(session, tg_user.id)
        data["user"] = user
        data["role"] = effective_role(user, tg_user.id, self.admin_ids)
        return await handler(event, data)
