"""Consultations' timers, run by the leader every 30 seconds: a discussion whose start came
opens, a discussion whose deadline passed closes by itself (announced to the act's
audience), and the reminders before the deadline go to the representatives of the
municipalities that have not answered. Everything is idempotent in the database
(conditional stage UPDATEs, dedup keys), so a restart or a second leader repeats nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import consultations
from texts import t

log = logging.getLogger(__name__)
EVERY_SECONDS = 30.0


@dataclass(frozen=True)
class ConsultationsResult:
    moved: int = 0
    reminded: int = 0

    @property
    def enqueued(self) -> bool:
        return bool(self.moved or self.reminded)


async def run(
    session_factory: async_sessionmaker[AsyncSession], now: datetime
) -> ConsultationsResult:
    async with session_factory() as session:
        moved = await consultations.apply_due(session, now, t)
    async with session_factory() as session:
        reminded = await consultations.auto_reminders(session, now, t)
    if moved or reminded:
        log.info("consultations: %d stage changes, %d reminders", moved, reminded)
    return ConsultationsResult(moved=moved, reminded=reminded)
