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
from datetime import timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import outbox
from scheduler.clock import Clock, SystemClock
from scheduler.leader import Leadership
from scheduler.reminders import PlanResult, plan_reminders
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
        rate: float = 25.0,
        clock: Clock | None = None,
        leader_check: float = 5.0,
        plan_every: float = 30.0,
        lease: timedelta = timedelta(seconds=60),
    ) -> None:
        self.session_factory = session_factory
        self.leadership = leadership
        self.tz = tz
        self.clock = clock or SystemClock()
        self.sender = Sender(session_factory, transport, rate=rate, clock=self.clock, lease=lease)
        self.leader_check = leader_check
        self.plan_every = plan_every
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.is_leader = False
        self._stop = asyncio.Event()
        self._sender_task: asyncio.Task[None] | None = None

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
        log.info("this instance now runs the scheduler and the sender")
        self.is_leader = True
        self._stop = asyncio.Event()
        # Whatever a dead leader had claimed comes back now rather than after its lease.
        async with self.session_factory() as session:
            orphans = await outbox.release_orphans(session, self.sender.worker_id)
        if orphans:
            log.warning("took over %d deliveries claimed by a sender that died", orphans)
        # Catch up at once: reminders that fell due while no leader was running.
        await self.plan()
        self._sender_task = asyncio.create_task(self.sender.run(self._stop))
        self.scheduler.add_job(
            self.plan,
            "interval",
            seconds=self.plan_every,
            id="plan_reminders",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )

    async def _step_down(self) -> None:
        self.is_leader = False
        with contextlib.suppress(Exception):
            self.scheduler.remove_job("plan_reminders")
        self._stop.set()
        if self._sender_task is not None:
            await self._sender_task
            self._sender_task = None

    async def plan(self) -> PlanResult:
        async with self.session_factory() as session:
            result = await plan_reminders(session, self.clock.now(), self.tz)
        if result.planned:
            self.sender.wake()
        return result

    def wake(self) -> None:
        self.sender.wake()

    async def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self.is_leader:
            await self._step_down()
        await self.leadership.release()
