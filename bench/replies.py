"""Replies during a big mailing: the real bot (``build_app`` + ``serve``, polling, updates
handled concurrently as in production) sends a mailing at full pace while people talk to it.

    python -m bench.replies                        # 2,000 recipients, 50 people, defaults
    python -m bench.replies --recipients 500 --people 20

A temporary SQLite database; ``--recipients`` subscribers get one mailing (enqueued through
``models.outbox.enqueue``, drained by the real sender at the default ``SEND_RATE``). Once it
runs, ``--people`` others, at random moments over ``--spread`` seconds, each send /help, then
/settings, then press the first button under the settings message. The fake Telegram enforces
30 messages per sliding second and 1 per second per chat (429 with ``retry_after`` beyond).

Measured (from what the fake recorded):

* ``replies_dropped``: answers that never came (no message after /help or /settings within
  ``--timeout``, or a button press left unanswered);
* ``reply_p50`` / ``reply_p99``: seconds from a person's message or press to the bot's answer;
* ``pace_ratio``: the mailing's sends per second (first to last, n - 1 intervals) ÷ 30;
* ``rejected_429``: requests the fake refused for pace; ``reply_retries``: 429s answered to
  the people's chats (the session middleware waits them out and sends again).

Reference, in the same run: the same mailing with nobody talking, for the pace alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import random
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update

from bot.config import Settings
from bot.runner import App, build_app, serve
from models import outbox
from models.outbox import Content, MailingKind, Recipient
from models.users import User
from sandbox.telegram import FakeTelegram
from sandbox.telegram.person import Person
from tests.factories import make_users

TOKEN = "42:BENCH-replies-token-for-the-fake-api"
LIMIT = 30
FIRST_RECIPIENT = 7_000_000
FIRST_PERSON = 8_000_000
TEXT = "Совет муниципальных образований Кузбасса: заседание переносится на четверг, 10:00."


@dataclass
class Run:
    pace_ratio: float
    rejected_429: int
    latencies: list[float]
    dropped: int
    reply_retries: int
    wall: float


def _settings(db: Path, tg: FakeTelegram) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=TOKEN,
        database_url=f"sqlite+aiosqlite:///{db}",
        telegram_api_url=tg.base_url,
        throttle_rate=100,
        leader_check_seconds=1,
    )


@contextlib.asynccontextmanager
async def _bot(settings: Settings, tg: FakeTelegram) -> AsyncIterator[App]:
    async with build_app(settings) as app:
        task = asyncio.create_task(serve(app, handle_as_tasks=True, handle_signals=False))
        try:
            await tg.wait_for(lambda: bool(tg.calls("getUpdates")) or task.done(), timeout=15)
            if task.done():
                task.result()
            await tg.wait_for(lambda: app.background.is_leader, timeout=15, what="leadership")
            yield app
        finally:
            with contextlib.suppress(RuntimeError):
                await app.dp.stop_polling()
            await asyncio.wait_for(task, 15)


async def _answered(tg: FakeTelegram, chat_id: int, before: int, timeout: float) -> float | None:
    started = time.monotonic()
    chat = tg.chat(chat_id)
    try:
        await tg.wait_for(lambda: len(chat.messages) > before, timeout=timeout)
    except Exception:  # noqa: BLE001 - a timeout is a dropped reply
        return None
    return chat.messages[before].time - started


async def _talk(
    tg: FakeTelegram, person: Person, delay: float, timeout: float
) -> list[float | None]:
    await asyncio.sleep(delay)
    results: list[float | None] = []
    for command in ("/help", "/settings"):
        before = len(tg.chat(person.id).messages)
        await person.send(command, wait=False)
        results.append(await _answered(tg, person.id, before, timeout))
    settings_msg = tg.chat(person.id).last_message()
    if settings_msg is None or not settings_msg.buttons:
        return [*results, None]
    started = time.monotonic()
    press = asyncio.create_task(person.press(settings_msg.buttons[0]))
    query_answered = None
    with contextlib.suppress(Exception):
        await tg.wait_for(
            lambda: (
                bool(tg.callback_queries)
                and any(
                    q.user_id == person.id and q.answer is not None for q in tg.callback_queries
                )
            ),
            timeout=timeout,
        )
        query_answered = time.monotonic() - started
    with contextlib.suppress(Exception):
        await press
    return [*results, query_answered]


async def _one_run(recipients: int, people: int, spread: float, timeout: float) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        fake = FakeTelegram(
            token=TOKEN,
            enforce_limits=True,
            global_per_second=LIMIT,
            per_chat_per_second=1,
            auto_create_chats=True,
        )
        async with fake as tg:
            settings = _settings(Path(tmp) / "replies.db", tg)
            async with _bot(settings, tg) as app:
                async with app.session_factory() as session:
                    subs = await make_users(session, FIRST_RECIPIENT, recipients)
                    talkers = await make_users(session, FIRST_PERSON, people) if people else []
                    await session.execute(update(User).values(announcements_enabled=True))
                    await session.commit()
                    mailing = await outbox.enqueue(
                        session,
                        kind=MailingKind.MAILING,
                        title="bench replies",
                        content=Content(text=TEXT),
                        recipients=[Recipient(u.telegram_id, u.id) for u in subs],
                    )
                    await session.commit()
                started = time.perf_counter()
                app.background.wake()
                await tg.wait_for(lambda: len(tg.deliveries) >= LIMIT, timeout=30)
                rng = random.Random(11)
                talks = [
                    _talk(tg, tg.user(u.telegram_id), rng.uniform(0, spread), timeout)
                    for u in talkers
                ]
                results = [r for rs in await asyncio.gather(*talks) for r in rs]
                ids = {u.telegram_id for u in subs}
                await tg.wait_for(
                    lambda: (
                        len({d.chat_id for d in tg.deliveries if d.chat_id in ids}) >= recipients
                    ),
                    timeout=recipients / 10 + 60,
                    what="the whole mailing",
                )
                wall = time.perf_counter() - started
                del mailing
            talker_ids = {u.telegram_id for u in talkers}
            times = sorted(d.time for d in tg.deliveries if d.chat_id in ids)
            per_s = (len(times) - 1) / (times[-1] - times[0])
            return Run(
                pace_ratio=per_s / LIMIT,
                rejected_429=tg.rejected_429,
                latencies=[r for r in results if r is not None],
                dropped=sum(r is None for r in results),
                reply_retries=sum(e.chat_id in talker_ids for e in tg.rate_limit_events),
                wall=wall,
            )


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def main(recipients: int, people: int, spread: float, timeout: float) -> None:
    print(f"recipients={recipients} people={people} spread={spread:g}s limit={LIMIT}/s")
    ours = await _one_run(recipients, people, spread, timeout)
    print(
        f"with people talking: pace_ratio={ours.pace_ratio:.3f} rejected_429={ours.rejected_429} "
        f"replies={len(ours.latencies)} reply_retries={ours.reply_retries} wall={ours.wall:.1f}s"
    )
    alone = await _one_run(recipients, 0, spread, timeout)
    print(
        f"reference (nobody talking): pace_ratio={alone.pace_ratio:.3f} "
        f"rejected_429={alone.rejected_429} wall={alone.wall:.1f}s"
    )
    print(
        f"replies_dropped={ours.dropped} reply_p50={_pct(ours.latencies, 50):.3f}s "
        f"reply_p99={_pct(ours.latencies, 99):.3f}s pace_ratio={ours.pace_ratio:.3f} "
        f"rejected_429={ours.rejected_429} reference_pace_ratio={alone.pace_ratio:.3f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--spread", type=float, default=20.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(main(args.recipients, args.people, args.spread, args.timeout))
