"""Paid broadcast (Telegram's ``allow_paid_broadcast``) through the real outbox sender.

    python -m bench.paid --recipients 20000
    python -m bench.paid --recipients 3000 --skip-reference   # a quick run

Ours: a temporary SQLite database (migrated), ONE mass mailing marked as a paid broadcast,
enqueued to ``--recipients`` distinct private chats through ``models.outbox.enqueue``, drained
by the real ``scheduler.sender.Sender`` (default settings, batched marking) over HTTP into the
project's fake Telegram with limits enforced: 1000 messages a second for paid sends, 30 for
free ones, a chat's bucket, 429 beyond. The run ends when the outbox has no open delivery.

Reference, in the same run and against a fresh fake with the same limits: the same number of
``send_message(..., allow_paid_broadcast=True)`` calls from a bare aiogram loop with 60 in
flight and no database at all — what the transport alone can do here.

The fake runs in a process of its own (``--serve-fake``), as Telegram is not in the bot's
process: on this 2-core machine one process doing both sides of every HTTP call measures the
fake, not the sender.

Measured from what the fake recorded: ``per_s`` (first to last send, n - 1 intervals),
``lost`` (recipients with no message), ``duplicates``, ``rejected_429``, ``charged`` (sends
billed beyond the free 30/s, 0.1 Star each) against ``estimate`` (what the bot told the
admin). Last line: ``per_s=<n> lost=<n> duplicates=<n> rejected_429=<n> stars=<x> estimate=<x>
reference_per_s=<n> ratio=<ours ÷ reference>``. Goal: per_s ≥ 900, lost=0, duplicates=0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import math
import sys
import tempfile
import time
from pathlib import Path

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from migrations.runner import upgrade
from models import outbox
from models.db import create_engine, create_session_factory
from models.mailings import paid_cost_tenths
from models.outbox import Content, MailingKind, Recipient
from sandbox.telegram import FakeTelegram
from scheduler.sender import Sender
from scheduler.transport import BotTransport

TOKEN = "42:PAID"
FIRST_CHAT_ID = 8_000_000
TEXT = "Совет муниципальных образований Кузбасса: итоги конкурса опубликованы на сайте."
IN_FLIGHT = 60


def _fake(port: int = 0) -> FakeTelegram:
    return FakeTelegram(
        token=TOKEN,
        port=port,
        enforce_limits=True,
        global_per_second=30,
        paid_per_second=1000,
        auto_create_chats=True,
    )


def _stats(tg: FakeTelegram, n: int) -> dict[str, float]:
    times = sorted(d.time for d in tg.deliveries)
    per_s = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    lost = duplicates = 0
    for chat_id in range(FIRST_CHAT_ID, FIRST_CHAT_ID + n):
        chat = tg.chats.get(chat_id)
        received = len(chat.messages) if chat is not None else 0
        lost += received == 0
        duplicates += max(0, received - 1)
    return {
        "delivered": len(times),
        "per_s": per_s,
        "lost": lost,
        "duplicates": duplicates,
        "rejected_429": tg.rejected_429,
        "charged": tg.paid_charged,
        "max_in_1s": tg.max_rate(1.0),
    }


async def serve_fake(n: int) -> None:
    """The fake in this process: prints its port, then its stats once ``n`` sends came (or
    when told ``done`` on stdin)."""
    async with _fake() as tg:
        print(tg.port, flush=True)
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        await reader.readline()  # "done": the bot side has finished
        print(json.dumps(_stats(tg, n)), flush=True)


class FakeProcess:
    def __init__(self, n: int) -> None:
        self.n = n
        self.proc: asyncio.subprocess.Process | None = None
        self.port = 0

    async def __aenter__(self) -> FakeProcess:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.paid",
            "--serve-fake",
            str(self.n),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        self.port = int((await self.proc.stdout.readline()).decode())
        return self

    def bot(self) -> Bot:
        api = TelegramAPIServer.from_base(f"http://127.0.0.1:{self.port}")
        return Bot(TOKEN, session=AiohttpSession(api=api))

    async def stats(self) -> dict[str, float]:
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(b"done\n")
        await self.proc.stdin.drain()
        result: dict[str, float] = json.loads(await self.proc.stdout.readline())
        return result

    async def __aexit__(self, *_: object) -> None:
        if self.proc is not None:
            await self.proc.wait()


async def run_ours(n: int) -> tuple[dict[str, float], float, int]:
    estimate = paid_cost_tenths(n)
    chat_ids = range(FIRST_CHAT_ID, FIRST_CHAT_ID + n)
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(tmp) / 'paid.db'}")
        try:
            await upgrade(engine)
            sessions = create_session_factory(engine)
            async with sessions() as session:
                mailing = await outbox.enqueue(
                    session,
                    kind=MailingKind.MAILING,
                    title="bench paid broadcast",
                    content=Content(text=TEXT, paid_broadcast=True),
                    recipients=[Recipient(chat_id) for chat_id in chat_ids],
                    paid_cost_tenths=estimate,
                )
                await session.commit()
            async with FakeProcess(n) as fake:
                bot = fake.bot()
                sender = Sender(sessions, BotTransport(bot))
                stop = asyncio.Event()
                started = time.perf_counter()
                task = asyncio.create_task(sender.run(stop))
                try:
                    await _drained(sessions, mailing.id, n)
                finally:
                    stop.set()
                    sender.wake()
                    await task
                    await bot.session.close()
                wall = time.perf_counter() - started
                stats = await fake.stats()
            async with sessions() as session:
                report = await outbox.report(session, mailing.id)
            print(f"ours outbox: {', '.join(f'{s.value}={c}' for s, c in report.counts.items())}")
        finally:
            await engine.dispose()
    return stats, wall, estimate


async def _drained(sessions: async_sessionmaker[AsyncSession], mailing_id: int, n: int) -> None:
    deadline = time.perf_counter() + 60 + n / 100
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.25)
        async with sessions() as session:
            if (await outbox.report(session, mailing_id)).open == 0:
                return
    raise TimeoutError("the outbox did not drain in time")


async def run_reference(n: int) -> dict[str, float]:
    async with FakeProcess(n) as fake:
        bot = fake.bot()
        gate = asyncio.Semaphore(IN_FLIGHT)

        async def send(chat_id: int) -> None:
            async with gate:
                while True:
                    try:
                        await bot.send_message(chat_id, TEXT, allow_paid_broadcast=True)
                        return
                    except TelegramRetryAfter as exc:
                        await asyncio.sleep(exc.retry_after)

        await asyncio.gather(*(send(FIRST_CHAT_ID + i) for i in range(n)))
        await bot.session.close()
        return await fake.stats()


async def main(recipients: int, skip_reference: bool) -> None:
    ours, wall, estimate = await run_ours(recipients)
    print(
        f"ours: recipients={recipients} delivered={ours['delivered']:.0f} "
        f"per_s={ours['per_s']:.0f} max_in_1s={ours['max_in_1s']:.0f} wall={wall:.1f}s "
        f"charged={ours['charged']:.0f}"
    )
    reference = math.nan
    if not skip_reference:
        ref = await run_reference(recipients)
        reference = ref["per_s"]
        print(f"reference (bare aiogram, {IN_FLIGHT} in flight, no database): {reference:.0f}/s")
    print(
        f"per_s={ours['per_s']:.0f} lost={ours['lost']:.0f} "
        f"duplicates={ours['duplicates']:.0f} rejected_429={ours['rejected_429']:.0f} "
        f"stars={ours['charged'] / 10:.1f} estimate={estimate / 10:.1f} "
        f"reference_per_s={reference:.0f} ratio={ours['per_s'] / reference:.2f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=20000)
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--serve-fake", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.serve_fake:
        asyncio.run(serve_fake(args.serve_fake))
    else:
        asyncio.run(main(args.recipients, args.skip_reference))
