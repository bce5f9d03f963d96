"""RSVP presses through the real dispatcher, middlewares and database, against a reference.

    python -m bench.updates --updates 5000 [--events 20]

Distinct people press "✅ Буду" on reminders (``RsvpCb``) of ``--events`` events, through
``create_dispatcher`` (session and user middlewares, every router) on a SQLite file (WAL) with
a mocked Telegram session. The reference, in the same run and on the same database file: a
bare aiogram Dispatcher whose handler makes one INSERT and one commit per update. The last
line: ``rsvp_per_s=<n> reference_per_s=<n> ratio=<rsvp ÷ reference> queries_per_rsvp=<n>``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import CallbackQuery, Update
from sqlalchemy import event as sa_event
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.events.callbacks import RsvpAnswer, RsvpCb
from migrations.runner import upgrade
from models.audit import AuditEntry
from models.consent import current_consent
from models.db import create_engine, create_session_factory
from models.events import Rsvp
from models.users import Occupation, User
from tests import updates
from tests.factories import make_event

FIRST_ID = 1_000_000


async def _people(factory: async_sessionmaker[AsyncSession], n: int) -> None:
    version = current_consent().version
    async with factory() as session:
        await session.execute(
            insert(User),
            [
                {
                    "telegram_id": FIRST_ID + i,
                    "consent_version": version,
                    "full_name": f"Участник {i}",
                    "occupation": Occupation.TOS_ACTIVIST,
                    "municipality_id": 1 + i % 34,
                }
                for i in range(n)
            ],
        )
        await session.commit()


async def _rate(dp: Dispatcher, bot: Any, work: list[Update]) -> float:
    start = time.perf_counter()
    for update in work:
        await dp.feed_update(bot, update)
    return len(work) / (time.perf_counter() - start)


async def main(n: int, n_events: int) -> None:
    from tests.mocked_bot import MockedBot

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        engine = create_engine(url)
        await upgrade(engine)
        factory = create_session_factory(engine)
        await _people(factory, n + 200)
        async with factory() as session:
            ids = [(await make_event(session, title=f"Событие {i}")).id for i in range(n_events)]
        settings = Settings(_env_file=None, bot_token="1:x", database_url=url)
        ours = create_dispatcher(settings, factory, MemoryStorage())
        bot = MockedBot()

        def presses(first: int, count: int) -> list[Update]:
            return [
                updates.callback(
                    first + i,
                    RsvpCb(event_id=ids[i % len(ids)], answer=RsvpAnswer.GOING).pack(),
                )
                for i in range(count)
            ]

        await _rate(ours, bot, presses(FIRST_ID + n, 200))  # warm-up
        statements = 0

        def count(*_: Any) -> None:
            nonlocal statements
            statements += 1

        sa_event.listen(engine.sync_engine, "before_cursor_execute", count)
        rsvp_rate = await _rate(ours, bot, presses(FIRST_ID, n))
        sa_event.remove(engine.sync_engine, "before_cursor_execute", count)
        queries = statements / n

        bare = Dispatcher(storage=MemoryStorage())

        @bare.callback_query()
        async def reference(callback: CallbackQuery) -> None:
            async with factory() as session:
                session.add(AuditEntry(actor_telegram_id=callback.from_user.id, action="bench"))
                await session.commit()
            await callback.answer("ok")

        reference_rate = await _rate(bare, bot, presses(FIRST_ID, n))
        async with factory() as session:
            answered = len((await session.scalars(select(Rsvp.id))).all())
        await engine.dispose()
    print(f"updates={n} events={n_events} rsvps_stored={answered}")
    print(
        f"rsvp_per_s={rsvp_rate:.0f} reference_per_s={reference_rate:.0f} "
        f"ratio={rsvp_rate / reference_rate:.2f} queries_per_rsvp={queries:.1f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--events", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.events))
