"""Acts under consultation: a federal or regional draft law, a municipal act, a strategic
planning document, an amendment of an existing law (Law No. 135-OZ is the first one). Each
has dated stages (announced → discussion → summary → result), addressed municipalities
(none stored: all of them), its text versions (``LawVersion.act_id``), collection campaigns
(``Campaign.act_id``) and proposals (``Proposal.act_id``) numbered ``<code>-<year>-<seq>``.

The tables live with the proposals (which need an act to be numbered and accepted); the
rules of stages, positions and coverage are in ``models.consultations``.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, nulls_last, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, dialect_insert, str_enum, utcnow
from models.errors import DomainError
from models.topics import Topic

ACT_TITLE_MAX = 500
ACT_FIELD_MAX = 200
CODE_MAX = 9  # digits: people type numbers like 135-2026-0007
LEGACY_CODE = "135"  # the act the bot knew before acts existed (Law No. 135-OZ)


class ActKind(enum.StrEnum):
    FEDERAL_DRAFT = "federal_draft"
    REGIONAL_DRAFT = "regional_draft"
    MUNICIPAL_ACT = "municipal_act"
    STRATEGIC_DOCUMENT = "strategic_document"
    AMENDMENT = "amendment"  # of an existing law, such as 135-OZ


class ActStage(enum.StrEnum):
    ANNOUNCED = "announced"
    DISCUSSION = "discussion"  # proposals and positions accepted
    SUMMARY = "summary"  # staff decide
    RESULT = "result"  # the result published


STAGE_ORDER = (ActStage.ANNOUNCED, ActStage.DISCUSSION, ActStage.SUMMARY, ActStage.RESULT)


class Act(Base):
    __tablename__ = "acts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_MAX), unique=True)  # opens proposal numbers
    kind: Mapped[ActKind] = mapped_column(str_enum(ActKind, "act_kind", 32))
    title: Mapped[str] = mapped_column(String(ACT_TITLE_MAX))
    number: Mapped[str | None] = mapped_column(String(ACT_FIELD_MAX))  # number or source
    sender: Mapped[str | None] = mapped_column(String(ACT_FIELD_MAX))  # «Парламент Кузбасса»
    responsible_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    topic: Mapped[str] = mapped_column(String(32), default=Topic.LAW.value)
    stage: Mapped[ActStage] = mapped_column(
        str_enum(ActStage, "act_stage", 16), default=ActStage.ANNOUNCED, index=True
    )
    announced_at: Mapped[datetime] = mapped_column(default=utcnow)
    discussion_starts_at: Mapped[datetime | None]
    discussion_ends_at: Mapped[datetime | None]  # the deadline; None: open-ended (135-OZ)
    summary_ends_at: Mapped[datetime | None]
    result_at: Mapped[datetime | None]
    stage_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def accepts_until(self) -> datetime | None:
        return self.discussion_ends_at


class ActMunicipality(Base):
    """A municipality an act is addressed to (no rows: all active municipalities)."""

    __tablename__ = "act_municipalities"

    act_id: Mapped[int] = mapped_column(
        ForeignKey("acts.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )


class ActChoice(Base):
    """The act a person is working on (the proposal dialogue and the staff upload use it;
    without a row, the default act)."""

    __tablename__ = "act_choices"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="CASCADE"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LateDraft(Base):
    """A draft finished after its act's discussion closed: refused, kept here for staff."""

    __tablename__ = "act_late_drafts"
    __table_args__ = (Index("ix_act_late_drafts_act_id_user_id", "act_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="SET NULL")
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    summary: Mapped[str | None] = mapped_column(Text)  # the proposed wording, for the list
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)


async def get_act(session: AsyncSession, act_id: int) -> Act:
    act = await session.get(Act, act_id)
    if act is None:
        raise DomainError("consultations-act-not-found")
    return act


async def default_act(session: AsyncSession) -> Act | None:
    """The act proposals go to when nobody chose one: the act in discussion whose deadline
    comes first (open-ended ones last), else the newest act."""
    found = await session.scalar(
        select(Act)
        .where(Act.stage == ActStage.DISCUSSION)
        .order_by(nulls_last(Act.discussion_ends_at.asc()), Act.id)
        .limit(1)
    )
    if found is not None:
        return found
    return await session.scalar(select(Act).order_by(Act.id.desc()).limit(1))


async def chosen_act(session: AsyncSession, user_id: int | None) -> Act | None:
    """The act this person chose (``choose_act``), else the default act."""
    if user_id is not None:
        choice = await session.get(ActChoice, user_id, populate_existing=True)
        if choice is not None:
            act = await session.get(Act, choice.act_id)
            if act is not None:
                return act
    return await default_act(session)


async def resolve_act(session: AsyncSession, act_id: int | None) -> Act | None:
    """The act asked for, or the default one when ``act_id`` is ``None``."""
    if act_id is None:
        return await default_act(session)
    return await session.get(Act, act_id)


async def choose_act(session: AsyncSession, user_id: int, act_id: int) -> Act:
    """Remember the act the person works on (insert or update; commits)."""
    act = await get_act(session, act_id)
    insert = dialect_insert(session)
    stmt = insert(ActChoice).values(user_id=user_id, act_id=act.id, updated_at=utcnow())
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["user_id"], set_={"act_id": act.id, "updated_at": utcnow()}
        )
    )
    await session.commit()
    return act


async def addressed_ids(session: AsyncSession, act_id: int) -> list[int] | None:
    """The municipalities the act is addressed to; ``None``: all of them."""
    rows = list(
        await session.scalars(
            select(ActMunicipality.municipality_id)
            .where(ActMunicipality.act_id == act_id)
            .order_by(ActMunicipality.municipality_id)
        )
    )
    return rows or None
