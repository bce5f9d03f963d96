"""Broadcast pace of the real outbox sender against Telegram's flood limits.

    python -m bench.broadcast --recipients 3000 --latency 0.1
    python -m bench.broadcast --recipients 200 --skip-reference   # a quick run

Ours: a temporary SQLite database (migrated), ONE mailing of a short text enqueued to
``--recipients`` distinct private chats through ``models.outbox.enqueue``, drained by the real
``scheduler.sender.Sender`` at its DEFAULT settings (``--rate`` overrides the pace; by default
it is ``Settings().send_rate``), ``BotTransport``, over HTTP into the project's
fake Telegram, started in-process with ``enforce_limits=True``: it answers 429 with
``retry_after`` when a send would make any sliding second hold more than ``--limit`` messages
or a private chat receive more than one message per second; ``--latency`` adds that round
trip (half each way) to every call. The run ends when the fake has
seen one successful send per recipient and the outbox report has no open delivery left.

Reference: the naive loop of aiogram 2's broadcasting example, redone with aiogram 3 — for
each chat, one after the other: ``send_message``; on ``TelegramRetryAfter`` sleep
``retry_after`` and retry the same chat (recursively, as the example does); then
``asyncio.sleep(0.05)`` ("20 messages per second"). It runs against a FRESH fake with the
same limits and the same number of recipients, so the counters of the two are separate.

Measured for each, from what the fake recorded (not from what the sender believes):

* ``elapsed``: from the first successful ``sendMessage`` to the last, by the fake's arrival
  times (``time.monotonic``);
* ``per_s = (delivered - 1) / elapsed``: sends per second over the intervals between the
  first and the last send (n sends span n - 1 intervals);
* ``pace_ratio = per_s / limit``: 1.000 would be exactly the allowed limit;
* ``lost``: recipients whose chat transcript holds no bot message;
* ``duplicates``: bot messages beyond one per recipient chat;
* ``rejected_429``: sends the fake refused with 429 for pace.

The last line is ``pace_ratio=<x.xxx> lost=<n> duplicates=<n> rejected_429=<n>
reference_pace_ratio=<x.xxx> reference_rejected_429=<n>`` (ours first; with
``--skip-reference`` the reference fields read ``nan`` and ``-1``). The goal for ours is
``pace_ratio >= 0.95`` with ``lost=0 duplicates=0 rejected_429=0``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)

from bot.config import Settings
from migrations.runner import upgrade
from models import outbox
from models.db import create_engine, create_session_factory
from models.outbox import Content, DeliveryState, MailingKind, Recipient
from sandbox.telegram import FakeTelegram, FakeTelegramTimeoutError
from scheduler.sender import Sender
from scheduler.transport import BotTransport

log = logging.getLogger("bench.broadcast")

TOKEN = "42:BENCH"
FIRST_CHAT_ID = 7_000_000
TEXT = (
    "Совет муниципальных образований Кузбасса: заседание переносится на четверг, 10:00. "
    "Повестка и материалы — в разделе «Мероприятия»."
)
REFERENCE_SLEEP = 0.05  # aiogram 2 example: "20 messages per second (Limit: 30 ...)"
POLL = 0.5


@dataclass(frozen=True, slots=True)
class Measured:
    name: str
    recipients: int
    limit: int
    delivered: int
    elapsed: float
    lost: int
    duplicates: int
    rejected_429: int
    early_retries: int
    max_per_second: int
    wall: float

    @property
    def per_second(self) -> float:
        return (self.delivered - 1) / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def pace_ratio(self) -> float:
        return self.per_second / self.limit

    def describe(self) -> str:
        return (
            f"{self.name}: recipients={self.recipients} delivered={self.delivered} "
            f"elapsed={self.elapsed:.2f}s per_s={self.per_second:.2f} "
            f"pace_ratio={self.pace_ratio:.3f} max_in_1s={self.max_per_second} "
            f"lost={self.lost} duplicates={self.duplicates} "
            f"rejected_429={self.rejected_429} early_retries={self.early_retries} "
            f"wall={self.wall:.1f}s"
        )


def _fake(limit: int, latency: float) -> FakeTelegram:
    fake = FakeTelegram(
        token=TOKEN,
        enforce_limits=True,
        global_per_second=limit,
        per_chat_per_second=1,
        auto_create_chats=True,
    )
    fake.latency = latency
    return fake


def _measure(
    name: str, tg: FakeTelegram, chat_ids: Sequence[int], limit: int, wall: float
) -> Measured:
    sends = [d for d in tg.deliveries if d.method.lower() == "sendmessage"]
    times = sorted(d.time for d in sends)
    elapsed = times[-1] - times[0] if len(times) >= 2 else 0.0
    lost = duplicates = 0
    for chat_id in chat_ids:
        chat = tg.chats.get(chat_id)
        received = len(chat.messages) if chat is not None else 0
        lost += received == 0
        duplicates += max(0, received - 1)
    return Measured(
        name=name,
        recipients=len(chat_ids),
        limit=limit,
        delivered=len(sends),
        elapsed=elapsed,
        lost=lost,
        duplicates=duplicates,
        rejected_429=tg.rejected_429,
        early_retries=tg.early_retries,
        max_per_second=tg.max_rate(1.0),
        wall=wall,
    )


async def _run_ours(chat_ids: Sequence[int], limit: int, rate: float, latency: float) -> Measured:
    n = len(chat_ids)
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(tmp) / 'broadcast.db'}")
        try:
            await upgrade(engine)
            sessions = create_session_factory(engine)
            async with sessions() as session:
                mailing = await outbox.enqueue(
                    session,
                    kind=MailingKind.MAILING,
                    title="bench broadcast",
                    content=Content(text=TEXT),
                    recipients=[Recipient(chat_id) for chat_id in chat_ids],
                )
                await session.commit()
                mailing_id = mailing.id
            async with _fake(limit, latency) as tg:
                sender = Sender(sessions, BotTransport(tg.make_bot()), rate=rate)
                stop = asyncio.Event()
                started = time.perf_counter()
                task = asyncio.create_task(sender.run(stop), name="bench-sender")
                deadline = started + 60 + 3 * n / limit
                try:
                    while True:
                        if task.done():
                            await task  # re-raise what killed the sender
                            raise RuntimeError("the sender stopped before the outbox drained")
                        if time.perf_counter() > deadline:
                            raise TimeoutError("the outbox did not drain in time")
                        # Not all sent yet after POLL (or some failed): ask the outbox anyway.
                        with contextlib.suppress(FakeTelegramTimeoutError):
                            await tg.wait_for(
                                lambda: len(tg.deliveries) >= n, timeout=POLL, what="all sends"
                            )
                        async with sessions() as session:
                            report = await outbox.report(session, mailing_id)
                        if report.open == 0:
                            break
                        if len(tg.deliveries) >= n:
                            await asyncio.sleep(0.05)  # the marker is committing the rest
                    wall = time.perf_counter() - started
                finally:
                    stop.set()
                    sender.wake()  # do not sit out the idle poll
                    await task
            measured = _measure("ours", tg, chat_ids, limit, wall)
            print(
                f"ours outbox: {', '.join(f'{s.value}={c}' for s, c in report.counts.items())}"
                f" sender_stats={ {o.value: c for o, c in sender.stats.items()} }"
            )
            if report.counts.get(DeliveryState.SENT, 0) != n:
                print(f"ours outbox: NOT all sent; top errors: {report.top_errors}")
        finally:
            await engine.dispose()
    return measured


async def _reference_send(bot: Bot, chat_id: int, text: str) -> bool:
    """``send_message`` of aiogram 2's broadcast example, in aiogram 3 terms."""
    try:
        await bot.send_message(chat_id, text)
    except TelegramForbiddenError:
        log.error("Target [ID:%s]: blocked by user", chat_id)
    except TelegramRetryAfter as e:
        log.error(
            "Target [ID:%s]: Flood limit is exceeded. Sleep %s seconds.", chat_id, e.retry_after
        )
        await asyncio.sleep(e.retry_after)
        return await _reference_send(bot, chat_id, text)  # Recursive call
    except TelegramBadRequest:
        log.error("Target [ID:%s]: invalid user ID", chat_id)
    except TelegramAPIError:
        log.exception("Target [ID:%s]: failed", chat_id)
    else:
        return True
    return False


