"""Reminders of questionnaires (reports from municipalities), run by the leader every few
minutes: 7, 3 and 1 day before the deadline and after it, only to municipalities that have
not submitted, only in the region's working hours. Idempotent in the database (a stage per
answer, a dedup key per mailing), so a restart or a second leader repeats nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.reports.reminders import plan_reminders
from texts import t

EVERY_SECONDS = 300.0


async def run(
    session_factory: async_sessionmaker[AsyncSession], now: datetime, tz: ZoneInfo
) -> int:
    """Enqueue the reminders due at ``now``; the number of municipalities reminded."""
    async with session_factory() as session:
        return await plan_reminders(session, now, tz, t)
