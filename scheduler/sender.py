"""The one sender that drains the outbox.

claim a batch (with a lease) → for each delivery wait for the shared pace → send → mark.
Sends run concurrently (Telegram's latency must not cap the pace), marks go through one
marker task that commits what has finished as soon as it can. A crash at any moment loses
nothing: unsent claims come back after their lease; at most the in-flight ones repeat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import outbox
from models.outbox import Claimed
from scheduler.clock import Clock, SystemClock
from scheduler.limits import RateLimiter, weight_of
from scheduler.transport import Transport

log = logging.getLogger(__name__)

BACKOFF_BASE = 2.0
BACKOFF_MAX = 300.0
# A delivery whose chat must wait longer than this goes back to the queue, so one busy group
# (20 messages a minute) never holds up a mailing to everyone else.
DEFER_AFTER = 0.2
# How often a running batch looks for mailings stopped meanwhile.
CANCEL_CHECK = 0.5


class Outcome(Enum):
    SENT = "sent"
    RETRY = "retry"  # transient: counts as an attempt
    FLOOD = "flood"  # 429: does not count
    DEFER = "defer"  # the chat's own pace says later: back to the queue, no attempt used
    FAILED = "failed"
    BLOCKED = "blocked"


@dataclass(frozen=True, slots=True)
class Result:
    delivery: Claimed
    outcome: Outcome
    message_id: int | None = None
    error: str = ""
    delay: float = 0.0


def backoff(attempts: int, base: float = BACKOFF_BASE, unit: float = 1.0) -> float:
    """Exponential (``unit * base**attempts`` seconds), with jitter so that retries of a
    failed batch spread out."""
    delay: float = min(BACKOFF_MAX, unit * base ** max(attempts, 1))
    return delay * random.uniform(0.8, 1.2)


class Sender:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        transport: Transport,
        *,
        rate: float = 25.0,
        clock: Clock | None = None,
        worker_id: str | None = None,
        batch_size: int = 50,
        lease: timedelta = timedelta(seconds=60),
        max_in_flight: int = 60,
        idle_poll: float = 1.0,
        backoff_base: float = BACKOFF_BASE,
        backoff_unit: float = 1.0,
    ) -> None:
        self.session_factory = session_factory
        self.transport = transport
        self.clock = clock or SystemClock()
        self.limiter = RateLimiter(self.clock, rate)
        self.worker_id = worker_id or f"sender-{uuid.uuid4().hex[:8]}"
        self.batch_size = batch_size
        self.lease = lease
        self.idle_poll = idle_poll
        self.backoff_base = backoff_base
        self.backoff_unit = backoff_unit
        self.stats: Counter[Outcome] = Counter()
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Something was enqueued or fell due: look at the outbox now."""
        self._wake.set()

    async def _send_one(self, delivery: Claimed) -> Result:
        try:
            message_id = await self.transport.send(delivery.chat_id, delivery.content)
        except TelegramRetryAfter as exc:
            self.limiter.pause(exc.retry_after)
            return Result(delivery, Outcome.FLOOD, error=exc.message, delay=exc.retry_after)
        except TelegramForbiddenError as exc:
            return Result(delivery, Outcome.BLOCKED, error=exc.message)
        except TelegramBadRequest as exc:
            return Result(delivery, Outcome.FAILED, error=exc.message)
        except (TelegramNetworkError, TelegramServerError, TimeoutError) as exc:
            error = getattr(exc, "message", None) or type(exc).__name__
            return Result(
                delivery,
                Outcome.RETRY,
                error=error,
                delay=backoff(delivery.attempts, self.backoff_base, self.backoff_unit),
            )
        except TelegramAPIError as exc:
            return Result(delivery, Outcome.FAILED, error=exc.message)
        except Exception as exc:
            log.exception("unexpected error sending delivery %s", delivery.id)
            return Result(
                delivery,
                Outcome.RETRY,
                error=repr(exc)[:200],
                delay=backoff(delivery.attempts, self.backoff_base, self.backoff_unit),
            )
        return Result(delivery, Outcome.SENT, message_id=message_id)

    async def _mark(self, session: AsyncSession, result: Result) -> None:
        d, worker = result.delivery, self.worker_id
        if result.outcome is Outcome.SENT:
            await outbox.mark_sent(session, d.id, worker, result.message_id)
        elif result.outcome is Outcome.BLOCKED:
            await outbox.mark_blocked(session, d.chat_id, d.user_id, result.error)
        elif result.outcome is Outcome.FAILED:
            await outbox.mark_failed(session, d.id, worker, result.error)
        else:
            not_before = self.clock.now() + timedelta(seconds=result.delay)
            await outbox.mark_retry(
                session,
                d.id,
                worker,
                result.error or None,
                not_before,
                count_attempt=result.outcome is Outcome.RETRY,
            )
        self.stats[result.outcome] += 1

    async def _marker(self, queue: asyncio.Queue[Result | None]) -> None:
        async with self.session_factory() as session:
            while (result := await queue.get()) is not None:
                await self._mark(session, result)

    async def _deliver(self, delivery: Claimed, queue: asyncio.Queue[Result | None]) -> None:
        try:
            await queue.put(await self._send_one(delivery))
        finally:
            self._in_flight.release()

    async def _pace(self, delivery: Claimed, stop: asyncio.Event | None) -> bool:
        """Wait for the shared pace; False if stopping came first."""
        weight = weight_of(delivery.content.text)
        while (wait := self.limiter.try_acquire(delivery.chat_id, weight)) > 0:
            if stop is None:
                await self.clock.sleep(wait)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)
            if stop.is_set():
                return False
        return True

    async def run_once(self, stop: asyncio.Event | None = None) -> int:
        """Claim one batch, send it, mark it. Returns how many were claimed. When ``stop``
        is set midway, the rest of the batch is left claimed for ``release``."""
        async with self.session_factory() as session:
            batch = await outbox.claim(
                session,
                self.worker_id,
                now=self.clock.now(),
                limit=self.batch_size,
                lease=self.lease,
            )
        if not batch:
            return 0
        queue: asyncio.Queue[Result | None] = asyncio.Queue()
        marker = asyncio.create_task(self._marker(queue))
        tasks: list[asyncio.Task[None]] = []
        try:
            stopped: set[int] = set()
            checked_at = self.clock.monotonic()
            for delivery in batch:
                # A mailing stopped while its batch waits for the pace: skip the rest of it
                # (cancel_mailing has recorded them as cancelled). Checked twice a second.
                if self.clock.monotonic() - checked_at > CANCEL_CHECK:
                    async with self.session_factory() as session:
                        stopped = await outbox.cancelled_among(
                            session, {d.mailing_id for d in batch}
                        )
                    checked_at = self.clock.monotonic()
                if delivery.mailing_id in stopped:
                    continue
                chat_wait = self.limiter.chat_wait(delivery.chat_id)
                if chat_wait > DEFER_AFTER:
                    await queue.put(Result(delivery, Outcome.DEFER, delay=chat_wait))
                    continue
                if not await self._pace(delivery, stop):
                    break
                await self._in_flight.acquire()
                tasks.append(asyncio.create_task(self._deliver(delivery, queue)))
            await asyncio.gather(*tasks)
        finally:
            await queue.put(None)
            await marker
        return len(batch)

    async def _idle_wait(self) -> None:
        async with self.session_factory() as session:
            due = await outbox.next_due(session)
        timeout = self.idle_poll
        if due is not None:
            timeout = min(timeout, max(0.0, (due - self.clock.now()).total_seconds()))
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    async def run(self, stop: asyncio.Event) -> None:
        """Drain the outbox until ``stop`` is set; give back unsent claims on the way out."""
        log.info("sender %s started at %.1f msg/s", self.worker_id, self.limiter.rate)
        try:
            while not stop.is_set():
                try:
                    claimed = await self.run_once(stop)
                except Exception:
                    log.exception("sender batch failed; retrying shortly")
                    await self.clock.sleep(self.idle_poll)
                    continue
                if claimed == 0:
                    await self._idle_wait()
        finally:
            with contextlib.suppress(Exception):
                async with self.session_factory() as session:
                    released = await outbox.release(session, self.worker_id)
                if released:
                    log.info("sender %s released %d claims", self.worker_id, released)
