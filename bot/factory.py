"""Building the Bot and the Dispatcher: the one place where the layers are wired together."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from aiogram.utils.callback_answer import CallbackAnswerMiddleware
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import texts
from bot.config import Settings
from bot.storage import DatabaseStorage
from handlers import get_routers, staff_help
from handlers.concurrency import ConcurrencyLimitMiddleware
from handlers.errors import on_error
from handlers.middlewares import (
    ConsentVersionMiddleware,
    DbSessionMiddleware,
    DialogueGuardMiddleware,
    HandlerNameMiddleware,
    ThrottlingMiddleware,
    UpdateLogMiddleware,
    UserMiddleware,
    install_resolver,
)

if TYPE_CHECKING:
    from aiogram.fsm.storage.redis import RedisStorage

log = logging.getLogger(__name__)

# The command menu (setMyCommands): command and the key of its description.
COMMANDS = staff_help.EVERYONE_COMMANDS
ADMIN_COMMANDS = (
    ("admin", "admin-commands-admin"),
    ("events_admin", "admin-commands-events_admin"),
    ("event_new", "admin-commands-event_new"),
    ("proposals_admin", "admin-commands-proposals_admin"),
    ("law_upload", "admin-commands-law_upload"),
    ("campaign_open", "admin-commands-campaign_open"),
    ("campaign_close", "admin-commands-campaign_close"),
    ("mailing", "admin-commands-mailing"),
    ("mailings", "admin-commands-mailings"),
    ("reports_admin", "reports-commands-reports_admin"),
)


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


def create_storage(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession] | None = None
) -> BaseStorage:
    """The bot's own database by default, Redis when REDIS_URL is set: either way a dialogue
    survives a restart (and, with Redis, moves between bot instances). Memory only when no
    database is at hand."""
    if settings.redis_url:
        # Redis (client and aiogram's storage) loads only when it is used (start-up time).
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(
            settings.redis_url, key_builder=DefaultKeyBuilder(with_bot_id=True)
        )
    if session_factory is not None:
        return DatabaseStorage(session_factory)
    return MemoryStorage()


def redis_storage(storage: BaseStorage) -> RedisStorage | None:
    """``storage`` when it is aiogram's Redis storage (never loaded if nobody created one)."""
    module = sys.modules.get("aiogram.fsm.storage.redis")
    if module is None:
        return None
    found: RedisStorage | None = storage if isinstance(storage, module.RedisStorage) else None
    return found


def create_isolation(storage: BaseStorage) -> BaseEventIsolation:
    """Updates of one person are handled one after another (two quick taps never race on
    the same dialogue data); across instances through Redis when the FSM lives there."""
    redis = redis_storage(storage)
    if redis is not None:
        from aiogram.fsm.storage.redis import RedisEventIsolation

        return RedisEventIsolation(redis=redis.redis, key_builder=redis.key_builder)
    return SimpleEventIsolation()


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
    storage = storage or create_storage(settings, session_factory)
    texts.configure(settings.tz)
    dp = Dispatcher(
        storage=storage,
        events_isolation=create_isolation(storage),
        settings=settings,
        tz=settings.tz,
        wake_sender=wake_sender,
        channel_id=settings.channel_id,
        admin_ids=settings.admin_ids,
    )
    dp.update.outer_middleware(ConcurrencyLimitMiddleware(settings.update_concurrency))
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
    install_resolver(dp)  # session, user and role for the handlers that take them
    dp.update.outer_middleware(ConsentVersionMiddleware())
    # A menu press or a command in a dialogue pauses it instead of becoming its answer.
    dp.message.outer_middleware(DialogueGuardMiddleware())
    dp.message.middleware(HandlerNameMiddleware())
    dp.callback_query.middleware(HandlerNameMiddleware())
    # Every callback is answered when its handler returns; a handler that has something to
    # say sets ``callback_answer.text`` (and ``show_alert``) instead of answering itself.
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    dp.include_routers(*get_routers())
    dp.errors.register(on_error)
    dp.startup.register(set_commands)
    return dp


async def set_commands(bot: Bot, settings: Settings) -> None:
    """Russian command menu for everyone, plus /admin in each admin's own chat. A failure is
    logged and the bot goes on: the menu is a convenience, not a dependency."""
    common = [BotCommand(command=c, description=texts.t.plain(k)) for c, k in COMMANDS]
    # The admins' own menu: theirs and every staff command (handlers.staff_help's list).
    theirs = dict(ADMIN_COMMANDS) | dict(staff_help.STAFF_COMMANDS + staff_help.ADMIN_COMMANDS)
    admin = common + [
        BotCommand(command=c, description=texts.t.plain(k)) for c, k in theirs.items()
    ]
    try:
        await bot.set_my_commands(common, scope=BotCommandScopeDefault())
        for admin_id in sorted(settings.admin_ids):
            await bot.set_my_commands(admin, scope=BotCommandScopeChat(chat_id=admin_id))
    except (TelegramAPIError, TelegramNetworkError) as exc:
        log.warning("could not set the command menu: %s", exc)
