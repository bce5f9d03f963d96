"""Reachability of what the bot depends on: database, Redis, Telegram.

Over HTTP (webhook mode, or HEALTH_PORT in polling mode):
- ``GET /healthz`` — liveness: the process answers and its database does. Telegram being
  down is not a reason to restart the bot, so it is not part of it.
- ``GET /readyz`` — readiness: also Redis (when used) and Telegram.
"""

from __future__ import annotations

import asyncio
import os
from datetime import datetime
from typing import Any, Protocol

from aiogram import Bot
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.factory import MissingTokenError, create_bot, redis_storage
from models.db import create_engine
from texts import t


class Probed(Protocol):
    """What the health endpoints look at (``bot.runner.App``)."""

    @property
    def engine(self) -> AsyncEngine: ...

    @property
    def bot(self) -> Bot: ...

    @property
    def dp(self) -> Any: ...

    @property
    def background(self) -> Any: ...


PROBED_KEY = web.AppKey("probed", Probed)


async def _database(app: Probed) -> tuple[bool, str]:
    try:
        async with app.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - health reports any failure as unhealthy
        return False, type(exc).__name__


async def healthz(request: web.Request) -> web.Response:
    """Liveness: the process and its database."""
    ok, database = await _database(request.app[PROBED_KEY])
    return web.json_response({"ok": ok, "database": database}, status=200 if ok else 503)


async def readyz(request: web.Request) -> web.Response:
    """Readiness: database, Redis (when used) and Telegram; 503 if any is down."""
    app = request.app[PROBED_KEY]
    ok, database = await _database(app)
    report: dict[str, str] = {"database": database}
    storage = redis_storage(app.dp.storage)
    if storage is not None:
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
    since: datetime | None = app.background.sender.limiter.unreachable_since
    if since is not None:  # the sender is paused, probing
        ok, report["telegram"] = False, f"unreachable since {since.isoformat(timespec='seconds')}"
    return web.json_response({"ok": ok, **report}, status=200 if ok else 503)


def add_health_routes(web_app: web.Application, app: Probed) -> None:
    web_app[PROBED_KEY] = app
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readyz)


def _sqlite_file_missing(database_url: str) -> str | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    path = str(url.database)
    return None if os.path.exists(path) else path


async def check_database(settings: Settings) -> tuple[bool, str]:
    missing = _sqlite_file_missing(settings.database_url)
    if missing is not None:  # connecting would create an empty database here
        return False, t.plain("cli-check-no-database", path=missing)
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True, engine.url.render_as_string(hide_password=True)
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return False, repr(exc)
    finally:
        await engine.dispose()


async def check_redis(settings: Settings) -> tuple[bool, str]:
    if not settings.redis_url:
        return True, t.plain("cli-redis-not-used")
    from redis.asyncio import Redis  # loaded only when Redis is used

    client = Redis.from_url(settings.redis_url)
    try:
        await client.ping()
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, repr(exc)
    finally:
        await client.aclose()


async def check_telegram(settings: Settings) -> tuple[bool, str]:
    try:
        bot = create_bot(settings)
    except MissingTokenError:
        return False, t.plain("cli-no-token-short")
    try:
        me = await bot.get_me()
        return True, f"@{me.username}"
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__
    finally:
        await bot.session.close()


async def check_all(settings: Settings) -> dict[str, tuple[bool, str]]:
    return {
        "database": await check_database(settings),
        "redis": await check_redis(settings),
        "telegram": await check_telegram(settings),
    }
