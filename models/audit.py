"""The audit log: who did what, and when. Every staff action writes a row here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, String, select
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
