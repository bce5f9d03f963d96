"""Subscriptions: topics a person wants announcements about, extra municipalities of
interest, /stop, and who gets an announcement (``subscribers``).

Builds on users and topics only: events and proposals announce through ``subscribers``, and
the richer audiences of mass mailings (roles, an event's answers) are ``models.audiences``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ForeignKey, Select, String, delete, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, dialect_insert
from models.outbox import Recipient
from models.topics import DEFAULT_TOPICS, Topic
from models.users import User


class UserTopic(Base):
    __tablename__ = "user_topics"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(16), primary_key=True)


class UserMunicipality(Base):
    """Municipalities a person follows besides their own."""

    __tablename__ = "user_municipalities"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )


async def topics_of(session: AsyncSession, user_id: int) -> set[Topic]:
    rows = await session.scalars(select(UserTopic.topic).where(UserTopic.user_id == user_id))
    return {Topic(t) for t in rows}


async def set_default_topics(session: AsyncSession, user_id: int) -> None:
    """Sensible defaults when consent is given: every topic on (one tap turns any off).
    Not committed here."""
    if await topics_of(session, user_id):
        return
    rows = [{"user_id": user_id, "topic": t.value} for t in DEFAULT_TOPICS]
    await session.execute(dialect_insert(session)(UserTopic).values(rows).on_conflict_do_nothing())


async def toggle_topic(session: AsyncSession, user_id: int, topic: Topic) -> bool:
    """Switch one topic; returns whether it is on now. Commits."""
    return await _toggle(session, UserTopic, {"user_id": user_id, "topic": topic.value})


async def extra_municipalities(session: AsyncSession, user_id: int) -> set[int]:
    rows = await session.scalars(
        select(UserMunicipality.municipality_id).where(UserMunicipality.user_id == user_id)
    )
    return set(rows)


async def toggle_municipality(session: AsyncSession, user_id: int, municipality_id: int) -> bool:
    values = {"user_id": user_id, "municipality_id": municipality_id}
    return await _toggle(session, UserMunicipality, values)


async def _toggle(
    session: AsyncSession, table: type[UserTopic] | type[UserMunicipality], values: dict[str, Any]
) -> bool:
    """Insert-or-ignore / delete one row: two taps racing each other never hit the primary
    key; the answer is what the row is after this tap. Commits."""
    where = [getattr(table, name) == value for name, value in values.items()]
    found = await session.scalar(select(func.count()).select_from(table).where(*where))
    if found:
        await session.execute(delete(table).where(*where))
    else:
        insert = dialect_insert(session)
        await session.execute(insert(table).values(values).on_conflict_do_nothing())
    await session.commit()
    return not found


async def stop_announcements(session: AsyncSession, user: User) -> None:
    """/stop: no announcements or mass mailings any more, in one step. Reminders for events
    one answered and answers to one's proposals still come: they are not announcements."""
    user.announcements_enabled = False
    await session.commit()


async def toggle_announcements(session: AsyncSession, user: User) -> bool:
    """Switch announcements and mass mailings on or off; returns whether they are on now."""
    user.announcements_enabled = not user.announcements_enabled
    await session.commit()
    return user.announcements_enabled


async def toggle_reminders(session: AsyncSession, user: User) -> bool:
    """Switch reminders about one's events on or off; returns whether they are on now."""
    user.reminders_enabled = not user.reminders_enabled
    await session.commit()
    return user.reminders_enabled


async def clear(session: AsyncSession, user_id: int) -> None:
    """Forget every subscription of a person (not committed here)."""
    await session.execute(delete(UserTopic).where(UserTopic.user_id == user_id))
    await session.execute(delete(UserMunicipality).where(UserMunicipality.user_id == user_id))


def reachable(
    *,
    topics: Iterable[Topic] = (),
    municipality_ids: Iterable[int] = (),
    announcements_only: bool = True,
) -> Select[int, int]:
    """``(telegram_id, user id)`` of active people with a profile and the current consent,
    ordered by id. ``announcements_only`` respects /stop. With ``topics``, only people
    subscribed to any of them; with ``municipality_ids``, only people whose own or followed
    municipality is one of them."""
    query = select(User.telegram_id, User.id).where(
        User.is_active.is_(True),
        User.consent_version.is_not(None),
        User.full_name.is_not(None),
    )
    if announcements_only:
        query = query.where(User.announcements_enabled.is_(True))
    topic_values = sorted(t.value for t in topics)
    if topic_values:
        query = query.where(
            exists().where(UserTopic.user_id == User.id, UserTopic.topic.in_(topic_values))
        )
    ids = sorted(set(municipality_ids))
    if ids:
        query = query.where(
            or_(
                User.municipality_id.in_(ids),
                exists().where(
                    UserMunicipality.user_id == User.id,
                    UserMunicipality.municipality_id.in_(ids),
                ),
            )
        )
    return query.order_by(User.id)


async def recipients_of(session: AsyncSession, query: Select[int, int]) -> list[Recipient]:
    """The outbox recipients a ``reachable`` query (possibly narrowed further) selects."""
    rows = await session.execute(query)
    return [Recipient(chat_id, user_id) for chat_id, user_id in rows]


async def count_of(session: AsyncSession, query: Select[int, int]) -> int:
    subquery = query.order_by(None).subquery()
    total = await session.scalar(select(func.count()).select_from(subquery))
    return int(total or 0)


async def subscribers(
    session: AsyncSession,
    topics: frozenset[Topic] = frozenset(),
    municipality_ids: frozenset[int] = frozenset(),
) -> list[Recipient]:
    """People who get announcements (consented, active, not /stop) on any of ``topics`` and
    about any of ``municipality_ids`` (their own or followed): the recipients of an event's
    or a consultation's announcement."""
    return await recipients_of(
        session, reachable(topics=topics, municipality_ids=municipality_ids)
    )


async def count_subscribers(
    session: AsyncSession,
    topics: frozenset[Topic] = frozenset(),
    municipality_ids: frozenset[int] = frozenset(),
) -> int:
    """How many ``subscribers`` there are now (the number shown before an announcement)."""
    return await count_of(session, reachable(topics=topics, municipality_ids=municipality_ids))


__all__ = [
    "UserMunicipality",
    "UserTopic",
    "clear",
    "count_of",
    "count_subscribers",
    "extra_municipalities",
    "reachable",
    "recipients_of",
    "set_default_topics",
    "stop_announcements",
    "subscribers",
    "toggle_announcements",
    "toggle_municipality",
    "toggle_reminders",
    "toggle_topic",
    "topics_of",
]
