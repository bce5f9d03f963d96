"""Proposals' timers, run by the leader every minute: the batched alert of new proposals
to staff, reminders of answers due, and the digest of a discussion that closed. Each is
idempotent in the database (cursors, marks, dedup keys), so a restart or a second leader
repeats nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.proposals import alerts, decisions
from texts import t

log = logging.getLogger(__name__)
EVERY_SECONDS = 60.0


@dataclass(frozen=True)
class AlertsResult:
    alerts: int = 0
    due: int = 0
    digests: int = 0

    @property
    def enqueued(self) -> bool:
        return bool(self.alerts or self.due or self.digests)


async def run(
    session_factory: async_sessionmaker[AsyncSession], now: datetime, admin_ids: Iterable[int]
) -> AlertsResult:
    staff = frozenset(admin_ids)
    async with session_factory() as session:
        sent = await alerts.alert_new(session, now, staff, t)
    async with session_factory() as session:
        due = await decisions.remind_due(session, now, t)
    async with session_factory() as session:
        digests = await alerts.campaign_digests(session, now, staff, t)
    async with session_factory() as session:
        digests += await alerts.act_digests(session, now, staff, t)
    return AlertsResult(alerts=sent, due=due, digests=digests)
