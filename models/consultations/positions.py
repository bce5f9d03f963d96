"""A municipality's official position on an act, submitted by a representative.

Who may submit: any active representative of the municipality, not only the signatory.
The position is the municipality's; the signed letter (the attachment) carries the head's
signature, and municipalities often have a specialist prepare the position while the head
is not in the bot. Whether the submitter is the signatory is recorded and shown to staff.
Positions are taken while the act is in discussion (before the deadline)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models import representatives as reps
from models.base import utcnow
from models.consultations.entities import (
    FILE_NAME_MAX,
    POSITION_TEXT_MAX,
    Position,
    Stance,
)
from models.errors import DomainError
from models.proposals.acts import Act, ActStage, get_act
from models.users import User

RETRIES = 5


def clean_position_text(raw: str | None) -> str:
    value = (raw or "").strip()
    if not value:
        raise DomainError("consultations-empty")
    if len(value) > POSITION_TEXT_MAX:
        raise DomainError("consultations-too-long", length=len(value), limit=POSITION_TEXT_MAX)
    return value


async def submit_position(
    session: AsyncSession,
    user: User,
    act_id: int,
    municipality_id: int,
    stance: Stance,
    text: str,
    *,
    attachment_file_id: str | None = None,
    attachment_name: str | None = None,
    now: datetime | None = None,
) -> Position:
    """Record the municipality's position; the current one (if any) is superseded and kept.
    Refused: not a representative, the act not in discussion or past its deadline."""
    now = now or utcnow()
    body = clean_position_text(text)
    act = await get_act(session, act_id)
    deadline = act.discussion_ends_at
    if act.stage is not ActStage.DISCUSSION or (deadline is not None and now >= deadline):
        raise DomainError("consultations-positions-closed", title=act.title)
    if not await reps.is_representative(session, user.id, municipality_id):
        raise DomainError("consultations-not-representative")
    signatory = await reps.is_signatory(session, user.id, municipality_id)
    user_id, actor = user.id, user.telegram_id  # a rollback below expires the loaded rows
    for _ in range(RETRIES):
        position = Position(
            act_id=act_id,
            municipality_id=municipality_id,
            stance=stance,
            text=body,
            attachment_file_id=attachment_file_id,
            attachment_name=(attachment_name or "")[:FILE_NAME_MAX] or None,
            submitted_by=user_id,
            by_signatory=signatory,
            submitted_at=now,
        )
        if await _replace(session, position, actor):
            found = await session.get(Position, position.id, populate_existing=True)
            assert found is not None
            return found
    raise DomainError("consultations-position-race")


async def _replace(session: AsyncSession, position: Position, actor: int) -> bool:
    """Supersede the current position and add this one in one commit; False when another
    representative's position landed at the same moment (the unique index refused). The
    act's row is locked first (PostgreSQL; SQLite has one writer anyway), so positions on
    one act are written one after another."""
    await session.execute(select(Act.id).where(Act.id == position.act_id).with_for_update())
    await session.execute(
        update(Position)
        .where(
            Position.act_id == position.act_id,
            Position.municipality_id == position.municipality_id,
            Position.superseded_at.is_(None),
        )
        .values(superseded_at=position.submitted_at)
        .execution_options(synchronize_session=False)
    )
    session.add(position)
    audit.record(
        session,
        actor,
        "act.position",
        target=f"act:{position.act_id}",
        municipality=position.municipality_id,
        stance=position.stance.value,
    )
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return False
    return True


async def current_positions(session: AsyncSession, act_id: int) -> list[Position]:
    """The current position of each municipality that gave one, in list order."""
    rows = await session.scalars(
        select(Position)
        .where(Position.act_id == act_id, Position.superseded_at.is_(None))
        .order_by(Position.municipality_id)
        .execution_options(populate_existing=True)
    )
    return list(rows)


async def history(session: AsyncSession, act_id: int, municipality_id: int) -> list[Position]:
    """Every position the municipality gave on the act, newest first."""
    rows = await session.scalars(
        select(Position)
        .where(Position.act_id == act_id, Position.municipality_id == municipality_id)
        .order_by(Position.id.desc())
    )
    return list(rows)
