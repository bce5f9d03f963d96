"""Draining the outbox: a sender claims due deliveries with a lease, then marks each one
sent, failed, retried or blocked, and gives back what it holds when it stops."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models.base import utcnow
from models.outbox.entities import (
    ERROR_MAX,
    MAX_ATTEMPTS,
    OPEN_STATES,
    SKIPPED_UNSUBSCRIBED,
    Claimed,
    Delivery,
    DeliveryState,
    Mailing,
    MailingState,
    content_of,
)
from models.users import User


async def claim(
    session: AsyncSession,
    worker: str,
    *,
    now: datetime,
    limit: int,
    lease: timedelta,
    holding: Collection[int] = (),
) -> list[Claimed]:
    """Atomically take up to ``limit`` due deliveries for ``worker`` and commit.

    Due means pending with ``not_before`` passed, or claimed by a sender whose lease ran out
    (it died mid-batch). On PostgreSQL rows locked by another instance are skipped
    (``FOR UPDATE SKIP LOCKED``), so two senders never take the same delivery; SQLite
    serialises writers, and one process sends per file.

    Order per chat: a delivery is not taken while an earlier one (smaller id) of a mailing
    already due is still open for the same chat, whether it waits for a retry, a deferral
    or is on its way; so one chat gets at most one delivery per batch, in enqueue order.
    A marketing delivery (announcement, mass mailing) to someone who sent /stop since it was
    enqueued is recorded as skipped here instead of being handed out.

    ``holding``: what this worker still has in hand (on its way, or sent and not yet marked).
    Such a claim may have outlived its lease while it waited for the pace; handing it out
    again would send it twice.
    """
    picked = _claimable(now, limit, holding)
    result = await session.execute(
        update(Delivery)
        .where(Delivery.id.in_(picked))
        .values(
            state=DeliveryState.CLAIMED,
            claimed_by=worker,
            lease_until=now + lease,
            attempts=Delivery.attempts + 1,
            updated_at=now,
        )
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)
    )
    ids = [row[0] for row in result]
    if ids:
        await _skip_unsubscribed(session, ids, now)
    await session.commit()
    if not ids:
        return []
    return await _claimed(session, ids)


async def _claimed(session: AsyncSession, ids: list[int]) -> list[Claimed]:
    """The claimed deliveries with what the sender needs, in claim order."""
    rows = (
        await session.scalars(
            select(Delivery)
            .where(Delivery.id.in_(ids), Delivery.state == DeliveryState.CLAIMED)
            .order_by(Delivery.not_before, Delivery.id)
            .execution_options(populate_existing=True)
        )
    ).all()
    return [
        Claimed(
            d.id,
            d.chat_id,
            d.user_id,
            d.attempts,
            content_of(d.mailing),
            d.mailing_id,
            d.mailing.start_at,
        )
        for d in rows
    ]


def _claimable(now: datetime, limit: int, holding: Collection[int]) -> Any:
    """The ids of up to ``limit`` due deliveries that overtake nobody in their chat."""
    expired = (Delivery.state == DeliveryState.CLAIMED) & (Delivery.lease_until < now)
    if holding:
        expired = expired & Delivery.id.not_in(list(holding))
    due = or_((Delivery.state == DeliveryState.PENDING) & (Delivery.not_before <= now), expired)
    earlier = aliased(Delivery)
    earlier_mailing = aliased(Mailing)
    overtakes = (
        exists()
        .where(
            earlier.chat_id == Delivery.chat_id,
            earlier.id < Delivery.id,
            earlier.state.in_(OPEN_STATES),
            earlier_mailing.id == earlier.mailing_id,
            earlier_mailing.start_at <= now,
        )
        .correlate(Delivery)
    )
    return (
        select(Delivery.id)
        .where(due, ~overtakes)
        .order_by(Delivery.not_before, Delivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Delivery)
        .scalar_subquery()
    )


async def _skip_unsubscribed(session: AsyncSession, ids: list[int], now: datetime) -> None:
    """Of the deliveries just claimed, skip the marketing ones to people who /stop-ped."""
    await session.execute(
        update(Delivery)
        .where(
            Delivery.id.in_(ids),
            Delivery.mailing_id.in_(select(Mailing.id).where(Mailing.marketing.is_(True))),
            Delivery.user_id.in_(select(User.id).where(User.announcements_enabled.is_(False))),
        )
        .values(
            state=DeliveryState.SKIPPED,
            last_error=SKIPPED_UNSUBSCRIBED,
            lease_until=None,
            attempts=Delivery.attempts - 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )


async def hold_back(session: AsyncSession, mailing_id: int, user_id: int | None) -> str | None:
    """Asked right before each send: ``"cancelled"`` if the mailing was stopped,
    ``"unsubscribed"`` if it is marketing and the person sent /stop meanwhile, else None.
    One indexed read, and no transaction left open."""
    mailing = (
        await session.execute(
            select(Mailing.state, Mailing.marketing).where(Mailing.id == mailing_id)
        )
    ).one_or_none()
    reason = None
    if mailing is None or mailing.state is MailingState.CANCELLED:
        reason = "cancelled"
    elif mailing.marketing and user_id is not None:
        enabled = await session.scalar(
            select(User.announcements_enabled).where(User.id == user_id)
        )
        reason = "unsubscribed" if enabled is False else None
    await session.rollback()
    return reason


async def mark_skipped(session: AsyncSession, delivery_id: int, worker: str) -> bool:
    """Not sent because the person sent /stop after it was enqueued."""
    return await _finish(
        session, delivery_id, worker, state=DeliveryState.SKIPPED, last_error=SKIPPED_UNSUBSCRIBED
    )


async def _finish(
    session: AsyncSession,
    delivery_id: int,
    worker: str,
    *,
    from_states: tuple[DeliveryState, ...] = (DeliveryState.CLAIMED,),
    **values: Any,
) -> bool:
    """Move a delivery this worker holds to its next state; False if it no longer holds it."""
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            Delivery.state.in_(from_states),
            Delivery.claimed_by == worker,
        )
        .values(lease_until=None, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def mark_sent(
    session: AsyncSession, delivery_id: int, worker: str, message_id: int | None
) -> bool:
    """Record a delivered message. A mailing stopped while this one was already on its way
    does not undo it: the record says sent, because the person got it."""
    return await _finish(
        session,
        delivery_id,
        worker,
        from_states=(DeliveryState.CLAIMED, DeliveryState.CANCELLED),
        state=DeliveryState.SENT,
        message_id=message_id,
        sent_at=utcnow(),
        last_error=None,
    )


async def mark_sent_many(
    session: AsyncSession, worker: str, sent: Sequence[tuple[int, int | None]]
) -> None:
    """``mark_sent`` for many deliveries in one statement (executemany) and one commit: a
    paid broadcast finishes hundreds a second."""
    if not sent:
        return
    table = Delivery.__table__
    assert isinstance(table, Table)
    now = utcnow()
    statement = (
        update(table)
        .where(
            table.c.id == bindparam("delivery_id"),
            or_(table.c.state == DeliveryState.CLAIMED, table.c.state == DeliveryState.CANCELLED),
            table.c.claimed_by == worker,
        )
        .values(
            state=DeliveryState.SENT,
            message_id=bindparam("sent_message_id"),
            sent_at=now,
            last_error=None,
            lease_until=None,
            updated_at=now,
        )
    )
    await session.execute(statement, [{"delivery_id": d, "sent_message_id": m} for d, m in sent])
    await session.commit()


async def mark_failed(session: AsyncSession, delivery_id: int, worker: str, error: str) -> bool:
    return await _finish(
        session, delivery_id, worker, state=DeliveryState.FAILED, last_error=error[:ERROR_MAX]
    )


async def mark_retry(
    session: AsyncSession,
    delivery_id: int,
    worker: str,
    error: str | None,
    not_before: datetime,
    *,
    count_attempt: bool = True,
    can_fail: bool = True,
) -> bool:
    """Put a delivery back for a later try. An unexpected error counts as an attempt and
    fails the delivery after ``MAX_ATTEMPTS``; Telegram being away counts it (the sender
    spaces retries by it) but never fails it (``can_fail=False``: the sender's horizon
    does); a 429 or a deferral (``count_attempt=False``) does not count at all."""
    values: dict[str, Any] = {} if error is None else {"last_error": error[:ERROR_MAX]}
    if count_attempt and can_fail:
        attempts = await session.scalar(
            select(Delivery.attempts).where(Delivery.id == delivery_id)
        )
        if attempts is not None and attempts >= MAX_ATTEMPTS:
            return await mark_failed(
                session, delivery_id, worker, f"{error} (after {attempts} attempts)"
            )
    elif not count_attempt:
        values["attempts"] = Delivery.attempts - 1
    return await _finish(
        session, delivery_id, worker, state=DeliveryState.PENDING, not_before=not_before, **values
    )


async def mark_blocked(
    session: AsyncSession, chat_id: int, user_id: int | None, error: str
) -> int:
    """The person blocked the bot (403): mark them inactive and stop every open delivery to
    them, this one included. Returns how many deliveries were stopped."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.chat_id == chat_id, Delivery.state.in_(OPEN_STATES))
        .values(
            state=DeliveryState.BLOCKED,
            last_error=error[:ERROR_MAX],
            lease_until=None,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    user_filter = User.id == user_id if user_id is not None else User.telegram_id == chat_id
    await session.execute(
        update(User)
        .where(user_filter)
        .values(is_active=False)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


async def release(session: AsyncSession, worker: str) -> int:
    """Give back what ``worker`` holds (a clean shutdown), so nobody waits for its lease."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.state == DeliveryState.CLAIMED, Delivery.claimed_by == worker)
        .values(
            state=DeliveryState.PENDING,
            lease_until=None,
            attempts=Delivery.attempts - 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


async def release_orphans(session: AsyncSession, worker: str) -> int:
    """Give back every claim not held by ``worker``. Only for a sender that holds the
    leadership lock: no other sender can be alive, so those claims are orphans of a dead one
    and need not wait for their lease."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.state == DeliveryState.CLAIMED, Delivery.claimed_by != worker)
        .values(
            state=DeliveryState.PENDING,
            lease_until=None,
            # A crash is not the delivery's fault: give back the attempt the claim counted.
            attempts=Delivery.attempts - 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


async def next_due(session: AsyncSession) -> datetime | None:
    """When the earliest pending delivery becomes due (to sleep until then)."""
    return await session.scalar(
        select(func.min(Delivery.not_before)).where(Delivery.state == DeliveryState.PENDING)
    )
