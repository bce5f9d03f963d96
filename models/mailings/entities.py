"""The mass-mailing table and the limits of what an admin composes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.outbox import Mailing

MAX_BUTTONS = 8
BUTTON_TEXT_MAX = 40
URL_MAX = 500
TITLE_MAX = 80


class MassMailing(Base):
    __tablename__ = "mass_mailings"

    mailing_id: Mapped[int] = mapped_column(
        ForeignKey("mailings.id", ondelete="CASCADE"), primary_key=True
    )
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int] = mapped_column(BigInteger)
    # Recipients counted when the admin confirmed (the real list is made at the start).
    planned_count: Mapped[int] = mapped_column(Integer, default=0)
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    started_at: Mapped[datetime | None]  # deliveries enqueued
    finished_at: Mapped[datetime | None]  # nothing open any more; the report is final
    stopped_by: Mapped[int | None] = mapped_column(BigInteger)
    stopped_at: Mapped[datetime | None]

    mailing: Mapped[Mailing] = relationship(lazy="joined")


def stop_callback(mailing_id: int) -> str:
    """The payload of the stop button under the progress message, which the scheduler (not a
    handler) posts. Same as ``handlers.mailings.callbacks.MailingStopCb(id=...).pack()``; a
    test checks that it is."""
    return f"mlstop:{mailing_id}"
