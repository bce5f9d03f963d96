"""Reading proposals: by id or number, a person's own, the staff queue with its filters,
everything in the law's order and grouped by place, and a proposal's notes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.proposals.entities import Proposal, ProposalNote, ProposalStatus
from models.proposals.places import Place


def fits_int4(value: int) -> bool:
    """Ids from buttons may be forged: anything outside a 4-byte integer matches nothing
    (PostgreSQL refuses such a parameter outright)."""
    return -(2**31) <= value < 2**31


async def get(session: AsyncSession, proposal_id: int) -> Proposal | None:
    if not fits_int4(proposal_id):
        return None
    return await session.get(Proposal, proposal_id, populate_existing=True)


async def by_number(session: AsyncSession, number: str) -> Proposal | None:
    return await session.scalar(select(Proposal).where(Proposal.number == number))


async def of_user(session: AsyncSession, user_id: int, limit: int = 20) -> list[Proposal]:
    rows = await session.scalars(
        select(Proposal)
        .where(Proposal.author_id == user_id)
        .order_by(Proposal.id.desc())
        .limit(limit)
    )
    return list(rows)


@dataclass(frozen=True)
class QueueFilter:
    statuses: frozenset[ProposalStatus] = frozenset()
    article: int | None = None  # 0: new articles and the law as a whole
    municipality_id: int | None = None
    campaign_id: int | None = None
    act_id: int | None = None  # the act under consultation (None: every act)


NOT_WITHDRAWN = QueueFilter(statuses=frozenset(set(ProposalStatus) - {ProposalStatus.WITHDRAWN}))


def _filtered(flt: QueueFilter) -> Any:
    query = select(Proposal)
    values = (flt.article, flt.municipality_id, flt.campaign_id, flt.act_id)
    if not all(fits_int4(v) for v in values if v is not None):
        return query.where(false())
    if flt.statuses:
        query = query.where(Proposal.status.in_(list(flt.statuses)))
    if flt.article is not None:
        if flt.article == 0:
            query = query.where(Proposal.article.is_(None))
        else:
            query = query.where(Proposal.article == flt.article)
    if flt.municipality_id is not None:
        query = query.where(Proposal.municipality_id == flt.municipality_id)
    if flt.campaign_id is not None:
        query = query.where(Proposal.campaign_id == flt.campaign_id)
    if flt.act_id is not None:
        query = query.where(Proposal.act_id == flt.act_id)
    return query


async def count(session: AsyncSession, flt: QueueFilter) -> int:
    """How many proposals match."""
    subquery = _filtered(flt).subquery()
    return int(await session.scalar(select(func.count()).select_from(subquery)) or 0)


async def queue(
    session: AsyncSession, flt: QueueFilter, *, offset: int = 0, limit: int = 10
) -> list[Proposal]:
    """A page of the proposals that match, oldest first."""
    query = _filtered(flt).order_by(Proposal.id).offset(offset).limit(limit)
    return list(await session.scalars(query))


async def all_matching(session: AsyncSession, flt: QueueFilter) -> list[Proposal]:
    """Everything that matches, in the law's order."""
    rows = list(await session.scalars(_filtered(flt)))
    return sorted(rows, key=lambda p: p.sort_key)


async def filter_values(session: AsyncSession) -> tuple[list[int | None], list[int]]:
    """Articles (``None`` for new articles / the whole law) and municipalities that proposals
    refer to: the options of the queue's filters."""
    articles = await session.scalars(select(Proposal.article).distinct())
    muns = await session.scalars(
        select(Proposal.municipality_id).where(Proposal.municipality_id.is_not(None)).distinct()
    )
    arts = sorted(set(articles), key=lambda a: (a is not None, a or 0))
    return arts, sorted(m for m in muns if m is not None)


@dataclass
class Group:
    place: Place
    proposals: list[Proposal]


async def grouped(session: AsyncSession, flt: QueueFilter = NOT_WITHDRAWN) -> list[Group]:
    """Proposals to the same place together, in the law's order (withdrawn ones left out
    unless the filter asks for them)."""
    groups: dict[tuple[int, int, int, int], Group] = {}
    for p in await all_matching(session, flt):
        place = p.place
        groups.setdefault(place.sort_key, Group(place=place, proposals=[])).proposals.append(p)
    return list(groups.values())


async def notes_of(session: AsyncSession, proposal_id: int) -> Sequence[ProposalNote]:
    rows = await session.scalars(
        select(ProposalNote)
        .where(ProposalNote.proposal_id == proposal_id)
        .order_by(ProposalNote.id)
    )
    return list(rows)
