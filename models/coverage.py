"""Coverage: which of the addressed municipalities have answered («ответили 21 из 34») and
which have not. Every section offers it (positions and proposals on an act, reports, the
contest): the section says who answered, this module does the rest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from models.municipalities import Municipality, list_active


@dataclass(frozen=True)
class Coverage:
    answered: list[Municipality]
    missing: list[Municipality]

    @property
    def total(self) -> int:
        return len(self.answered) + len(self.missing)

    @property
    def done(self) -> int:
        return len(self.answered)

    @property
    def missing_ids(self) -> list[int]:
        return [m.id for m in self.missing]


async def coverage(
    session: AsyncSession, answered_ids: Iterable[int], scope: Iterable[int] | None = None
) -> Coverage:
    """Split the addressed municipalities (``scope``; default every active one) into those
    in ``answered_ids`` and the rest, both in list order. Answers from outside the scope do
    not count."""
    active = await list_active(session)
    addressed = active if scope is None else [m for m in active if m.id in set(scope)]
    done = set(answered_ids)
    return Coverage(
        answered=[m for m in addressed if m.id in done],
        missing=[m for m in addressed if m.id not in done],
    )
