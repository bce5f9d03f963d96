"""Building the Bot and the Dispatcher: the one place where the layers are wired together."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from handlers import get_routers, texts
from handlers.errors import on_error
from handlers.middlewares import (
    ConsentVersionMiddleware,
    DbSessionMiddleware,
    HandlerNameMiddleware,
    ThrottlingMiddleware,
    UpdateLogMiddleware,
    UserMiddleware,
)

log = logging.getLogger(__name__)


class MissingTokenError(RuntimeError):
    """BOT_TOKEN is not configured."""


def create_bot(settings: Settings, session: AiohttpSession | None = None) -> Bot:
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        raise MissingTokenError
    if session is None:
        if settings.telegram_api_url:
            session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
        else:
            session = AiohttpSession()
    return Bot(
        token=settings.bot_token.get_secret_value().strip(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_storage(settings: Settings) -> BaseStorage:
    """Memory by default; Redis when REDIS_URL is set, so dialogues survive restarts and can
    move between bot instances."""
    if settings.redis_url:
        from aiogram.fsm.storage.base import DefaultKeyBuilder
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(
            settings.redis_url, key_builder=DefaultKeyBuilder(with_bot_id=True)
        )
    return MemoryStorage()


def _no_wake() -> None:
    """Without a sender in this process the outbox is drained by whoever leads."""


def create_dispatcher(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    storage: BaseStorage | None = None,
    wake_sender: Callable[[], None] = _no_wake,
) -> Dispatcher:
    """The dispatcher with every router and middleware. Handlers get ``settings``, ``tz``,
    ``channel_id``, ``admin_ids`` and ``wake_sender`` (call it after enqueueing, so the sender
    looks at the outbox at once)."""
    dp = Dispatcher(
        storage=storage or create_storage(settings),
        settings=settings,
        tz=settings.tz,
        wake_sender=wake_sender,
        channel_id=settings.channel_id,
        admin_ids=settings.admin_ids,
    )
    dp.update.outer_middleware(UpdateLogMiddleware())
    dp.update.outer_middleware(
        ThrottlingMiddleware(
            rate=settings.throttle_rate,
            window=settings.throttle_window,
            cooldown=settings.throttle_cooldown,
        )
    )
    dp.update.outer_middleware(DbSessionMiddleware(session_factory))
    dp.update.outer_middleware(UserMiddleware(settings.admin_ids))
    dp.update.outer_middleware(ConsentVersionMiddleware())
    dp.message.middleware(HandlerNameMiddleware())
    dp.callback_query.middleware(HandlerNameMiddleware())
    dp.include_routers(*get_routers())
    dp.errors.register(on_error)
    dp.startup.register(set_commands)
    return dp


async def set_commands(bot: Bot, settings: Settings) -> None:
    """Russian command menu for everyone, plus /admin in each admin's own chat. A failure is
    logged and the bot goes on: the menu is a convenience, not a dependency."""
    common = [BotCommand(command=c, description=d) for c, d in texts.COMMANDS.items()]
    admin = common + [
        BotCommand(command=c, description=d) for c, d in texts.ADMIN_COMMANDS.items()
    ]
    try:
        await bot.set_my_commands(common, scope=BotCommandScopeDefault())
        for admin_id in sorted(settings.admin_ids):
            await bot.set_my_commands(admin, scope=BotCommandScopeChat(chat_id=admin_id))
    except (TelegramAPIError, TelegramNetworkError) as exc:
        log.warning("could not set the command menu: %s", exc)
