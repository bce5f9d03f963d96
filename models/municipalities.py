"""Municipalities of Kuzbass: the seed list and look-ups."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

SEED_CSV = Path(__file__).parent / "data" / "municipalities.csv"


class Municipality(Base):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(64))
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)


@dataclass(frozen=True, slots=True)
class SeedMunicipality:
    code: str
    name: str
    kind: str
    sort_order: int


def read_seed(path: Path = SEED_CSV) -> list[SeedMunicipality]:
    """The shipped list, in file order (regional centre first)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            SeedMunicipality(row["code"], row["name"], row["kind"], index)
            for index, row in enumerate(csv.DictReader(fh))
        ]


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


async def page_active(
    session: AsyncSession, page: int, per_page: int
) -> tuple[list[Municipality], int]:
    """One page of active municipalities and the number of pages; ``page`` is clamped."""
    total = await count_active(session)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 0), pages - 1)
    result = await session.scalars(
        select(Municipality)
        .where(Municipality.is_active.is_(True))
        .order_by(Municipality.sort_order, Municipality.name)
        .offset(page * per_page)
        .limit(per_page)
    )
    return list(result), pages


async def get_by_id(session: AsyncSession, municipality_id: int) -> Municipality | None:
    return await session.get(Municipality, municipality_id)


async def search_active(session: AsyncSession, query: str) -> list[Municipality]:
    """Active municipalities whose name contains ``query`` (case-insensitive, Cyrillic-aware:
    SQLite's ``lower()`` folds ASCII only, so the 34 names are matched in Python)."""
    needle = " ".join(query.split()).casefold().replace("ё", "е")
    if not needle:
        return []
    items = await list_active(session)
    return [m for m in items if needle in m.name.casefold().replace("ё", "е")]
