"""Read-only look-ups of acts for the screens."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.proposals.acts import Act, ActStage, LateDraft


async def list_acts(session: AsyncSession, *, include_announced: bool = True) -> list[Act]:
    """Acts newest first; those in discussion first of all."""
    query = select(Act)
    if not include_announced:
        query = query.where(Act.stage != ActStage.ANNOUNCED)
    rows = await session.scalars(
        query.order_by((Act.stage == ActStage.DISCUSSION).desc(), Act.id.desc())
    )
    return list(rows)


async def late_drafts(session: AsyncSession, act_id: int) -> list[LateDraft]:
    """Drafts finished after the act's discussion closed, oldest first (staff see them
    apart from proposals)."""
    rows = await session.scalars(
        select(LateDraft).where(LateDraft.act_id == act_id).order_by(LateDraft.id)
    )
    return list(rows)
