"""Dialogue state (aiogram's FSM) kept in the bot's own database, so a restart at any step
of any dialogue continues where it was. One row per storage key; the aiogram storage that
uses these operations lives in ``bot/storage.py`` (the domain does not import aiogram)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, dialect_insert, utcnow

KEY_MAX = 255


class DialogueState(Base):
    __tablename__ = "fsm_states"

    key: Mapped[str] = mapped_column(String(KEY_MAX), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


async def load(session: AsyncSession, key: str) -> tuple[str | None, dict[str, Any]]:
    row = (
        await session.execute(
            select(DialogueState.state, DialogueState.data).where(DialogueState.key == key)
        )
    ).first()
    if row is None:
        return None, {}
    return row.state, dict(row.data or {})


async def save(session: AsyncSession, key: str, **values: Any) -> None:
    """Write ``state`` and/or ``data`` of one key in one statement (insert or update), and
    drop the row once it holds nothing. Commits."""
    insert = dialect_insert(session)
    row = {"key": key, "state": None, "data": {}, "updated_at": utcnow(), **values}
    stmt = insert(DialogueState).values(row)
    stmt = stmt.on_conflict_do_update(
        index_elements=["key"],
        set_={name: stmt.excluded[name] for name in (*values, "updated_at")},
    )
    await session.execute(stmt)
    state, data = await load(session, key)
    if state is None and not data:
        await session.execute(delete(DialogueState).where(DialogueState.key == key))
    await session.commit()
