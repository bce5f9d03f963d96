"""Run modes: long polling (default) and webhook (aiohttp, secret token, /healthz)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from migrations.runner import upgrade
from models.db import create_engine, create_session_factory
from scheduler.leader import leadership_for
from scheduler.service import BackgroundService
from scheduler.transport import BotTransport

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    bot: Bot
    dp: Dispatcher
    background: BackgroundService


@asynccontextmanager
async def build_app(
    settings: Settings, *, session: AiohttpSession | None = None, migrate: bool = True
) -> AsyncIterator[App]:
    """Everything the bot needs, in order: token check, database (migrated), Bot, Dispatcher."""
    bot = create_bot(settings, session=session)
    engine = create_engine(settings.database_url)
    dp: Dispatcher | None = None
    try:
        if migrate:
            await upgrade(engine)
        factory = create_session_factory(engine)
        background = BackgroundService(
            factory,
            BotTransport(bot),
            leadership_for(engine),
            tz=settings.tz,
            rate=settings.send_rate,
            lease=timedelta(seconds=settings.send_lease_seconds),
            leader_check=settings.leader_check_seconds,
        )
        dp = create_dispatcher(settings, factory, wake_sender=background.wake)
        yield App(settings, engine, factory, bot, dp, background)
    finally:
        if dp is not None:
            await dp.storage.close()
        await bot.session.close()
        await engine.dispose()


async def run_polling(
    app: App, *, handle_as_tasks: bool = True, handle_signals: bool = True
) -> None:
    await app.bot.delete_webhook(drop_pending_updates=False)
    await app.dp.start_polling(
        app.bot,
        handle_as_tasks=handle_as_tasks,
        handle_signals=handle_signals,
        allowed_updates=app.dp.resolve_used_update_types(),
    )


APP_KEY = web.AppKey("bot_app", App)


async def healthz(request: web.Request) -> web.Response:
    """Database, Redis (when used) and Telegram reachability; 503 if any is down."""
    app = request.app[APP_KEY]
    report: dict[str, str] = {}
    ok = True
    try:
        async with app.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        report["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - health reports any failure as unhealthy
        ok, report["database"] = False, type(exc).__name__
    storage = app.dp.storage
    if isinstance(storage, RedisStorage):
        try:
            await storage.redis.ping()
            report["redis"] = "ok"
        except Exception as exc:  # noqa: BLE001
            ok, report["redis"] = False, type(exc).__name__
    else:
        report["redis"] = "not used"
    try:
        me = await asyncio.wait_for(app.bot.get_me(), 5)
        report["telegram"] = f"@{me.username}"
    except Exception as exc:  # noqa: BLE001
        ok, report["telegram"] = False, type(exc).__name__
    return web.json_response({"ok": ok, **report}, status=200 if ok else 503)


def build_webhook_app(app: App, *, handle_in_background: bool = False) -> web.Application:
    """The webhook server. Updates are handled before Telegram gets its 200: if this process
    dies mid-update, Telegram sends the update again (to another instance behind the proxy)
    instead of counting it as delivered. Handlers are short, well within Telegram's timeout."""
    settings = app.settings
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    web_app = web.Application()
    web_app[APP_KEY] = app
    web_app.router.add_get("/healthz", healthz)
    SimpleRequestHandler(
        dispatcher=app.dp,
        bot=app.bot,
        secret_token=secret,
        handle_in_background=handle_in_background,
    ).register(web_app, path=settings.webhook_path)
    setup_application(web_app, app.dp, bot=app.bot)

    async def on_startup(_: web.Application) -> None:
        if settings.webhook_url:
            await app.bot.set_webhook(
                settings.webhook_url,
                secret_token=secret,
                allowed_updates=app.dp.resolve_used_update_types(),
            )

    web_app.on_startup.append(on_startup)
    return web_app


async def run_webhook(app: App) -> None:
    if not app.settings.webhook_secret:
        raise ValueError("WEBHOOK_SECRET is required in webhook mode")
    runner = web.AppRunner(build_webhook_app(app))
    await runner.setup()
    site = web.TCPSite(runner, app.settings.webhook_host, app.settings.webhook_port)
    await site.start()
    log.info(
        "webhook server listening on %s:%s", app.settings.webhook_host, app.settings.webhook_port
    )
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


async def serve(app: App, *, handle_as_tasks: bool = True, handle_signals: bool = True) -> None:
    """Run the background service (when enabled) and the chosen update mode until stopped."""
    if app.settings.background:
        await app.background.start()
    try:
        if app.settings.run_mode == "webhook":
            await run_webhook(app)
        else:
            await run_polling(app, handle_as_tasks=handle_as_tasks, handle_signals=handle_signals)
    finally:
        await app.background.stop()


async def run(settings: Settings) -> None:
    async with build_app(settings) as app:
        await serve(app)
