"""Throughput of the real dispatcher (middlewares, routers, SQLite) against bare aiogram.

    python -m bench.dispatch --updates 2000

The reference is a bare aiogram Dispatcher with one trivial handler, fed the same updates in
the same process; the last line is ``dispatch_ratio=<ours ÷ bare> ours_per_s=<n> bare_per_s=<n>``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message, Update

from bot.config import Settings
from bot.factory import create_dispatcher
from migrations.runner import upgrade
from models.db import create_engine, create_session_factory
from tests import updates
from tests.mocked_bot import MockedBot


def _workload(n: int, users: int) -> list[Update]:
    # /help from many people: the middleware path (session, user load) plus one reply each.
    return [updates.message(10_000 + i % users, "/help") for i in range(n)]


async def _rate(dp: Dispatcher, bot: MockedBot, work: list[Update]) -> float:
    start = time.perf_counter()
    for update in work:
        await dp.feed_update(bot, update)
    return len(work) / (time.perf_counter() - start)


async def main(n: int, users: int) -> None:
    bare = Dispatcher(storage=MemoryStorage())

    @bare.message()
    async def reply(message: Message) -> None:
        await message.answer("ok")

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        engine = create_engine(url)
        await upgrade(engine)
        settings = Settings(_env_file=None, bot_token="1:x", database_url=url)
        ours = create_dispatcher(settings, create_session_factory(engine), MemoryStorage())
        bot = MockedBot()
        await _rate(ours, bot, _workload(min(n, 200), users))  # warm-up, users created
        bot.session.requests.clear()
        ours_rate = await _rate(ours, bot, _workload(n, users))
        bare_rate = await _rate(bare, bot, _workload(n, users))
        await engine.dispose()
    print(f"updates={n} distinct_users={users}")
    print(
        f"dispatch_ratio={ours_rate / bare_rate:.3f} "
        f"ours_per_s={ours_rate:.0f} bare_per_s={bare_rate:.0f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--users", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.users))
