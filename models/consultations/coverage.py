"""Coverage of an act: which addressed municipalities answered (a current position, or a
proposal on the act by one of their active representatives), and reminders to the
representatives of those that have not: one tap by staff, and automatic ones before the
deadline (3 days and 1 day), each keyed so that nobody gets the same reminder twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, outbox
from models import representatives as reps
from models.base import utcnow
from models.consultations.entities import Position
from models.consultations.stages import scope_ids
from models.coverage import Coverage, coverage
from models.errors import DomainError
from models.outbox import Content, Mailing, MailingKind
from models.proposals import Proposal, ProposalStatus
from models.proposals.acts import Act, ActStage, get_act
from models.rendering import Renderer
from models.representatives import Representative

AUTO_OFFSETS = (timedelta(days=3), timedelta(days=1))  # before the deadline


async def answered_ids(session: AsyncSession, act_id: int) -> set[int]:
    positions = await session.scalars(
        select(Position.municipality_id).where(
            Position.act_id == act_id, Position.superseded_at.is_(None)
        )
    )
    by_proposals = await session.scalars(
        select(Representative.municipality_id)
        .join(Proposal, Proposal.author_id == Representative.user_id)
        .where(
            Proposal.act_id == act_id,
            Proposal.status != ProposalStatus.WITHDRAWN,
            Representative.revoked_at.is_(None),
        )
    )
    return set(positions) | set(by_proposals)


async def act_coverage(session: AsyncSession, act: Act) -> Coverage:
    """«ответили 21 из 34» for the act's addressed municipalities."""
    return await coverage(
        session, await answered_ids(session, act.id), await scope_ids(session, act)
    )


async def _remind(
    session: AsyncSession,
    act: Act,
    render: Renderer,
    key: str,
    actor: int | None,
    *,
    days_left: int | None,
) -> int:
    """Enqueue the reminder to the missing municipalities' representatives under ``key``
    (nothing when that key was used already). Returns the number of recipients."""
    if await session.scalar(select(Mailing.id).where(Mailing.dedup_key == key)) is not None:
        return 0
    missing = (await act_coverage(session, act)).missing_ids
    people = await reps.outbox_recipients(session, missing) if missing else []
    if not people:
        return 0
    deadline = act.discussion_ends_at or utcnow()
    left = render("consultations-left", days=days_left) if days_left else ""
    text = render("consultations-reminder", title=act.title, deadline=deadline, left=left)
    await outbox.enqueue(
        session,
        kind=MailingKind.REMINDER,
        title=render.plain("consultations-mailing-reminder", title=act.title[:100]),
        content=Content(text=text),
        recipients=people,
        created_by=actor,
        dedup_key=key,
    )
    return len(people)


async def remind_missing(
    session: AsyncSession,
    actor_telegram_id: int,
    act_id: int,
    stamp: int,
    *,
    render: Renderer,
) -> int:
    """Staff's one tap: remind the representatives of the municipalities that have not
    answered. ``stamp`` comes with the button: a double tap is one reminder."""
    act = await get_act(session, act_id)
    if act.stage is not ActStage.DISCUSSION:
        raise DomainError("consultations-positions-closed", title=act.title)
    sent = await _remind(
        session, act, render, f"act:{act.id}:nudge:{stamp}", actor_telegram_id, days_left=None
    )
    audit.record(session, actor_telegram_id, "act.remind", target=f"act:{act.id}", people=sent)
    await session.commit()
    return sent


async def auto_reminders(session: AsyncSession, now: datetime, render: Renderer) -> int:
    """Before each act's deadline: the closest offset that has come (3 days, then 1 day),
    once per act and offset, to those who have not answered by then."""
    acts = await session.scalars(
        select(Act).where(
            Act.stage == ActStage.DISCUSSION,
            Act.discussion_ends_at.is_not(None),
            Act.discussion_ends_at > now,
        )
    )
    total = 0
    for act in list(acts):
        assert act.discussion_ends_at is not None
        due = [o for o in AUTO_OFFSETS if act.discussion_ends_at - o <= now]
        if not due:
            continue
        offset = min(due)
        key = f"act:{act.id}:auto:{int(offset.total_seconds() // 3600)}h"
        total += await _remind(session, act, render, key, None, days_left=offset.days)
        await session.commit()
    return total
