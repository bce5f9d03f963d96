"""Background work of one bot instance: leadership, the sender, the reminder planner.

APScheduler 3 (``AsyncIOScheduler``, in-memory job store) is only a timer here: the
database is the source of truth, so jobs are never pickled and a restart needs no job
recovery. Every few seconds the instance tries to become leader; the leader runs the sender
and the planner, and stops both the moment it loses the lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import outbox
from scheduler import consultations as consultation_timers
from scheduler import contest as contest_timers
from scheduler import proposal_alerts
from scheduler import reports as report_timers
from scheduler.clock import Clock, SystemClock
from scheduler.leader import Leadership
from scheduler.limits import RateLimiter
from scheduler.progress import ProgressUpdater
from scheduler.reminders import PlanResult, ReminderTimer, next_due, plan_reminders
from scheduler.sender import Sender
from scheduler.transport import Transport

log = logging.getLogger(__name__)


class BackgroundService:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        transport: Transport,
        leadership: Leadership,
        *,
        tz: ZoneInfo,
        rate: float = 30.0,
        limiter: RateLimiter | None = None,
        horizon: timedelta = timedelta(hours=24),
        clock: Clock | None = None,
        leader_check: float = 5.0,
        plan_every: float = 30.0,
        lease: timedelta = timedelta(seconds=60),
        progress_every: float = 3.0,
        staff_ids: frozenset[int] = frozenset(),
    ) -> None:
        self.session_factory = session_factory
        self.leadership = leadership
        self.tz = tz
        self.clock = clock or (limiter.clock if limiter is not None else SystemClock())
        # The limiter is the process's one pace for the token; the bot's session middleware
        # (``bot.pacing``) shares it, so replies and the sender count against one budget.
        self.sender = Sender(
            session_factory,
            transport,
            rate=rate,
            limiter=limiter,
            clock=self.clock,
            lease=lease,
            horizon=horizon,
        )
        self.leader_check = leader_check
        self.plan_every = plan_every
        # Mass mailings: scheduled starts and the admin's progress message (needs the Bot).
        bot = getattr(transport, "bot", None)
        self.progress = (
            ProgressUpdater(session_factory, bot, clock=self.clock)
            if isinstance(bot, Bot)
            else None
        )
        self.progress_every = progress_every
        self.staff_ids = staff_ids  # admins (from the settings): proposals' staff alerts
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.is_leader = False
        self._stop = asyncio.Event()
        self._sender_task: asyncio.Task[None] | None = None
        # Reminders: an exact timer re-armed on every change (``wake``); ``plan_every`` is
        # only its fallback poll, for changes made on other instances.
        self.reminders = ReminderTimer(self.plan, self.next_due, self.clock, fallback=plan_every)
        self._timer_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.scheduler.add_job(
            self._leadership_tick,
            "interval",
            seconds=self.leader_check,
            id="leadership",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
        self.scheduler.start()
        await self._leadership_tick()

    async def _leadership_tick(self) -> None:
        try:
            if self.is_leader:
                if not await self.leadership.still_held():
                    log.warning("leadership lost: stopping the sender and the planner")
                    await self._step_down()
            elif await self.leadership.try_acquire():
                await self._lead()
        except Exception:
            log.exception("leadership check failed")

    async def _lead(self) -> None:
        # Whatever a dead leader had claimed comes back now rather than after its lease. If
        # even that fails (the database is away), give the lock back and try again later:
        # holding it without sending would stop every instance from sending.
        try:
            async with self.session_factory() as session:
                orphans = await outbox.release_orphans(session, self.sender.worker_id)
        except Exception:
            log.exception("could not take over; giving the leadership back")
            await self.leadership.release()
            return
        log.info("this instance now runs the scheduler and the sender")
        if orphans:
            log.warning("took over %d deliveries claimed by a sender that died", orphans)
        self.is_leader = True
        self._stop = asyncio.Event()
        self._sender_task = asyncio.create_task(self.sender.run(self._stop))
        jobs: list[tuple[str, Callable[[], Awaitable[object]], float]] = []
        if self.progress is not None:
            jobs.append(("mailing_progress", self.mailing_progress, self.progress_every))
        jobs.append(("proposal_alerts", self.proposal_alerts, proposal_alerts.EVERY_SECONDS))
        jobs.append(("consultations", self.consultations, consultation_timers.EVERY_SECONDS))
        jobs.append(("report_reminders", self.report_reminders, report_timers.EVERY_SECONDS))
        jobs.append(("contest", self.contest, contest_timers.EVERY_SECONDS))
        for job_id, func, seconds in jobs:
            self.scheduler.add_job(
                func,
                "interval",
                seconds=seconds,
                id=job_id,
                replace_existing=True,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=None,
            )
        # Catch up at once: reminders that fell due while no leader was running. A failure
        # here is retried by the timer; the sender runs regardless.
        try:
            await self.plan()
        except Exception:
            log.exception("catch-up planning failed; the next planner run retries it")
        self._timer_task = asyncio.create_task(self.reminders.run(self._stop))

    async def _step_down(self) -> None:
        self.is_leader = False
        with contextlib.suppress(Exception):
            self.scheduler.remove_job("plan_reminders")
        with contextlib.suppress(Exception):
            self.scheduler.remove_job("mailing_progress")
        with contextlib.suppress(Exception):
            self.scheduler.remove_job("proposal_alerts")
        with contextlib.suppress(Exception):
            self.scheduler.remove_job("consultations")
        with contextlib.suppress(Exception):
            self.scheduler.remove_job("report_reminders")
        with contextlib.suppress(Exception):
            self.scheduler.remove_job("contest")
        self._stop.set()
        if self._timer_task is not None:
            await self._timer_task
            self._timer_task = None
        if self._sender_task is not None:
            await self._sender_task
            self._sender_task = None

    async def plan(self, now: datetime | None = None) -> PlanResult:
        async with self.session_factory() as session:
            result = await plan_reminders(session, now or self.clock.now(), self.tz)
        if result.planned or result.topped_up:
            self.sender.wake()
        return result

    async def next_due(self, now: datetime) -> datetime | None:
        async with self.session_factory() as session:
            return await next_due(session, now)

    async def mailing_progress(self) -> None:
        """Start scheduled mass mailings that fell due; update their progress messages."""
        if self.progress is None:
            return
        try:
            if await self.progress.tick():
                self.sender.wake()
        except Exception:
            log.exception("mass mailing progress failed")

    async def proposal_alerts(self) -> None:
        """Proposals' staff alerts, due reminders and digests."""
        try:
            now = self.clock.now()
            result = await proposal_alerts.run(self.session_factory, now, self.staff_ids)
        except Exception:
            log.exception("proposal alerts failed")
            return
        if result.enqueued:
            self.sender.wake()

    async def contest(self, now: datetime | None = None) -> None:
        """Contest stages that fell due and reminders to slow jurors."""
        try:
            result = await contest_timers.run(self.session_factory, now or self.clock.now())
        except Exception:
            log.exception("contest timers failed")
            return
        if result.enqueued:
            self.sender.wake()

    async def report_reminders(self, now: datetime | None = None) -> int:
        """Questionnaire reminders due now (in working hours only)."""
        try:
            planned = await report_timers.run(
                self.session_factory, now or self.clock.now(), self.tz
            )
        except Exception:
            log.exception("report reminders failed")
            return 0
        if planned:
            self.sender.wake()
        return planned

    async def consultations(self, now: datetime | None = None) -> None:
        """Acts' stages that fell due and the reminders before their deadlines."""
        try:
            result = await consultation_timers.run(self.session_factory, now or self.clock.now())
        except Exception:
            log.exception("consultations' timers failed")
            return
        if result.enqueued:
            self.sender.wake()

    def wake(self) -> None:
        self.sender.wake()
        self.reminders.wake()  # an answer or an edit may change what is due and for whom

    async def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self.is_leader:
            await self._step_down()
        await self.leadership.release()
