"""Staff set a contest up: create it from a ``Spec`` with its nominations and criteria,
attach the rules, appoint jurors; and the look-ups every screen needs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models.base import dialect_insert
from models.contest.entities import Contest, Criterion, Juror, Nomination
from models.contest.spec import Spec
from models.errors import DomainError
from models.users import User


async def create_contest(session: AsyncSession, actor_telegram_id: int, spec: Spec) -> Contest:
    """A new contest (stage DRAFT until its applications open), audited. Commits."""
    assert spec.applications_from and spec.applications_until and spec.jury_until
    contest = Contest(
        title=spec.title,
        applications_from=spec.applications_from,
        applications_until=spec.applications_until,
        jury_until=spec.jury_until,
        vote_until=spec.vote_until,
        live_counts=spec.live_counts,
        spread_threshold=spec.spread,
        created_by=actor_telegram_id,
    )
    session.add(contest)
    await session.flush()
    for position, item in enumerate(spec.nominations):
        nomination = Nomination(
            contest_id=contest.id,
            position=position,
            title=item.title,
            applicant_kind=item.kind,
            score_min=item.score_min,
            score_max=item.score_max,
            required=[f.value for f in item.required],
        )
        session.add(nomination)
        await session.flush()
        for index, (title, weight) in enumerate(item.criteria):
            session.add(
                Criterion(nomination_id=nomination.id, position=index, title=title, weight=weight)
            )
    audit.record(session, actor_telegram_id, "contest.create", target=f"contest:{contest.id}")
    await session.commit()
    return contest


async def set_rules(
    session: AsyncSession, actor_telegram_id: int, contest_id: int, file_id: str
) -> Contest:
    contest = await get_contest(session, contest_id)
    contest.rules_file_id = file_id
    audit.record(session, actor_telegram_id, "contest.rules", target=f"contest:{contest_id}")
    await session.commit()
    return contest


async def get_contest(session: AsyncSession, contest_id: int) -> Contest:
    contest = await session.get(Contest, contest_id)
    if contest is None:
        raise DomainError("contest-not-found")
    return contest


async def list_contests(
    session: AsyncSession, *, open_at: datetime | None = None
) -> list[Contest]:
    """Every contest, newest first; with ``open_at``, only those public by then (their
    applications opened)."""
    query = select(Contest).order_by(Contest.id.desc())
    if open_at is not None:
        query = query.where(Contest.applications_from <= open_at)
    return list(await session.scalars(query))


async def nominations_of(session: AsyncSession, contest_id: int) -> list[Nomination]:
    rows = await session.scalars(
        select(Nomination)
        .where(Nomination.contest_id == contest_id)
        .order_by(Nomination.position, Nomination.id)
    )
    return list(rows)


async def get_nomination(session: AsyncSession, nomination_id: int) -> Nomination:
    nomination = await session.get(Nomination, nomination_id)
    if nomination is None:
        raise DomainError("contest-not-found")
    return nomination


async def criteria_of(session: AsyncSession, nomination_id: int) -> list[Criterion]:
    rows = await session.scalars(
        select(Criterion)
        .where(Criterion.nomination_id == nomination_id)
        .order_by(Criterion.position, Criterion.id)
    )
    return list(rows)


async def appoint_juror(
    session: AsyncSession, actor_telegram_id: int, nomination_id: int, telegram_id: int
) -> User:
    """A registered person becomes a juror of the nomination (again: nothing changes)."""
    await get_nomination(session, nomination_id)
    user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    if user is None or not user.is_registered:
        raise DomainError("contest-juror-unknown")
    await session.execute(
        dialect_insert(session)(Juror)
        .values(nomination_id=nomination_id, user_id=user.id, appointed_by=actor_telegram_id)
        .on_conflict_do_nothing(index_elements=["nomination_id", "user_id"])
    )
    audit.record(
        session,
        actor_telegram_id,
        "contest.juror",
        target=f"user:{telegram_id}",
        nomination=nomination_id,
    )
    await session.commit()
    return user


async def jurors_of(session: AsyncSession, nomination_id: int) -> list[tuple[Juror, User]]:
    rows = await session.execute(
        select(Juror, User)
        .join(User, User.id == Juror.user_id)
        .where(Juror.nomination_id == nomination_id)
        .order_by(Juror.id)
    )
    return [(j, u) for j, u in rows.all()]


async def juror_nominations(
    session: AsyncSession, user_id: int, contest_id: int
) -> Sequence[Nomination]:
    rows = await session.scalars(
        select(Nomination)
        .join(Juror, Juror.nomination_id == Nomination.id)
        .where(Juror.user_id == user_id, Nomination.contest_id == contest_id)
        .order_by(Nomination.position)
    )
    return rows.all()


async def count_jurors(session: AsyncSession, contest_id: int) -> int:
    total = await session.scalar(
        select(func.count())
        .select_from(Juror)
        .join(Nomination, Nomination.id == Juror.nomination_id)
        .where(Nomination.contest_id == contest_id)
    )
    return int(total or 0)
