"""Where a mass mailing stands, as data: counts per delivery state, the commonest errors,
the pace and the expected end. The scheduler and the handlers word it (``texts``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models import outbox
from models.audiences import Audience
from models.mailings.entities import MassMailing
from models.outbox import DeliveryState


@dataclass(frozen=True, slots=True)
class Progress:
    mailing_id: int
    title: str
    counts: dict[DeliveryState, int]
    top_errors: list[tuple[str, int]]
    started_at: datetime | None
    finished_at: datetime | None
    stopped_by: int | None
    start_at: datetime
    audience: Audience
    created_by: int
    created_at: datetime

    def n(self, state: DeliveryState) -> int:
        return self.counts.get(state, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def open(self) -> int:
        return self.n(DeliveryState.PENDING) + self.n(DeliveryState.CLAIMED)

    @property
    def done(self) -> int:
        return (
            self.n(DeliveryState.SENT)
            + self.n(DeliveryState.FAILED)
            + self.n(DeliveryState.BLOCKED)
        )

    @property
    def stopped(self) -> bool:
        return self.stopped_by is not None

    def pace(self, now: datetime) -> float | None:
        """Messages per second so far, or None before there is anything to measure."""
        if self.started_at is None or self.done == 0:
            return None
        seconds = (now - self.started_at).total_seconds()
        return self.done / seconds if seconds > 0 else None

    def expected_finish(self, now: datetime) -> datetime | None:
        pace = self.pace(now)
        if pace is None or pace <= 0:
            return None
        return now + timedelta(seconds=self.open / pace)

    @property
    def duration(self) -> timedelta | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return max(timedelta(0), self.finished_at - self.started_at)


async def progress(session: AsyncSession, mailing_id: int) -> Progress | None:
    mass = await session.get(MassMailing, mailing_id, populate_existing=True)
    if mass is None:
        return None
    rep = await outbox.report(session, mailing_id)
    return Progress(
        mailing_id=mailing_id,
        title=mass.mailing.title,
        counts=rep.counts,
        top_errors=rep.top_errors,
        started_at=mass.started_at,
        finished_at=mass.finished_at,
        stopped_by=mass.stopped_by,
        start_at=mass.mailing.start_at,
        audience=Audience.from_dict(mass.audience),
        created_by=mass.created_by,
        created_at=mass.mailing.created_at,
    )
