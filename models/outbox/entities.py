"""The outbox's tables and values: a ``Mailing`` says what to send and why, a ``Delivery`` is
one recipient of it; ``Content`` is what a mailing sends, ``Claimed`` what a sender holds."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, str_enum, utcnow

MAX_ATTEMPTS = 5
SKIPPED_UNSUBSCRIBED = "unsubscribed before their turn"
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
    EDIT = "edit"  # edit the bot's message ``copy_message_id`` in the delivery's chat


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
    # Announcements and mass mailings to subscribers: the person's /stop is checked again
    # when a delivery is claimed. Reminders and notices about one's own things are not.
    marketing: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Telegram's paid broadcast (allow_paid_broadcast, up to 1000/s): the admin's choice for
    # this one mailing and its estimated cost, in tenths of a Star.
    paid_broadcast: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    paid_cost_tenths: Mapped[int] = mapped_column(default=0, server_default="0")


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
    # Sent with allow_paid_broadcast (up to 1000/s, billed in Stars beyond the free limit).
    paid_broadcast: bool = False

    def __post_init__(self) -> None:
        if self.kind is ContentKind.TEXT and not self.text:
            raise ValueError("a text mailing needs text")
        if self.kind in (ContentKind.PHOTO, ContentKind.DOCUMENT) and not self.file_id:
            raise ValueError("a media mailing needs a file_id")
        if self.kind is ContentKind.COPY and (
            self.copy_from_chat_id is None or self.copy_message_id is None
        ):
            raise ValueError("a copy mailing needs the source chat and message")
        if self.kind is ContentKind.EDIT and (not self.text or self.copy_message_id is None):
            raise ValueError("an edit needs the new text and the message to edit")


@dataclass(frozen=True, slots=True)
class Recipient:
    chat_id: int
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed delivery with everything the sender needs, detached from the session."""

    id: int
    chat_id: int
    user_id: int | None
    attempts: int
    content: Content
    mailing_id: int
    # When the mailing was due: the horizon after which Telegram's absence fails it.
    due_at: datetime


def content_of(mailing: Mailing) -> Content:
    return Content(
        kind=mailing.content_kind,
        text=mailing.text,
        file_id=mailing.file_id,
        copy_from_chat_id=mailing.copy_from_chat_id,
        copy_message_id=mailing.copy_message_id,
        buttons=mailing.buttons,
        paid_broadcast=mailing.paid_broadcast,
    )
