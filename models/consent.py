"""Consent to the processing of personal data (152-FZ): the text, its log, giving it.

The text is one file with a version line at the top; a new version asks everyone again.
This module sits above ``models.users`` and ``models.subscriptions``: giving consent also
switches on the default topics, so neither of those needs the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import ForeignKey, String, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow
from models.outbox import OPEN_STATES, Delivery, DeliveryState
from models.subscriptions import clear, set_default_topics
from models.users import User

CONSENT_FILE = Path(__file__).parent / "data" / "consent.txt"
GIVEN = "given"
WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class ConsentText:
    version: str
    text: str


def parse_consent(raw: str) -> ConsentText:
    head, _, body = raw.partition("\n")
    key, _, version = head.partition(":")
    if key.strip() != "version" or not version.strip() or not body.strip():
        raise ValueError("consent file must start with 'version: <id>' followed by the text")
    return ConsentText(version=version.strip(), text=body.strip())


@lru_cache(maxsize=1)
def current_consent() -> ConsentText:
    return parse_consent(CONSENT_FILE.read_text(encoding="utf-8"))


class ConsentLog(Base):
    """History of consents given and withdrawn: what text version, and when."""

    __tablename__ = "consent_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))  # GIVEN | WITHDRAWN
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


async def give_consent(session: AsyncSession, user: User, version: str) -> None:
    """Record consent to ``version`` and switch on the default topics (first time). Commits."""
    now = utcnow()
    await set_default_topics(session, user.id)
    user.consent_version = version
    user.consent_given_at = now
    session.add(ConsentLog(user_id=user.id, version=version, action=GIVEN, created_at=now))
    await session.commit()


def log_withdrawal(session: AsyncSession, user: User, now: datetime) -> None:
    """Add the withdrawal of the current consent (if any) to the caller's transaction."""
    if user.consent_version is not None:
        session.add(
            ConsentLog(
                user_id=user.id, version=user.consent_version, action=WITHDRAWN, created_at=now
            )
        )


async def withdraw_consent(session: AsyncSession, user: User) -> None:
    """«I do not agree» to a new version: the withdrawal is logged with the version and the
    time, and processing for mailings stops at once: subscriptions go, announcements and
    reminders are off, queued messages to the person are cancelled. The profile and what
    the person submitted stay until /delete_me (the law allows keeping them for the
    purposes already agreed; the person is told how to have them deleted). Commits."""
    now = utcnow()
    log_withdrawal(session, user, now)
    await clear(session, user.id)
    await cancel_open_deliveries(session, user.id, user.telegram_id)
    user.consent_version = None
    user.consent_given_at = None
    user.announcements_enabled = False
    user.reminders_enabled = False
    await session.commit()


async def cancel_open_deliveries(session: AsyncSession, user_id: int, telegram_id: int) -> None:
    """Queued messages to a person who withdrew consent are not sent (not committed)."""
    await session.execute(
        update(Delivery)
        .where(
            (Delivery.user_id == user_id) | (Delivery.chat_id == telegram_id),
            Delivery.state.in_(OPEN_STATES),
        )
        .values(state=DeliveryState.CANCELLED, last_error="person withdrew consent")
        .execution_options(synchronize_session=False)
    )
