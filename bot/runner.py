"""Run modes: long polling (default) and webhook (aiohttp, secret token, /healthz)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.health import add_health_routes
from bot.pacing import install_pacing
from bot.startup import stop_on_signals, wait_for_telegram
from migrations.runner import upgrade
from models.db import create_engine, create_session_factory
from scheduler.clock import SystemClock
from scheduler.leader import leadership_for
from scheduler.limits import RateLimiter
from scheduler.service import BackgroundService
from scheduler.transport import BotTransport

log = logging.getLogger(__name__)

# Seconds a stopping webhook server gives updates in flight (``docker stop`` waits 10).
SHUTDOWN_GRACE = 3.0


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
        # One pace for the token in this process: replies (the middleware) and the sender.
        limiter = RateLimiter(SystemClock(), settings.send_rate)
        install_pacing(bot, limiter)
        background = BackgroundService(
            factory,
            BotTransport(bot),
            leadership_for(engine),
            tz=settings.tz,
            rate=settings.send_rate,
            limiter=limiter,
            horizon=timedelta(hours=settings.send_horizon_hours),
            lease=timedelta(seconds=settings.send_lease_seconds),
            leader_check=settings.leader_check_seconds,
            staff_ids=settings.admin_ids,
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


def build_webhook_app(
    app: App, *, handle_in_background: bool = False, set_webhook_on_startup: bool = True
) -> web.Application:
    """The webhook server. Updates are handled before Telegram gets its 200: if this process
    dies mid-update, Telegram sends the update again (to another instance behind the proxy)
    instead of counting it as delivered. Handlers are short, well within Telegram's timeout."""
    settings = app.settings
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    web_app = web.Application()
    web_app[APP_KEY] = app
    add_health_routes(web_app, app)
    SimpleRequestHandler(
        dispatcher=app.dp,
        bot=app.bot,
        secret_token=secret,
        handle_in_background=handle_in_background,
    ).register(web_app, path=settings.webhook_path)
    setup_application(web_app, app.dp, bot=app.bot)

    async def on_startup(_: web.Application) -> None:
        await set_webhook(app)

    if set_webhook_on_startup:
        web_app.on_startup.append(on_startup)
    return web_app


async def set_webhook(app: App) -> None:
    settings = app.settings
    if settings.webhook_url:
        await app.bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value()
            if settings.webhook_secret
            else None,
            allowed_updates=app.dp.resolve_used_update_types(),
        )


async def run_webhook(app: App, stop: asyncio.Event) -> None:
    """Serve /healthz at once, wait for Telegram, set the webhook, run until ``stop``; then
    stop taking updates and give in-flight ones SHUTDOWN_GRACE seconds."""
    if not app.settings.webhook_secret:
        raise ValueError("WEBHOOK_SECRET is required in webhook mode")
    runner = web.AppRunner(
        build_webhook_app(app, set_webhook_on_startup=False),
        access_log=None,
        shutdown_timeout=SHUTDOWN_GRACE,
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, app.settings.webhook_host, app.settings.webhook_port)
        await site.start()
        log.info(
            "webhook server listening on %s:%s",
            app.settings.webhook_host,
            app.settings.webhook_port,
        )
        if await wait_for_telegram(app.bot, stop) is not None:
            await set_webhook(app)
            await stop.wait()
    finally:
        await runner.cleanup()


@asynccontextmanager
async def health_server(app: App) -> AsyncIterator[None]:
    """/healthz and /readyz on HEALTH_PORT in polling mode (for a container HEALTHCHECK)."""
    port = app.settings.health_port
    if port is None:
        yield
        return
    web_app = web.Application()
    add_health_routes(web_app, app)
    runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=1)
    await runner.setup()
    try:
        await web.TCPSite(runner, app.settings.webhook_host, port).start()
        yield
    finally:
        await runner.cleanup()


async def _poll_until(
    app: App, stop: asyncio.Event, *, handle_as_tasks: bool, handle_signals: bool
) -> None:
    if await wait_for_telegram(app.bot, stop) is None:
        return
    polling = asyncio.create_task(
        run_polling(app, handle_as_tasks=handle_as_tasks, handle_signals=handle_signals)
    )
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not polling.done():
            try:
                await app.dp.stop_polling()
            except RuntimeError:  # polling had not started yet
                polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
    finally:
        stopping.cancel()


async def serve(
    app: App,
    *,
    handle_as_tasks: bool = True,
    handle_signals: bool = True,
    stop: asyncio.Event | None = None,
) -> None:
    """Run the background service (when enabled) and the chosen update mode until stopped
    (``stop`` set, or polling stopped)."""
    stop = stop or asyncio.Event()
    if app.settings.background:
        await app.background.start()
    try:
        if app.settings.run_mode == "webhook":
            await run_webhook(app, stop)
        else:
            async with health_server(app):
                await _poll_until(
                    app, stop, handle_as_tasks=handle_as_tasks, handle_signals=handle_signals
                )
    finally:
        await app.background.stop()


async def run(settings: Settings) -> None:
    """``python -m bot run``: SIGTERM/SIGINT stop it gracefully in both modes."""
    stop = asyncio.Event()
    with stop_on_signals(stop):
        async with build_app(settings) as app:
            await serve(app, handle_signals=False, stop=stop)
