"""Personal tickets: one unguessable token per person and event, shown to the person as a QR
code of a staff deep link (``/start tk_<token>``). Only staff opening that link check the
person in (see ``models.events.checkin``), so a photo of a ticket shared in a group checks
in nobody but its owner, and only once.

The token is stored as is (unique): the person may ask for their ticket again and gets the
same one, and it is only worth anything to a staff member, who sees the list anyway."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, dialect_insert, utcnow
from models.errors import DomainError
from models.events.entities import Event, EventState, Rsvp, RsvpStatus

PREFIX = "tk_"
TOKEN_BYTES = 16  # 22 characters of base64url: far beyond guessing, short for a deep link
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,43}")


class Ticket(Base):
    __tablename__ = "event_tickets"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True, slots=True)
class Issued:
    token: str
    payload: str  # the deep-link payload: ``tk_<token>``
    event: Event


def payload_of(token: str) -> str:
    return PREFIX + token


def token_of(payload: str) -> str | None:
    """The token of a ``tk_<token>`` payload, or None when it cannot be one."""
    if not payload.startswith(PREFIX):
        return None
    token = payload[len(PREFIX) :]
    return token if TOKEN_RE.fullmatch(token) else None


async def issue(session: AsyncSession, event_id: int, user_id: int) -> Issued:
    """The person's ticket (made on first request, the same one afterwards). Only someone
    going to a published event gets one: ``events-desk-ticket-not-going`` otherwise. Commits."""
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None or event.state is EventState.DRAFT:
        raise DomainError("events-event-gone")
    if event.state is EventState.CANCELLED:
        raise DomainError("events-errors-cancelled")
    status = await session.scalar(
        select(Rsvp.status).where(Rsvp.event_id == event_id, Rsvp.user_id == user_id)
    )
    if status is not RsvpStatus.GOING:
        raise DomainError("events-desk-ticket-not-going")
    insert = dialect_insert(session)
    await session.execute(
        insert(Ticket)
        .values(
            event_id=event_id,
            user_id=user_id,
            token=secrets.token_urlsafe(TOKEN_BYTES),
            issued_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["event_id", "user_id"])
    )
    token = await session.scalar(
        select(Ticket.token).where(Ticket.event_id == event_id, Ticket.user_id == user_id)
    )
    await session.commit()
    assert token is not None
    return Issued(token=token, payload=payload_of(token), event=event)


async def find(session: AsyncSession, token: str) -> Ticket | None:
    return await session.scalar(select(Ticket).where(Ticket.token == token))
