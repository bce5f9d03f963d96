"""Run the real bot (``bot.runner.build_app`` + ``serve``, the same code as ``python -m bot
run``) in-process against the fake Telegram."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from bot.config import Settings
from bot.runner import App, build_app, serve
from sandbox.telegram import FakeTelegram


@contextlib.asynccontextmanager
async def running_bot(
    tg: FakeTelegram, settings: Settings, *, concurrent: bool = False, **overrides: Any
) -> AsyncIterator[App]:
    """The bot polling the fake; updates are handled one by one (``handle_as_tasks=False``)
    so that ``await person.send(...)`` returns once the bot has answered. With
    ``concurrent``, as production runs it: each update is a task (``person.send`` then
    returns once the bot took the update; wait for its answers with ``tg.wait_for``)."""
    settings = settings.model_copy(update={"telegram_api_url": tg.base_url, **overrides})
    async with build_app(settings) as app:
        task = asyncio.create_task(serve(app, handle_as_tasks=concurrent, handle_signals=False))
        try:
            # Start-up is done (commands set, background started) once it polls.
            await tg.wait_for(lambda: bool(tg.calls("getUpdates")) or task.done(), timeout=15)
            if task.done():
                task.result()  # start-up failed: raise its error here
            yield app
        finally:
            with contextlib.suppress(RuntimeError):  # polling may not have started yet
                await app.dp.stop_polling()
            await asyncio.wait_for(task, 15)
