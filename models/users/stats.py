"""Counts of people for the admin menu."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.users.entities import User


@dataclass(frozen=True, slots=True)
class PeopleStats:
    total: int  # everyone who ever wrote to the bot
    consented: int
    registered: int  # consent and a complete profile
    inactive: int  # blocked the bot


async def stats(session: AsyncSession) -> PeopleStats:
    consented = User.consent_version.is_not(None)
    registered = (
        consented,
        User.full_name.is_not(None),
        User.occupation.is_not(None),
        User.municipality_id.is_not(None),
    )
    count = select(func.count()).select_from(User)
    return PeopleStats(
        total=int(await session.scalar(count) or 0),
        consented=int(await session.scalar(count.where(consented)) or 0),
        registered=int(await session.scalar(count.where(*registered)) or 0),
        inactive=int(await session.scalar(count.where(User.is_active.is_(False))) or 0),
    )
