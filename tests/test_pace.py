"""One chat's pace is a burst model in both the bot's limiter and the fake Telegram: a reply
of two or three messages goes out at once, a flood is spread to one a second."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from aiogram.exceptions import TelegramRetryAfter

from bot.pacing import install_pacing
from sandbox.telegram import FakeTelegram
from scheduler.clock import SystemClock
from scheduler.limits import PRIVATE_BURST, RateLimiter


class ManualClock:
    """A clock that moves only when told (sleeping moves it)."""

    def __init__(self) -> None:
        self.t = 1000.0

    def now(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=self.t)

    def monotonic(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)


def test_private_chat_bucket_allows_a_burst_then_one_a_second() -> None:
    clock = ManualClock()
    limiter = RateLimiter(clock, rate=1000)
    chat = 77
    for _ in range(PRIVATE_BURST):
        assert limiter.try_acquire(chat) == 0
        clock.t += 0.05
    wait = limiter.try_acquire(chat)
    assert 0.8 < wait <= 1.1  # the bucket is empty: one more about a second after the first
    assert limiter.chat_wait(chat) == wait
    assert limiter.try_acquire(99) == 0  # another chat is not held up
    clock.t += wait
    assert limiter.try_acquire(chat) == 0
    clock.t += 0.05
    assert limiter.try_acquire(chat) > 0.9  # refilled by one, not by a burst
    # After a quiet spell the bucket is full again.
    clock.t += 10
    for _ in range(PRIVATE_BURST):
        assert limiter.try_acquire(chat) == 0
        clock.t += 0.05
    assert limiter.try_acquire(chat) > 0


def test_group_keeps_twenty_a_minute() -> None:
    clock = ManualClock()
    limiter = RateLimiter(clock, rate=1000)
    group = -100500
    for _ in range(20):
        assert limiter.try_acquire(group) == 0
        clock.t += 0.05
    assert limiter.try_acquire(group) > 59


async def test_three_replies_go_at_once_and_a_flood_draws_no_429() -> None:
    """Through the session middleware against the fake enforcing the same bucket: three
    messages to one person leave within a fraction of a second; ten are spread over about
    seven seconds (3 at once, then 1/s) and none is refused."""
    async with FakeTelegram(enforce_limits=True) as tg:
        tg.user(1)
        tg.user(2)
        bot = tg.make_bot()
        limiter = RateLimiter(SystemClock(), 30)
        install_pacing(bot, limiter)
        start = time.monotonic()
        for i in range(3):
            await bot.send_message(1, f"answer {i}")
        assert time.monotonic() - start < 0.5
        start = time.monotonic()
        await asyncio.gather(*(bot.send_message(2, f"flood {i}") for i in range(6)))
        elapsed = time.monotonic() - start
        assert 2.9 < elapsed < 4.5  # 3 at once, then one a second
        assert tg.rejected_429 == 0 and tg.early_retries == 0
        assert tg.max_rate(1.0, chat_id=2) <= PRIVATE_BURST
        assert len(tg.chat(2).messages) == 6


async def test_the_fake_refuses_a_real_flood() -> None:
    """Without the bot's pace, the fake still answers 429 past the burst."""
    async with FakeTelegram(enforce_limits=True) as tg:
        tg.user(1)
        bot = tg.make_bot()
        results = await asyncio.gather(
            *(bot.send_message(1, str(i)) for i in range(10)), return_exceptions=True
        )
        refused = [r for r in results if isinstance(r, TelegramRetryAfter)]
        assert len(refused) == 10 - PRIVATE_BURST
        assert len(tg.chat(1).messages) == PRIVATE_BURST
