"""Municipalities of Kuzbass and their look-ups. The list itself is seeded by the first
migration from ``models/data/municipalities.csv``."""

from __future__ import annotations

from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

# People type «е» for «ё» (and the other way round): both match.
_FOLD_YO = str.maketrans("ё", "е")


class Municipality(Base):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(64))
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)


async def list_active(session: AsyncSession) -> list[Municipality]:
    result = await session.scalars(
        select(Municipality)
        .where(Municipality.is_active.is_(True))
        .order_by(Municipality.sort_order, Municipality.name)
    )
    return list(result)


async def count_active(session: AsyncSession) -> int:
    total = await session.scalar(
        select(func.count()).select_from(Municipality).where(Municipality.is_active.is_(True))
    )
    return int(total or 0)


async def slice_active(session: AsyncSession, offset: int, limit: int) -> list[Municipality]:
    """Active municipalities ``offset``..``offset + limit`` in list order (for the pager)."""
    result = await session.scalars(
        select(Municipality)
        .where(Municipality.is_active.is_(True))
        .order_by(Municipality.sort_order, Municipality.name)
        .offset(offset)
        .limit(limit)
    )
    return list(result)


async def get_by_id(session: AsyncSession, municipality_id: int) -> Municipality | None:
    return await session.get(Municipality, municipality_id)


async def search_active(session: AsyncSession, query: str) -> list[Municipality]:
    """Active municipalities whose name contains ``query`` (case-insensitive, Cyrillic-aware:
    SQLite's ``lower()`` folds ASCII only, so the 34 names are matched in Python)."""
    needle = _fold(" ".join(query.split()))
    if not needle:
        return []
    items = await list_active(session)
    return [m for m in items if needle in _fold(m.name)]


def _fold(text: str) -> str:
    return text.casefold().translate(_FOLD_YO)
