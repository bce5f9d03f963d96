"""``python -m bot demo``: the real bot against the built-in Telegram stand-in, in a browser.

Everything runs in this process and listens on 127.0.0.1 only: the stand-in
(:mod:`sandbox.telegram`, the real Bot API over HTTP), the bot in polling mode through the
same ``build_app`` + ``serve`` as ``python -m bot run`` (its own SQLite file, a demo token,
the demo admin in ``ADMIN_IDS``, the demo channel in ``CHANNEL_ID``) and the chat page
(:mod:`sandbox.web`). Nothing goes to the internet.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from bot.backup import running_on, sqlite_path
from bot.config import DEFAULT_DATABASE_URL, Settings
from bot.demo_seed import DATA, prepare_staff, seed
from bot.runner import App, build_app, serve
from bot.startup import stop_on_signals
from sandbox.telegram import FakeTelegram
from sandbox.web import (
    BOT_FIRST_NAME,
    BOT_USERNAME,
    CHANNEL_ID,
    CHANNEL_TITLE,
    CHANNEL_USERNAME,
    PersonaBook,
)
from sandbox.web import serve as serve_page
from texts import t

log = logging.getLogger(__name__)

# Looks like a real token (digits, colon, 35 characters); only the stand-in accepts it.
DEMO_TOKEN = "7000000001:DEMO-stand-in-token-not-for-Telegram"
DEMO_DATABASE_URL = DEFAULT_DATABASE_URL.rsplit("/", 1)[0] + "/demo.db"
DEFAULT_PORT = 8080
HOST = "127.0.0.1"
# Files the page offers to send with one click: the law text for /law_upload.
SAMPLES = [DATA / "law_demo.txt"]


@dataclass
class Demo:
    """A running demo: the page address, the stand-in and the bot."""

    url: str
    tg: FakeTelegram
    app: App
    personas: PersonaBook


def demo_settings(api_url: str, personas: PersonaBook, database_url: str) -> Settings:
    """The demo's settings: .env is not read (a real token or database there is never
    touched by the demo); the environment may still tune the rest (LOG_LEVEL, THROTTLE_*)."""
    return Settings(
        _env_file=None,
        bot_token=DEMO_TOKEN,
        database_url=database_url,
        redis_url=None,
        admin_ids=frozenset(personas.ids_with_role("admin")),
        channel_id=CHANNEL_ID,
        telegram_api_url=api_url,
        run_mode="polling",
        background=True,
        health_port=None,
    )


def database_url_from_env() -> str:
    """DEMO_DATABASE_URL, or data/demo.db next to data/bot.db."""
    return os.environ.get("DEMO_DATABASE_URL") or DEMO_DATABASE_URL


def reset_database(database_url: str) -> None:
    """Delete the demo's SQLite file (and its -wal/-shm) for a clean start."""
    with contextlib.suppress(Exception):
        path = sqlite_path(database_url)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


@contextlib.asynccontextmanager
async def running_demo(
    *, port: int = DEFAULT_PORT, with_seed: bool = False, database_url: str | None = None
) -> AsyncIterator[Demo]:
    """Start the stand-in, the bot (polling it, production mode) and the page; stop all on
    exit. ``port=0`` picks a free port (tests)."""
    database_url = database_url or database_url_from_env()
    store = _personas_file(database_url)
    personas = PersonaBook(store)
    async with FakeTelegram(
        token=DEMO_TOKEN,
        bot_username=BOT_USERNAME,
        bot_first_name=BOT_FIRST_NAME,
        auto_create_chats=True,
        seed=None,
        handle_timeout=30.0,
    ) as tg:
        tg.group(CHANNEL_ID, CHANNEL_TITLE, chat_type="channel", username=CHANNEL_USERNAME)
        settings = demo_settings(tg.base_url, personas, database_url)
        async with build_app(settings) as app:
            admin = min(personas.ids_with_role("admin"))
            await prepare_staff(app.session_factory, personas, admin)
            if with_seed:
                added = await seed(app.session_factory, personas, admin, tz=settings.tz)
                _say(t.plain("demo-seeded" if added else "demo-seed-skipped"))
            page = await serve_page(tg, personas, host=HOST, port=port, samples=SAMPLES)
            stop = asyncio.Event()
            task = asyncio.create_task(serve(app, handle_signals=False, stop=stop))
            try:
                await tg.wait_for(lambda: bool(tg.calls("getUpdates")) or task.done(), 30)
                if task.done():
                    task.result()
                url = f"http://{HOST}:{_bound_port(page)}"
                yield Demo(url, tg, app, personas)
            finally:
                stop.set()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(task, 15)
                await page.cleanup()


def _say(text: str) -> None:
    """A line for the person at the terminal."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _bound_port(runner: web.AppRunner) -> int:
    return int(runner.addresses[0][1])


def _personas_file(database_url: str) -> Path | None:
    """Personas made on the page are kept next to the demo database (SQLite only)."""
    try:
        return sqlite_path(database_url).with_name("demo-personas.json")
    except Exception:  # noqa: BLE001 - not SQLite: keep them in memory
        return None


async def run_demo(port: int, with_seed: bool) -> None:
    """``python -m bot demo``: run until Ctrl+C / SIGTERM."""
    stop = asyncio.Event()
    database_url = database_url_from_env()
    with stop_on_signals(stop), running_on(database_url):
        async with running_demo(port=port, with_seed=with_seed) as demo:
            _say(
                t.plain(
                    "demo-ready",
                    url=demo.url,
                    bot=BOT_USERNAME,
                    api=demo.tg.base_url,
                    database=database_url,
                )
            )
            await stop.wait()
    _say(t.plain("demo-stopped"))


def port_from_env() -> int:
    """DEMO_PORT, or 8080."""
    raw = os.environ.get("DEMO_PORT", "").strip()
    return int(raw) if raw.isdigit() else DEFAULT_PORT
