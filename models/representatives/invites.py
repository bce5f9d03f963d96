"""Invitations: a one-use deep link (``?start=rep_<token>``) that makes whoever opens it a
representative. Staff send them to a municipality's new representative; a representative
makes one for their deputy (a hand-over). A link expires after ``INVITE_TTL``; of two people
opening one link at once, one wins (a conditional UPDATE)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models.base import utcnow
from models.errors import DomainError
from models.municipalities import Municipality
from models.rendering import Renderer
from models.representatives.entities import Representative, RepresentativeInvite
from models.representatives.queries import is_representative
from models.representatives.rules import (
    SOURCE_INVITE,
    active_municipality,
    add_representative,
    commit_or_refuse,
    fresh,
    hand_over,
    registered_person,
)
from models.users import User

INVITE_TTL = timedelta(days=7)
HANDOVER_TTL = timedelta(days=3)
DEEP_LINK_PREFIX = "rep_"


def deep_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={DEEP_LINK_PREFIX}{token}"


async def create_invite(
    session: AsyncSession,
    actor_telegram_id: int,
    municipality_id: int,
    *,
    signatory: bool = False,
    ttl: timedelta = INVITE_TTL,
) -> RepresentativeInvite:
    """A staff invitation for the municipality (audited); ``.token`` goes into the link."""
    municipality = await active_municipality(session, municipality_id)
    invite = RepresentativeInvite(
        token=secrets.token_urlsafe(16),
        municipality_id=municipality.id,
        signatory=signatory,
        created_by=actor_telegram_id,
        expires_at=utcnow() + ttl,
    )
    session.add(invite)
    audit.record(
        session,
        actor_telegram_id,
        "representative.invite",
        target=f"municipality:{municipality.id}",
        signatory=signatory,
    )
    await session.commit()
    return invite


async def create_handover_invite(
    session: AsyncSession, representative: Representative, *, ttl: timedelta = HANDOVER_TTL
) -> RepresentativeInvite:
    """A representative's link for their deputy: whoever opens it takes their place."""
    if representative.revoked_at is not None:
        raise DomainError("reps-gone")
    invite = RepresentativeInvite(
        token=secrets.token_urlsafe(16),
        municipality_id=representative.municipality_id,
        signatory=representative.is_signatory,
        created_by=representative.user.telegram_id,
        expires_at=utcnow() + ttl,
        handover_from=representative.id,
    )
    session.add(invite)
    await session.commit()
    return invite


async def _take(session: AsyncSession, token: str) -> RepresentativeInvite:
    """The invitation behind a token, or why it cannot be used."""
    invite = await session.scalar(
        select(RepresentativeInvite).where(RepresentativeInvite.token == token)
    )
    if invite is None:
        raise DomainError("reps-invite-unknown")
    if invite.used_at is not None:
        raise DomainError("reps-invite-used")
    if invite.expires_at <= utcnow():
        raise DomainError("reps-invite-expired")
    return invite


async def _claim(session: AsyncSession, invite: RepresentativeInvite, user_id: int) -> None:
    now = utcnow()
    result = await session.execute(
        update(RepresentativeInvite)
        .where(
            RepresentativeInvite.id == invite.id,
            RepresentativeInvite.used_at.is_(None),
            RepresentativeInvite.expires_at > now,
        )
        .values(used_at=now, used_by=user_id)
        .execution_options(synchronize_session=False)
    )
    if int(result.rowcount) != 1:  # type: ignore[attr-defined]
        raise DomainError("reps-invite-used")  # nothing was written


async def accept_invite(
    session: AsyncSession, token: str, user: User, *, render: Renderer | None = None
) -> Representative:
    """The person who opened the link becomes a representative (or takes the place of the
    representative who made it); the person is answered directly, a representative who
    handed over is told through the outbox. Refusals: ``reps-invite-unknown/used/expired``,
    ``reps-person-not-registered``, ``reps-already``, ``reps-invite-stale`` (the
    representative who handed over was removed meanwhile)."""
    invite = await _take(session, token)
    person = await registered_person(session, user.id)
    if invite.handover_from is not None:
        previous = await session.get(Representative, invite.handover_from)
        if previous is None or previous.revoked_at is not None:
            raise DomainError("reps-invite-stale")
        if previous.user_id == person.id:
            raise DomainError("reps-handover-self")
        await _claim(session, invite, person.id)
        row = await hand_over(
            session, previous, person.id, render=render, commit=False, notify_deputy=False
        )
    else:
        municipality: Municipality = await active_municipality(session, invite.municipality_id)
        if await is_representative(session, person.id, municipality.id):
            raise DomainError(
                "reps-already", name=person.full_name or "", municipality=municipality.name
            )
        await _claim(session, invite, person.id)
        row = await add_representative(
            session,
            invite.created_by,
            municipality,
            person,
            signatory=invite.signatory,
            source=SOURCE_INVITE,
        )
        audit.record(
            session,
            person.telegram_id,
            "representative.accept",
            target=f"municipality:{municipality.id}",
            invited_by=invite.created_by,
            signatory=invite.signatory,
        )
    await commit_or_refuse(session, "reps-invite-used")
    return await fresh(session, row)
