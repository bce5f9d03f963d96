"""The outbox: every message the bot sends on its own is a delivery row first.

A ``Mailing`` says what to send and why; a ``Delivery`` is one recipient of it. Rows are
added in the caller's transaction, next to the change that causes them, and a sender in
``scheduler/`` drains them: claim (with a lease) → send → mark. Enqueueing is idempotent:
``Mailing.dedup_key`` is unique, and so is ``(mailing_id, chat_id)``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, str_enum, utcnow
from models.users import User

MAX_ATTEMPTS = 5
ERROR_MAX = 500


class MailingKind(enum.StrEnum):
    ANNOUNCEMENT = "announcement"
    REMINDER = "reminder"
    MAILING = "mailing"
    NOTICE = "notice"


class ContentKind(enum.StrEnum):
    TEXT = "text"
    PHOTO = "photo"
    DOCUMENT = "document"
    COPY = "copy"


class MailingState(enum.StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"


class DeliveryState(enum.StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"


OPEN_STATES = (DeliveryState.PENDING, DeliveryState.CLAIMED)


class Mailing(Base):
    __tablename__ = "mailings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MailingKind] = mapped_column(str_enum(MailingKind, "mailing_kind"))
    title: Mapped[str] = mapped_column(String(200))
    content_kind: Mapped[ContentKind] = mapped_column(str_enum(ContentKind, "content_kind"))
    text: Mapped[str | None] = mapped_column(Text)  # HTML; the caption for media
    file_id: Mapped[str | None] = mapped_column(String(255))
    copy_from_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    copy_message_id: Mapped[int | None]
    # Inline keyboard rows: [[{"text": ..., "url": ...} | {"text": ..., "callback_data": ...}]]
    buttons: Mapped[list[list[dict[str, str]]] | None] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    start_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[MailingState] = mapped_column(
        str_enum(MailingState, "mailing_state"), default=MailingState.ACTIVE
    )
    dedup_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("mailing_id", "chat_id"),
        Index("ix_deliveries_state_not_before", "state", "not_before"),
        Index("ix_deliveries_chat_id_state", "chat_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mailing_id: Mapped[int] = mapped_column(ForeignKey("mailings.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[DeliveryState] = mapped_column(
        str_enum(DeliveryState, "delivery_state"), default=DeliveryState.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(String(ERROR_MAX))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    mailing: Mapped[Mailing] = relationship(lazy="joined")


@dataclass(frozen=True, slots=True)
class Content:
    """What a mailing sends. ``copy`` re-sends an existing message with ``copyMessage`` so that
    formatting and media survive exactly."""

    kind: ContentKind = ContentKind.TEXT
    text: str | None = None
    file_id: str | None = None
    copy_from_chat_id: int | None = None
    copy_message_id: int | None = None
    buttons: list[list[dict[str, str]]] | None = field(default=None)

    def __post_init__(self) -> None:
        if self.kind is ContentKind.TEXT and not self.text:
            raise ValueError("a text mailing needs text")
        if self.kind in (ContentKind.PHOTO, ContentKind.DOCUMENT) and not self.file_id:
            raise ValueError("a media mailing needs a file_id")
        if self.kind is ContentKind.COPY and (
            self.copy_from_chat_id is None or self.copy_message_id is None
        ):
            raise ValueError("a copy mailing needs the source chat and message")


@dataclass(frozen=True, slots=True)
class Recipient:
    chat_id: int
    user_id: int | None = None


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
) -> Mailing:
    """Add a mailing and its deliveries to the caller's transaction (not committed here).

    With ``dedup_key``, enqueueing again reuses the mailing and adds only recipients that it
    does not have yet: the same reminder enqueued twice is one delivery per person.
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


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed delivery with everything the sender needs, detached from the session."""

    id: int
    chat_id: int
    user_id: int | None
    attempts: int
    content: Content
    mailing_id: int


def _content_of(mailing: Mailing) -> Content:
    return Content(
        kind=mailing.content_kind,
        text=mailing.text,
        file_id=mailing.file_id,
        copy_from_chat_id=mailing.copy_from_chat_id,
        copy_message_id=mailing.copy_message_id,
        buttons=mailing.buttons,
    )


async def claim(
    session: AsyncSession,
    worker: str,
    *,
    now: datetime,
    limit: int,
    lease: timedelta,
) -> list[Claimed]:
    """Atomically take up to ``limit`` due deliveries for ``worker`` and commit.

    Due means pending with ``not_before`` passed, or claimed by a sender whose lease ran out
    (it died mid-batch). On PostgreSQL rows locked by another instance are skipped
    (``FOR UPDATE SKIP LOCKED``), so two senders never take the same delivery; SQLite
    serialises writers, and one process sends per file.
    """
    due = or_(
        (Delivery.state == DeliveryState.PENDING) & (Delivery.not_before <= now),
        (Delivery.state == DeliveryState.CLAIMED) & (Delivery.lease_until < now),
    )
    picked = (
        select(Delivery.id)
        .where(due)
        .order_by(Delivery.not_before, Delivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
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
    await session.commit()
    if not ids:
        return []
    rows = (
        await session.scalars(
            select(Delivery)
            .where(Delivery.id.in_(ids))
            .order_by(Delivery.not_before, Delivery.id)
            .execution_options(populate_existing=True)
        )
    ).all()
    return [
        Claimed(d.id, d.chat_id, d.user_id, d.attempts, _content_of(d.mailing), d.mailing_id)
        for d in rows
    ]


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
) -> bool:
    """Put a delivery back for a later try. A transient error counts as an attempt and fails
    the delivery after ``MAX_ATTEMPTS``; a 429 (``count_attempt=False``) never does."""
    values: dict[str, Any] = {} if error is None else {"last_error": error[:ERROR_MAX]}
    if count_attempt:
        attempts = await session.scalar(
            select(Delivery.attempts).where(Delivery.id == delivery_id)
        )
        if attempts is not None and attempts >= MAX_ATTEMPTS:
            return await mark_failed(
                session, delivery_id, worker, f"{error} (after {attempts} attempts)"
            )
    else:
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


async def next_due(session: AsyncSession) -> datetime | None:
    """When the earliest pending delivery becomes due (to sleep until then)."""
    return await session.scalar(
        select(func.min(Delivery.not_before)).where(Delivery.state == DeliveryState.PENDING)
    )
