"""The public vote: among the applications admitted to it, one vote per person per
nomination, changeable until the end; only people registered with consent before the vote
opened are counted; every vote audited; a burst of votes from new accounts flagged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models.base import dialect_insert, utcnow
from models.contest.entities import Application, AppStatus, Contest, Stage, Vote
from models.contest.notices import alert_staff
from models.contest.stages import stage_at, vote_opens_at
from models.errors import DomainError
from models.rendering import Renderer
from models.users import User

BURST_WINDOW = timedelta(minutes=30)
BURST_MIN = 5  # uncounted votes for one application within the window


def counts_in_vote(user: User, contest: Contest) -> bool:
    """Registered with consent before the vote opened (fresh accounts do not count)."""
    opened = vote_opens_at(contest)
    return (
        user.is_registered
        and user.consent_given_at is not None
        and user.consent_given_at < opened
        and user.created_at < opened
    )


@dataclass(frozen=True)
class VoteResult:
    changed: bool  # False: the same vote again
    counted: bool
    previous_id: int | None


async def ballot(session: AsyncSession, contest_id: int, nomination_id: int) -> list[Application]:
    rows = await session.scalars(
        select(Application)
        .where(
            Application.contest_id == contest_id,
            Application.nomination_id == nomination_id,
            Application.status == AppStatus.SUBMITTED,
            Application.in_vote.is_(True),
        )
        .order_by(Application.number)
    )
    return list(rows)


async def my_vote(session: AsyncSession, user: User, nomination_id: int) -> int | None:
    return await session.scalar(
        select(Vote.application_id).where(
            Vote.nomination_id == nomination_id, Vote.user_id == user.id
        )
    )


async def vote(
    session: AsyncSession,
    user: User,
    app_id: int,
    render: Renderer,
    admin_ids: Iterable[int] = (),
    now: datetime | None = None,
) -> VoteResult:
    """Vote for an application (or move one's vote to it). Commits."""
    now = now or utcnow()
    app = await session.get(Application, app_id)
    if app is None or not app.in_vote or app.nomination_id is None:
        raise DomainError("contest-stale")
    contest = await session.get(Contest, app.contest_id)
    assert contest is not None
    if stage_at(contest, now) is not Stage.VOTE:
        raise DomainError("contest-vote-closed")
    if not user.is_registered:
        raise DomainError("contest-need-profile")
    previous = await my_vote(session, user, app.nomination_id)
    if previous == app.id:
        return VoteResult(
            changed=False, counted=counts_in_vote(user, contest), previous_id=previous
        )
    counted = counts_in_vote(user, contest)
    stmt = dialect_insert(session)(Vote).values(
        nomination_id=app.nomination_id,
        application_id=app.id,
        user_id=user.id,
        counted=counted,
        created_at=now,
        updated_at=now,
    )
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["nomination_id", "user_id"],
            set_={"application_id": app.id, "updated_at": now},
        )
    )
    audit.record(
        session,
        user.telegram_id,
        "contest.vote",
        target=f"application:{app.id}",
        nomination=app.nomination_id,
        previous=previous,
        counted=counted,
    )
    if not counted:
        await _check_burst(session, app, render, admin_ids, now)
    await session.commit()
    return VoteResult(changed=True, counted=counted, previous_id=previous)


async def _check_burst(
    session: AsyncSession,
    app: Application,
    render: Renderer,
    admin_ids: Iterable[int],
    now: datetime,
) -> None:
    fresh = await session.scalar(
        select(func.count())
        .select_from(Vote)
        .where(
            Vote.application_id == app.id,
            Vote.counted.is_(False),
            Vote.updated_at >= now - BURST_WINDOW,
        )
    )
    if int(fresh or 0) < BURST_MIN:
        return
    audit.record(session, 0, "contest.vote.burst", target=f"application:{app.id}", fresh=fresh)
    await alert_staff(
        session,
        render,
        admin_ids,
        dedup_key=f"contest:burst:{app.id}",
        key="contest-alert-burst",
        number=app.number or 0,
        title=app.title or "",
        count=int(fresh or 0),
    )


async def tally(session: AsyncSession, nomination_id: int) -> dict[int, int]:
    """Counted votes per application of a nomination."""
    rows = await session.execute(
        select(Vote.application_id, func.count())
        .where(Vote.nomination_id == nomination_id, Vote.counted.is_(True))
        .group_by(Vote.application_id)
    )
    return {int(a): int(n) for a, n in rows.all()}


async def uncounted(session: AsyncSession, nomination_id: int) -> int:
    total = await session.scalar(
        select(func.count())
        .select_from(Vote)
        .where(Vote.nomination_id == nomination_id, Vote.counted.is_(False))
    )
    return int(total or 0)


def counts_visible(contest: Contest, now: datetime, *, staff: bool = False) -> bool:
    """Live counts when staff chose so; otherwise only after the vote."""
    return staff or contest.live_counts or stage_at(contest, now) is Stage.RESULTS
