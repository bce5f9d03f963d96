"""Personal data (152-FZ): what we store about a person, and forgetting them.

``export`` gathers everything stored about one person; ``forget`` withdraws consent and
anonymises them: the profile is removed, subscriptions and answers deleted, open deliveries
cancelled, and the row is unlinked from their Telegram account. What they submitted for the
public record (proposals to the law) stays, authored by "анонимизировано".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import subscriptions
from models.base import utcnow
from models.events import Event, Rsvp
from models.outbox import OPEN_STATES, Delivery, DeliveryState
from models.users import ConsentLog, User

# Sections that other domain modules add to the export: name → collector(session, user).
Collector = Callable[[AsyncSession, User], Awaitable[Any]]
COLLECTORS: dict[str, Collector] = {}
# Steps other modules run when a person is forgotten (inside the same transaction).
Forgetter = Callable[[AsyncSession, User], Awaitable[None]]
FORGETTERS: list[Forgetter] = []


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def export(session: AsyncSession, user: User) -> dict[str, Any]:
    consents = await session.scalars(
        select(ConsentLog).where(ConsentLog.user_id == user.id).order_by(ConsentLog.id)
    )
    answers = await session.execute(
        select(Rsvp, Event.title, Event.starts_at)
        .join(Event, Event.id == Rsvp.event_id)
        .where(Rsvp.user_id == user.id)
        .order_by(Event.starts_at)
    )
    data: dict[str, Any] = {
        "exported_at": utcnow().isoformat(),
        "profile": {
            "telegram_id": user.telegram_id,
            "name": user.full_name,
            "role": user.occupation.value if user.occupation else None,
            "municipality": user.municipality.name if user.municipality else None,
            "staff_role": user.role.value,
            "created_at": _iso(user.created_at),
            "active": user.is_active,
        },
        "consent": {
            "current_version": user.consent_version,
            "given_at": _iso(user.consent_given_at),
            "history": [
                {"version": c.version, "action": c.action, "at": _iso(c.created_at)}
                for c in consents
            ],
        },
        "subscriptions": {
            "topics": sorted(t.value for t in await subscriptions.topics_of(session, user.id)),
            "extra_municipality_ids": sorted(
                await subscriptions.extra_municipalities(session, user.id)
            ),
            "announcements": user.announcements_enabled,
            "reminders": user.reminders_enabled,
        },
        "event_answers": [
            {
                "event": title,
                "starts_at": _iso(starts_at),
                "answer": rsvp.status.value,
                "answered_at": _iso(rsvp.answered_at),
                "checked_in_at": _iso(rsvp.checked_in_at),
            }
            for rsvp, title, starts_at in answers
        ],
    }
    for name, collect in COLLECTORS.items():
        data[name] = await collect(session, user)
    return data


async def forget(session: AsyncSession, user: User) -> None:
    """Withdraw consent and anonymise ``user``. Commits."""
    now = utcnow()
    if user.consent_version is not None:
        session.add(
            ConsentLog(
                user_id=user.id, version=user.consent_version, action="withdrawn", created_at=now
            )
        )
    for step in FORGETTERS:
        await step(session, user)
    await subscriptions.clear(session, user.id)
    await session.execute(delete(Rsvp).where(Rsvp.user_id == user.id))
    await session.execute(
        update(Delivery)
        .where(
            (Delivery.user_id == user.id) | (Delivery.chat_id == user.telegram_id),
            Delivery.state.in_(OPEN_STATES),
        )
        .values(state=DeliveryState.CANCELLED, last_error="person withdrew consent")
        .execution_options(synchronize_session=False)
    )
    user.full_name = None
    user.occupation = None
    user.municipality_id = None
    user.municipality = None
    user.consent_version = None
    user.consent_given_at = None
    user.announcements_enabled = False
    user.reminders_enabled = False
    user.is_active = False
    # Unlink the row from the Telegram account: a later /start is a new person, and the
    # proposals this row authored stay anonymous. Negative ids are never private chats.
    user.telegram_id = -user.id
    await session.commit()