async def _run_reference(chat_ids: Sequence[int], limit: int, latency: float) -> Measured:
    async with _fake(limit, latency) as tg:
        bot = tg.make_bot()
        started = time.perf_counter()
        count = 0
        for chat_id in chat_ids:
            if await _reference_send(bot, chat_id, TEXT):
                count += 1
            await asyncio.sleep(REFERENCE_SLEEP)
        wall = time.perf_counter() - started
    print(f"reference: {count} messages successful sent.")
    return _measure("reference (aiogram 2 example)", tg, chat_ids, limit, wall)


async def main(
    recipients: int, limit: int, rate: float, latency: float, skip_reference: bool
) -> None:
    chat_ids = [FIRST_CHAT_ID + i for i in range(recipients)]
    print(
        f"recipients={recipients} limit={limit}/s per_chat=1/s send_rate={rate:g} "
        f"latency={latency:g}s text_len={len(TEXT)}"
    )
    ours = await _run_ours(chat_ids, limit, rate, latency)
    print(ours.describe())
    reference: Measured | None = None
    if not skip_reference:
        reference = await _run_reference(chat_ids, limit, latency)
        print(reference.describe())
        if reference.per_second > 0:
            print(f"ours ÷ reference per_s = {ours.per_second / reference.per_second:.2f}")
    ref_ratio = reference.pace_ratio if reference is not None else math.nan
    ref_rejected = reference.rejected_429 if reference is not None else -1
    print(
        f"pace_ratio={ours.pace_ratio:.3f} lost={ours.lost} duplicates={ours.duplicates} "
        f"rejected_429={ours.rejected_429} reference_pace_ratio={ref_ratio:.3f} "
        f"reference_rejected_429={ref_rejected}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=3000)
    parser.add_argument("--limit", type=int, default=30, help="what the fake enforces")
    parser.add_argument(
        "--rate", type=float, default=None, help="the sender's pace (default: SEND_RATE's)"
    )
    parser.add_argument("--latency", type=float, default=0.0, help="round trip, seconds")
    parser.add_argument("--skip-reference", action="store_true")
    args = parser.parse_args()
    if args.recipients < 2 or args.limit < 1:
        parser.error("need --recipients >= 2 and --limit >= 1")
    rate = args.rate if args.rate is not None else Settings(_env_file=None).send_rate
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(main(args.recipients, args.limit, rate, args.latency, args.skip_reference))
