"""Municipalities of Kuzbass and their look-ups. The list itself is seeded by the first
migration from ``models/data/municipalities.csv``."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein
from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

TYPO_MIN = 3  # shorter queries are matched exactly or as a part of a name

# People type «е» for «ё» (and the other way round): both match.
_FOLD_YO = str.maketrans("ё", "е")


class Municipality(Base):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(64))
    center: Mapped[str | None] = mapped_column(String(100))  # the town people name
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
    """Municipalities that match what a person typed, best first: the administrative centre
    or the official name, case- and «ё»-insensitive (SQLite's ``lower()`` folds ASCII only,
    so the 34 names are matched in Python). An exact centre gives every municipality with
    that centre («Юрга»: the town's district and the rural one); else a part of a name or
    centre; else one typo is forgiven (Levenshtein distance 1 to a centre or a word of a
    name, for queries of four letters or more)."""
    needle = _fold(query)
    if not needle:
        return []
    items = await list_active(session)
    for matches in (_same_centre, _contains, _one_typo):
        found = [m for m in items if matches(needle, m)]
        if found:
            return found
    return []


def _words(m: Municipality) -> list[str]:
    return [w for w in _fold(f"{m.center or ''} {m.name}").replace("-", " ").split() if w]


def _same_centre(needle: str, m: Municipality) -> bool:
    return m.center is not None and _fold(m.center) == needle


def _contains(needle: str, m: Municipality) -> bool:
    return needle in _fold(m.name) or (m.center is not None and needle in _fold(m.center))


def _one_typo(needle: str, m: Municipality) -> bool:
    if len(needle) < TYPO_MIN:
        return False
    targets = [_fold(m.center)] if m.center else []
    targets += _words(m)
    return any(Levenshtein.distance(needle, target, score_cutoff=1) <= 1 for target in targets)


def _fold(text: str) -> str:
    return " ".join(text.casefold().translate(_FOLD_YO).split())
