"""Writing to the outbox: enqueue a mailing with its deliveries (idempotently), stop one,
skip what came too late, and read what happened to a mailing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.outbox.entities import (
    ERROR_MAX,
    OPEN_STATES,
    Content,
    Delivery,
    DeliveryState,
    Mailing,
    MailingKind,
    MailingState,
    Recipient,
)


def _insert(session: AsyncSession) -> Any:
    """The dialect's INSERT, which both know how to make idempotent (ON CONFLICT DO NOTHING)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def enqueue(
    session: AsyncSession,
    *,
    kind: MailingKind,
    title: str,
    content: Content,
    recipients: Iterable[Recipient],
    start_at: datetime | None = None,
    created_by: int | None = None,
    dedup_key: str | None = None,
    marketing: bool | None = None,
    paid_cost_tenths: int = 0,
) -> Mailing:
    """Add a mailing and its deliveries to the caller's transaction (not committed here).

    With ``dedup_key``, enqueueing again reuses the mailing and adds only recipients that it
    does not have yet: the same reminder enqueued twice is one delivery per person.
    ``marketing`` (default: an announcement is) makes the sender skip people who sent /stop
    by the time their turn comes. ``paid_cost_tenths``: a paid broadcast's estimated cost.
    """
    mailing = None
    if dedup_key is not None:
        mailing = await session.scalar(select(Mailing).where(Mailing.dedup_key == dedup_key))
    if mailing is None:
        mailing = Mailing(
            kind=kind,
            title=title[:200],
            content_kind=content.kind,
            text=content.text,
            file_id=content.file_id,
            copy_from_chat_id=content.copy_from_chat_id,
            copy_message_id=content.copy_message_id,
            buttons=content.buttons,
            created_by=created_by,
            start_at=start_at or utcnow(),
            dedup_key=dedup_key,
            marketing=kind is MailingKind.ANNOUNCEMENT if marketing is None else marketing,
            paid_broadcast=content.paid_broadcast,
            paid_cost_tenths=paid_cost_tenths,
        )
        session.add(mailing)
        await session.flush()
    now = utcnow()
    rows = [
        {
            "mailing_id": mailing.id,
            "chat_id": r.chat_id,
            "user_id": r.user_id,
            "state": DeliveryState.PENDING.value,
            "attempts": 0,
            "not_before": mailing.start_at,
            "updated_at": now,
        }
        for r in {r.chat_id: r for r in recipients}.values()
    ]
    insert = _insert(session)
    for start in range(0, len(rows), 5000):
        stmt = insert(Delivery).on_conflict_do_nothing(index_elements=["mailing_id", "chat_id"])
        await session.execute(stmt, rows[start : start + 5000])
    return mailing


async def cancel_mailing(session: AsyncSession, mailing_id: int) -> int:
    """Stop a mailing: what is not sent yet is recorded as cancelled (not committed here).

    Claimed deliveries are cancelled too: the sender checks for cancelled mailings before
    each send, so only a message already on its way can still go out."""
    mailing = await session.get(Mailing, mailing_id)
    if mailing is None:
        return 0
    mailing.state = MailingState.CANCELLED
    result = await session.execute(
        update(Delivery)
        .where(Delivery.mailing_id == mailing_id, Delivery.state.in_(OPEN_STATES))
        .values(state=DeliveryState.CANCELLED, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def cancelled_among(session: AsyncSession, mailing_ids: Iterable[int]) -> set[int]:
    """Which of these mailings were stopped."""
    ids = list(set(mailing_ids))
    if not ids:
        return set()
    rows = await session.scalars(
        select(Mailing.id).where(Mailing.id.in_(ids), Mailing.state == MailingState.CANCELLED)
    )
    return set(rows)


async def skip_deliveries(session: AsyncSession, mailing_id: int, reason: str) -> int:
    """Record the open deliveries of a mailing as skipped (a reminder that came too late)."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.mailing_id == mailing_id, Delivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.SKIPPED, last_error=reason[:ERROR_MAX], updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class MailingReport:
    mailing_id: int
    counts: dict[DeliveryState, int]
    top_errors: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def open(self) -> int:
        return sum(self.counts.get(s, 0) for s in OPEN_STATES)


async def report(session: AsyncSession, mailing_id: int, top: int = 3) -> MailingReport:
    rows = await session.execute(
        select(Delivery.state, func.count())
        .where(Delivery.mailing_id == mailing_id)
        .group_by(Delivery.state)
    )
    counts = {DeliveryState(state): int(n) for state, n in rows}
    errors = await session.execute(
        select(Delivery.last_error, func.count())
        .where(
            Delivery.mailing_id == mailing_id,
            Delivery.state == DeliveryState.FAILED,
            Delivery.last_error.is_not(None),
        )
        .group_by(Delivery.last_error)
        .order_by(func.count().desc())
        .limit(top)
    )
    return MailingReport(mailing_id, counts, [(str(e), int(n)) for e, n in errors])


async def recent_mailings(session: AsyncSession, limit: int = 10) -> Sequence[Mailing]:
    result = await session.scalars(select(Mailing).order_by(Mailing.id.desc()).limit(limit))
    return result.all()
