"""Support (+1) of a published proposal: a participant who would write the same proposal
again supports an existing one instead. Once per person (a unique pair, written insert-or-
ignore, so a double tap is one support), never one's own proposal, and withdrawable.

"Published" proposals are those a participant may see and support: submitted and not
withdrawn or merged away. What participants are shown of them has no author's name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, UniqueConstraint, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, dialect_insert, utcnow
from models.errors import DomainError
from models.proposals.entities import Proposal, ProposalStatus
from models.proposals.places import Place, PlaceKind
from models.proposals.queries import QueueFilter, all_matching, get
from models.users import User

HIDDEN = frozenset({ProposalStatus.WITHDRAWN, ProposalStatus.MERGED})
PUBLISHED = frozenset(set(ProposalStatus) - HIDDEN)
SHOWN_ON_PLACE = 5  # proposals named while a person chooses the place


class ProposalSupport(Base):
    """One person's +1 on a proposal."""

    __tablename__ = "proposal_supports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class SupportState:
    proposal: Proposal
    count: int
    supported: bool  # by the person asking
    changed: bool  # False: it already was so (a double tap)


async def count_of(session: AsyncSession, proposal_id: int) -> int:
    query = select(func.count()).where(ProposalSupport.proposal_id == proposal_id)
    return int(await session.scalar(query) or 0)


async def counts(session: AsyncSession, proposal_ids: Iterable[int]) -> dict[int, int]:
    """Supports per proposal (proposals without any are absent)."""
    ids = list(set(proposal_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(ProposalSupport.proposal_id, func.count())
        .where(ProposalSupport.proposal_id.in_(ids))
        .group_by(ProposalSupport.proposal_id)
    )
    return {int(pid): int(n) for pid, n in rows.all()}


async def supported_by(
    session: AsyncSession, user_id: int, proposal_ids: Iterable[int]
) -> set[int]:
    ids = list(set(proposal_ids))
    if not ids:
        return set()
    rows = await session.scalars(
        select(ProposalSupport.proposal_id).where(
            ProposalSupport.user_id == user_id, ProposalSupport.proposal_id.in_(ids)
        )
    )
    return set(rows)


async def supporters(session: AsyncSession, proposal_ids: Iterable[int]) -> dict[int, list[User]]:
    """Who supported each proposal (active profiles only), oldest support first."""
    ids = list(set(proposal_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(ProposalSupport.proposal_id, User)
        .join(User, User.id == ProposalSupport.user_id)
        .where(ProposalSupport.proposal_id.in_(ids))
        .order_by(ProposalSupport.id)
    )
    found: dict[int, list[User]] = {}
    for pid, user in rows.all():
        found.setdefault(int(pid), []).append(user)
    return found


async def _supportable(session: AsyncSession, user: User, proposal_id: int) -> Proposal:
    if not user.is_registered:
        raise DomainError("proposals-need-profile")
    proposal = await get(session, proposal_id)
    if proposal is None or proposal.status in HIDDEN:
        raise DomainError("decisions-support-gone")
    if proposal.author_id == user.id:
        raise DomainError("decisions-support-own")
    return proposal


async def support(session: AsyncSession, user: User, proposal_id: int) -> SupportState:
    """+1 from ``user``; a second one changes nothing (``changed`` False)."""
    proposal = await _supportable(session, user, proposal_id)
    stmt = (
        dialect_insert(session)(ProposalSupport)
        .values(
            proposal_id=proposal.id,
            user_id=user.id,
            telegram_id=user.telegram_id,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["proposal_id", "user_id"])
    )
    inserted = await session.execute(stmt)
    await session.commit()
    changed = getattr(inserted, "rowcount", 0) == 1
    return SupportState(proposal, await count_of(session, proposal.id), True, changed)


async def withdraw_support(session: AsyncSession, user: User, proposal_id: int) -> SupportState:
    proposal = await get(session, proposal_id)
    if proposal is None:
        raise DomainError("decisions-support-gone")
    removed = await session.execute(
        delete(ProposalSupport).where(
            ProposalSupport.proposal_id == proposal.id, ProposalSupport.user_id == user.id
        )
    )
    await session.commit()
    changed = bool(getattr(removed, "rowcount", 0))
    return SupportState(proposal, await count_of(session, proposal.id), False, changed)


def _related(place: Place, p: Place) -> bool:
    """The same provision, or one holding / held by it, within one article."""
    if place.kind is not PlaceKind.PROVISION or p.kind is not PlaceKind.PROVISION:
        return place.kind is p.kind and place.kind is PlaceKind.WHOLE_LAW
    if place.article != p.article:
        return False
    if place.part is not None and p.part is not None and place.part != p.part:
        return False
    return place.point is None or p.point is None or place.point == p.point


async def on_place(
    session: AsyncSession, place: Place, scope: QueueFilter, *, exclude_author: int | None = None
) -> list[Proposal]:
    """Published proposals of ``scope`` on ``place`` (or on what holds / is held by it),
    the exact place first, then in the law's order."""
    found = await all_matching(session, replace(scope, statuses=PUBLISHED))
    related = [p for p in found if _related(place, p.place) and p.author_id != exclude_author]
    return sorted(related, key=lambda p: (p.place != place, p.sort_key))
