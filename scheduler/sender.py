"""The one sender that drains the outbox.

claim a batch (with a lease) → for each delivery wait for the shared pace, check that its
mailing was not stopped → send → mark. Sends run concurrently (Telegram's latency must not
cap the pace) and the next batch is claimed while the last sends of this one are still on
their way; marks go through one marker task that commits what has finished as soon as it
can. A crash at any moment loses nothing: unsent claims come back after their lease; at most
the in-flight ones repeat.

Telegram away (a connection error, a timeout, a 5xx) is not a delivery's fault: the limiter
pauses all sending, the rest of the batch goes back to the queue, and one delivery at a time
probes (after 1 s, 2 s … 60 s) until Telegram answers. Such a delivery fails only after the
``horizon`` (24 h by default) since its mailing was due.
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
from scheduler.limits import SENDER_PACED, RateLimiter, weight_of
from scheduler.transport import Transport

log = logging.getLogger(__name__)

BACKOFF_BASE = 2.0
BACKOFF_MAX = 300.0
# A delivery whose chat must wait longer than this goes back to the queue, so one busy group
# (20 messages a minute) never holds up a mailing to everyone else.
DEFER_AFTER = 0.2
DEFAULT_RATE = 30.0
DEFAULT_HORIZON = timedelta(hours=24)
# A paid broadcast sends up to ~1000 a second: whether its mailing was stopped is asked at
# most this often (seconds) instead of before each send; /stop-s were skipped at claim.
PAID_CHECK_EVERY = 0.1
PAID_BATCH = 500  # deliveries claimed at once while a paid broadcast runs
PAID_IN_FLIGHT = 100
MARK_EVERY = 0.05  # seconds the marker gathers results of a paid broadcast before a commit
# A claim whose lease ends within this share of it is put back rather than sent: another
# sender may take it once the lease is over, and then the person would get it twice.
LEASE_MARGIN = 0.1


class Outcome(Enum):
    SENT = "sent"
    RETRY = "retry"  # unexpected error: counts as an attempt, fails after MAX_ATTEMPTS
    UNREACHABLE = "unreachable"  # Telegram away: retried later, fails only after the horizon
    FLOOD = "flood"  # 429: does not count
    DEFER = "defer"  # the chat's own pace says later: back to the queue, no attempt used
    PUT_BACK = "put_back"  # not tried (an outage began): back to the queue, no attempt used
    FAILED = "failed"
    BLOCKED = "blocked"
    SKIPPED = "skipped"  # the person sent /stop before their turn (marketing only)


LATER = (Outcome.RETRY, Outcome.UNREACHABLE, Outcome.FLOOD, Outcome.DEFER, Outcome.PUT_BACK)


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
        rate: float = DEFAULT_RATE,
        limiter: RateLimiter | None = None,
        clock: Clock | None = None,
        worker_id: str | None = None,
        batch_size: int = 100,
        lease: timedelta = timedelta(seconds=120),
        max_in_flight: int = 60,
        idle_poll: float = 1.0,
        backoff_base: float = BACKOFF_BASE,
        backoff_unit: float = 1.0,
        horizon: timedelta = DEFAULT_HORIZON,
    ) -> None:
        self.session_factory = session_factory
        self.transport = transport
        self.clock = clock or (limiter.clock if limiter is not None else SystemClock())
        self.limiter = limiter or RateLimiter(self.clock, rate)
        self.worker_id = worker_id or f"sender-{uuid.uuid4().hex[:8]}"
        self.batch_size = batch_size
        self.lease = lease
        self.idle_poll = idle_poll
        self.backoff_base = backoff_base
        self.backoff_unit = backoff_unit
        self.horizon = horizon
        self.stats: Counter[Outcome] = Counter()
        self._in_flight = asyncio.Semaphore(max_in_flight)
        # A paid broadcast at ~1000/s needs more on the way (aiohttp's pool holds 100).
        self._paid_in_flight = asyncio.Semaphore(max(max_in_flight, PAID_IN_FLIGHT))
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._failures: Counter[str] = Counter()  # failed for good since the last log line
        self._checked: dict[int, tuple[float, str | None]] = {}  # paid: mailing → last check
        self._prefetch: asyncio.Task[list[Claimed]] | None = None
        # Claimed and not yet marked, with when (monotonic) each claim's lease runs out: the
        # outbox must not hand them to this sender again while it still has them in hand.
        self._held: dict[int, float] = {}
        self._paid_running = False

    def wake(self) -> None:
        """Something was enqueued or fell due: look at the outbox now."""
        self._wake.set()

    def _later(self, delivery: Claimed) -> float:
        return backoff(delivery.attempts, self.backoff_base, self.backoff_unit)

    async def _send_one(self, delivery: Claimed) -> Result:
        try:
            message_id = await self.transport.send(delivery.chat_id, delivery.content)
        except TelegramRetryAfter as exc:
            log.warning("429 from Telegram: all sending paused for %s s", exc.retry_after)
            self.limiter.pause(exc.retry_after)
            return Result(delivery, Outcome.FLOOD, error=exc.message, delay=exc.retry_after)
        except TelegramForbiddenError as exc:
            return Result(delivery, Outcome.BLOCKED, error=exc.message)
        except TelegramBadRequest as exc:
            return Result(delivery, Outcome.FAILED, error=exc.message)
        except (TelegramNetworkError, TelegramServerError, TimeoutError) as exc:
            error = getattr(exc, "message", None) or type(exc).__name__
            self.limiter.network_failed(type(exc).__name__)
            return Result(delivery, Outcome.UNREACHABLE, error=error, delay=self._later(delivery))
        except TelegramAPIError as exc:
            return Result(delivery, Outcome.FAILED, error=exc.message)
        except Exception as exc:
            log.exception("unexpected error sending delivery %s", delivery.id)
            return Result(
                delivery, Outcome.RETRY, error=repr(exc)[:200], delay=self._later(delivery)
            )
        self.limiter.network_ok()
        return Result(delivery, Outcome.SENT, message_id=message_id)

    async def _mark(self, session: AsyncSession, result: Result) -> None:
        d, worker, outcome = result.delivery, self.worker_id, result.outcome
        if outcome in (Outcome.UNREACHABLE, Outcome.RETRY) and self._past_horizon(d):
            hours = self.horizon.total_seconds() / 3600
            error = f"{result.error}; Telegram unreachable for over {hours:g} h"
            result = Result(d, Outcome.FAILED, error=error)
            outcome = Outcome.FAILED
            self._failures["horizon"] += 1
        elif outcome is Outcome.FAILED:
            self._failures["refused by Telegram"] += 1
        if outcome is Outcome.SENT:
            await outbox.mark_sent(session, d.id, worker, result.message_id)
        elif outcome is Outcome.BLOCKED:
            await outbox.mark_blocked(session, d.chat_id, d.user_id, result.error)
        elif outcome is Outcome.FAILED:
            await outbox.mark_failed(session, d.id, worker, result.error)
        elif outcome is Outcome.SKIPPED:
            await outbox.mark_skipped(session, d.id, worker)
        else:
            not_before = self.clock.now() + timedelta(seconds=result.delay)
            await outbox.mark_retry(
                session,
                d.id,
                worker,
                result.error or None,
                not_before,
                count_attempt=outcome in (Outcome.RETRY, Outcome.UNREACHABLE),
                can_fail=outcome is Outcome.RETRY,
            )
            if outcome is Outcome.RETRY and d.attempts >= outbox.MAX_ATTEMPTS:
                self._failures["unexpected errors"] += 1
        self.stats[outcome] += 1

    def _past_horizon(self, delivery: Claimed) -> bool:
        due_at = delivery.due_at
        if due_at.tzinfo is None:  # SQLite gives naive UTC back
            due_at = due_at.replace(tzinfo=self.clock.now().tzinfo)
        return self.clock.now() - due_at > self.horizon

    async def _mark_batch(self, session: AsyncSession, results: list[Result]) -> None:
        """Whatever finished meanwhile, at once: the sent ones in one statement."""
        sent = [r for r in results if r.outcome is Outcome.SENT]
        try:
            await outbox.mark_sent_many(
                session, self.worker_id, [(r.delivery.id, r.message_id) for r in sent]
            )
            self.stats[Outcome.SENT] += len(sent)
        except Exception:
            log.exception("could not record %d sent deliveries", len(sent))
            await session.rollback()
        for result in results:
            if result.outcome is Outcome.SENT:
                continue
            try:
                await self._mark(session, result)
            except Exception:
                log.exception("could not record delivery %s", result.delivery.id)
                await session.rollback()
        for result in results:  # recorded, or left to its lease: out of this sender's hands
            self._held.pop(result.delivery.id, None)

    async def _marker(self, queue: asyncio.Queue[Result | None]) -> None:
        async with self.session_factory() as session:
            done = False
            while not done:
                first = await queue.get()
                if first is not None and self._paid_running:
                    await asyncio.sleep(MARK_EVERY)  # let a batch gather: one commit for it
                results: list[Result] = []
                for result in [first, *_drain(queue)]:
                    if result is None:
                        done = True
                    else:
                        results.append(result)
                await self._mark_batch(session, results)
                if queue.empty():
                    self._log_failures()
                    self._wake.set()  # a chat whose earlier delivery is done may go now

    def _log_failures(self) -> None:
        if self._failures:
            total = sum(self._failures.values())
            reasons = ", ".join(f"{why}: {n}" for why, n in self._failures.items())
            log.error("%d deliveries failed for good (%s)", total, reasons)
            self._failures.clear()

    def _gate(self, delivery: Claimed) -> asyncio.Semaphore:
        return self._paid_in_flight if delivery.content.paid_broadcast else self._in_flight

    async def _deliver(self, delivery: Claimed, queue: asyncio.Queue[Result | None]) -> None:
        SENDER_PACED.set(True)  # this task's requests are paced here, not by the middleware
        try:
            await queue.put(await self._send_one(delivery))
        finally:
            self._gate(delivery).release()

    async def _pace(self, delivery: Claimed, stop: asyncio.Event | None) -> bool:
        """Wait for the shared pace; False if stopping came first."""
        weight = weight_of(delivery.content.text)
        paid = delivery.content.paid_broadcast
        while (wait := self.limiter.try_acquire(delivery.chat_id, weight, paid=paid)) > 0:
            if stop is None:
                await self.clock.sleep(wait)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)
            if stop.is_set():
                return False
        return True

    async def _hold_back(self, delivery: Claimed) -> str | None:
        """Asked right before each send, so nothing starts after a stop is committed and a
        /stop beats a marketing message already claimed. A paid broadcast asks about its
        mailing at most every ``PAID_CHECK_EVERY`` s (its /stop-s were skipped at claim)."""
        paid = delivery.content.paid_broadcast
        now = self.clock.monotonic()
        known = self._checked.get(delivery.mailing_id) if paid else None
        if known is not None and now - known[0] < PAID_CHECK_EVERY:
            return known[1]
        user_id = None if paid else delivery.user_id
        async with self.session_factory() as session:
            reason = await outbox.hold_back(session, delivery.mailing_id, user_id)
        if paid:
            self._checked[delivery.mailing_id] = (now, reason)
        return reason

    async def _claim(self) -> list[Claimed]:
        limit = self.batch_size
        if self.limiter.unreachable:
            limit = 1
        elif self._paid_running:
            limit = max(self.batch_size, PAID_BATCH)
        lease_ends = self.clock.monotonic() + self.lease.total_seconds()
        async with self.session_factory() as session:
            batch = await outbox.claim(
                session,
                self.worker_id,
                now=self.clock.now(),
                limit=limit,
                lease=self.lease,
                holding=list(self._held),
            )
        for delivery in batch:
            self._held[delivery.id] = lease_ends
        return batch

    def _lease_running_out(self, delivery: Claimed) -> bool:
        ends = self._held.get(delivery.id)
        margin = self.lease.total_seconds() * LEASE_MARGIN
        return ends is not None and self.clock.monotonic() > ends - margin

    async def _put_back(self, rest: list[Claimed], queue: asyncio.Queue[Result | None]) -> None:
        for delivery in rest:
            await queue.put(Result(delivery, Outcome.PUT_BACK))
        if rest:
            log.warning(
                "telegram unreachable since %s: %d claimed deliveries put back, next probe "
                "in %.0f s",
                self.limiter.unreachable_since,
                len(rest),
                max(0.0, self.limiter.outage_until - self.clock.monotonic()),
            )

    async def run_once(
        self, queue: asyncio.Queue[Result | None], stop: asyncio.Event | None = None
    ) -> int:
        """Claim one batch and start sending it (one delivery while Telegram is away).
        Returns how many were claimed; the last sends may still be on their way. When
        ``stop`` is set midway, the rest of the batch is left claimed for ``release``."""
        self._wake.clear()
        if self._prefetch is not None:
            prefetched, self._prefetch = self._prefetch, None
            batch = await prefetched
        else:
            batch = await self._claim()
        self._paid_running = any(d.content.paid_broadcast for d in batch)
        index = 0
        try:
            for index, delivery in enumerate(batch):
                if self._paid_running and index == len(batch) // 2 and len(batch) >= PAID_BATCH:
                    # Claim the next batch while this one is paced: no gap at 1000 a second.
                    self._prefetch = asyncio.create_task(self._claim())
                if self.limiter.unreachable and index > 0:
                    await self._put_back(batch[index:], queue)
                    break
                if not await self._start(delivery, queue, stop):
                    break
        except Exception:
            # What was not started goes back to the queue now, not after this sender's lease.
            for delivery in batch[index:]:
                queue.put_nowait(Result(delivery, Outcome.PUT_BACK))
            raise
        return len(batch)

    async def _start(
        self, delivery: Claimed, queue: asyncio.Queue[Result | None], stop: asyncio.Event | None
    ) -> bool:
        """Send one claimed delivery when the pace allows, or say what became of it instead.
        False if stopping came first (the rest of the batch is left for ``release``)."""
        chat_wait = self.limiter.chat_wait(delivery.chat_id)
        if chat_wait > DEFER_AFTER:
            await queue.put(Result(delivery, Outcome.DEFER, delay=chat_wait))
            return True
        if not await self._pace(delivery, stop):
            return False
        if self._lease_running_out(delivery):
            await queue.put(Result(delivery, Outcome.PUT_BACK))
            return True
        reason = await self._hold_back(delivery)
        if reason == "unsubscribed":
            await queue.put(Result(delivery, Outcome.SKIPPED))
        elif reason is not None:  # a stop: cancel_mailing has recorded it as cancelled
            self._held.pop(delivery.id, None)
        if reason is not None:
            return True
        await self._gate(delivery).acquire()
        task = asyncio.create_task(self._deliver(delivery, queue))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return True

    async def _idle_wait(self) -> None:
        async with self.session_factory() as session:
            due = await outbox.next_due(session)
        timeout = self.idle_poll
        if due is not None:
            if due.tzinfo is None:
                due = due.replace(tzinfo=self.clock.now().tzinfo)
            timeout = min(timeout, max(0.0, (due - self.clock.now()).total_seconds()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    async def run(self, stop: asyncio.Event) -> None:
        """Drain the outbox until ``stop`` is set; give back unsent claims on the way out."""
        log.info("sender %s started at %.1f msg/s", self.worker_id, self.limiter.rate)
        queue: asyncio.Queue[Result | None] = asyncio.Queue()
        marker = asyncio.create_task(self._marker(queue))
        try:
            while not stop.is_set():
                try:
                    if self.limiter.unreachable:
                        # Probing: one delivery at a time, each waiting for the last.
                        await asyncio.gather(*self._tasks)
                    claimed = await self.run_once(queue, stop)
                except Exception:
                    log.exception("sender batch failed; retrying shortly")
                    await self.clock.sleep(self.idle_poll)
                    continue
                if claimed == 0:
                    await self._idle_wait()
        finally:
            if self._prefetch is not None:
                with contextlib.suppress(Exception):
                    await self._prefetch  # its claims are released below
                self._prefetch = None
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await queue.put(None)
            await marker
            with contextlib.suppress(Exception):
                async with self.session_factory() as session:
                    released = await outbox.release(session, self.worker_id)
                if released:
                    log.info("sender %s released %d claims", self.worker_id, released)
            self._held.clear()


def _drain(queue: asyncio.Queue[Result | None]) -> list[Result | None]:
    items: list[Result | None] = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items
