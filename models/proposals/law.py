"""The text of the law as staff load it, versioned by upload.

The project ships no text of the law. Staff send the current text as ``.txt`` or ``.docx``;
:func:`models.lawtext.parse_upload` turns it into a structure or refuses it with a reason
(``DomainError``; ``line`` where a line is at fault). Staff look at the summary first;
:func:`store_law` then makes it a new version (the previous versions stay)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models import audit
from models.base import Base, utcnow
from models.lawtext import (
    MAX_UPLOAD_BYTES,
    Article,
    LawStructure,
    Part,
    Point,
    SubPoint,
    parse_law,
    parse_upload,
)
from models.proposals.acts import resolve_act

__all__ = [
    "MAX_UPLOAD_BYTES",
    "Article",
    "LawStructure",
    "LawVersion",
    "Part",
    "Point",
    "SubPoint",
    "current_law",
    "current_version",
    "parse_law",
    "parse_upload",
    "store_law",
    "upload_law",
    "versions_of",
]


class LawVersion(Base):
    """One uploaded text of the law. The newest one is current."""

    __tablename__ = "law_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    uploaded_by: Mapped[int] = mapped_column(BigInteger)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    structure: Mapped[dict[str, Any]] = mapped_column(JSON)
    act_id: Mapped[int | None] = mapped_column(ForeignKey("acts.id"), index=True)

    @property
    def law(self) -> LawStructure:
        return LawStructure.from_json(self.structure)


async def store_law(
    session: AsyncSession,
    actor_telegram_id: int,
    filename: str,
    structure: LawStructure,
    *,
    act_id: int | None = None,
) -> LawVersion:
    """Store a parsed text as the new current version of the act (default: the default
    act; the act's earlier versions stay). Audited, committed."""
    act = await resolve_act(session, act_id)
    version = LawVersion(
        filename=filename[:255],
        uploaded_by=actor_telegram_id,
        structure=structure.to_json(),
        act_id=act.id if act else None,
    )
    session.add(version)
    await session.flush()
    audit.record(
        session,
        actor_telegram_id,
        "law.upload",
        target=f"law_version:{version.id}",
        filename=filename[:255],
        articles=len(structure.articles),
        act=act.id if act else None,
    )
    await session.commit()
    return version


async def upload_law(
    session: AsyncSession,
    actor_telegram_id: int,
    filename: str,
    data: bytes,
    *,
    act_id: int | None = None,
) -> LawVersion:
    """Parse and store in one go (scripts and tests); a bad file raises ``DomainError``."""
    structure = parse_upload(filename, data)
    return await store_law(session, actor_telegram_id, filename, structure, act_id=act_id)


async def current_version(session: AsyncSession, act_id: int | None = None) -> LawVersion | None:
    """The newest text of the act (default: the default act)."""
    act = await resolve_act(session, act_id)
    query = select(LawVersion).order_by(LawVersion.id.desc()).limit(1)
    if act is not None:
        query = query.where(LawVersion.act_id == act.id)
    return await session.scalar(query)


async def versions_of(session: AsyncSession, act_id: int) -> list[LawVersion]:
    """Every text of the act, oldest first."""
    rows = await session.scalars(
        select(LawVersion).where(LawVersion.act_id == act_id).order_by(LawVersion.id)
    )
    return list(rows)


async def current_law(session: AsyncSession, act_id: int | None = None) -> LawStructure | None:
    version = await current_version(session, act_id)
    return None if version is None else version.law
