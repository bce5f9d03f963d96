"""Reachability of what the bot depends on: database, Redis, Telegram."""

from __future__ import annotations

from redis.asyncio import Redis
from sqlalchemy import text

from bot.config import Settings
from bot.factory import MissingTokenError, create_bot
from models.db import create_engine
from texts import t


async def check_database(settings: Settings) -> tuple[bool, str]:
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
