"""Which proposals a screen works on: those of the act the person chose (/acts), else of
the default act (``models.proposals.acts``); every proposal when there is no act at all."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from models.lawtext import LawStructure
from models.proposals.acts import Act, chosen_act
from models.proposals.law import current_law
from models.proposals.queries import QueueFilter
from texts import t


@dataclass(frozen=True)
class Scope:
    flt: QueueFilter
    title: str  # plain text: the act's title
    key: str  # the dedup part of what is sent for it
    act: Act | None = None


async def scope_of(session: AsyncSession, user_id: int | None) -> Scope:
    act = await chosen_act(session, user_id)
    if act is None:
        return Scope(QueueFilter(), t.plain("decisions-scope-all"), "all")
    return Scope(QueueFilter(act_id=act.id), act.title, f"act:{act.id}", act)


def of_act(act_id: int | None) -> QueueFilter:
    """The proposals of one proposal's act (its provision's group, its neighbours)."""
    return QueueFilter(act_id=act_id)


async def act_law(session: AsyncSession, user_id: int | None) -> LawStructure | None:
    """The current text of the act this person proposes on (their choice, else default)."""
    act = await chosen_act(session, user_id)
    return await current_law(session, act.id if act else None)
