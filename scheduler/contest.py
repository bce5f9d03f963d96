"""The contest's timer, run by the leader every minute: a stage whose date came is entered
(the vote's and the results' announcements, the applicants' notices), and jurors who have
not finished are reminded once a day during the last days of the jury stage. Both are
idempotent in the database (the stage a contest entered, one dedup key per juror a day)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.contest import Stage
from models.contest.announce import sync
from models.contest.jury import remind_slow
from models.contest.setup import list_contests
from models.contest.stages import stage_at
from texts import t

log = logging.getLogger(__name__)
EVERY_SECONDS = 60.0
REMIND_BEFORE = timedelta(days=3)  # jurors are reminded during the jury stage's last days


@dataclass(frozen=True)
class ContestTick:
    entered: int = 0
    reminded: int = 0

    @property
    def enqueued(self) -> bool:
        return bool(self.entered or self.reminded)


async def run(session_factory: async_sessionmaker[AsyncSession], now: datetime) -> ContestTick:
    entered = reminded = 0
    async with session_factory() as session:
        contests = [c for c in await list_contests(session) if c.stage is not Stage.RESULTS]
    for contest in contests:
        try:
            async with session_factory() as session:
                own = await session.merge(contest, load=True)
                if await sync(session, own, t, now) is not None:
                    entered += 1
                if stage_at(own, now) is Stage.JURY and own.jury_until - now <= REMIND_BEFORE:
                    reminded += await remind_slow(session, own, t, now=now)
        except Exception:
            log.exception("contest %s: the stage or reminders failed", contest.id)
    return ContestTick(entered, reminded)
