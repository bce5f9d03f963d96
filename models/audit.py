"""The audit log: who did what, and when. Every staff action writes a row here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, String, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str | None] = mapped_column(String(128))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def record(
    session: AsyncSession,
    actor_telegram_id: int,
    action: str,
    target: str | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit row to the caller's transaction (it commits with the action itself)."""
    entry = AuditEntry(
        actor_telegram_id=actor_telegram_id, action=action, target=target, details=details
    )
    session.add(entry)
    return entry


async def latest(session: AsyncSession, limit: int = 20) -> list[AuditEntry]:
    result = await session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return list(result)


async def anonymise(session: AsyncSession, telegram_id: int, anonymous: int) -> None:
    """A person deleted their data: their Telegram id leaves the log, as actor and as
    target, replaced by the anonymous id of their row (not committed here)."""
    await session.execute(
        update(AuditEntry)
        .where(AuditEntry.actor_telegram_id == telegram_id)
        .values(actor_telegram_id=anonymous)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(AuditEntry)
        .where(AuditEntry.target == f"user:{telegram_id}")
        .values(target=f"user:{anonymous}")
        .execution_options(synchronize_session=False)
    )


async def count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


async def page(session: AsyncSession, offset: int, limit: int) -> list[AuditEntry]:
    """Entries newest first, ``offset``..``offset + limit`` (for the pager)."""
    result = await session.scalars(
        select(AuditEntry).order_by(AuditEntry.id.desc()).offset(offset).limit(limit)
    )
    return list(result)
