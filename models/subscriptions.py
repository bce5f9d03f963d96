"""Subscriptions: topics a person wants announcements about, extra municipalities of
interest, and the audience queries that mailings and announcements are sent to."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ForeignKey, Select, String, delete, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.events import Rsvp, RsvpStatus
from models.outbox import Recipient
from models.users import Occupation, User


class Topic(enum.StrEnum):
    EVENTS = "events"  # conferences and events
    COUNCIL = "council"  # Council meetings
    LAW = "law"  # Law No. 135-OZ and lawmaking
    PRACTICES = "practices"  # contest of best municipal and TOS practices
    TOS = "tos"  # TOS news
    NEWS = "news"  # general news


DEFAULT_TOPICS = frozenset(Topic)


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
    session.add_all(UserTopic(user_id=user_id, topic=t.value) for t in DEFAULT_TOPICS)


async def toggle_topic(session: AsyncSession, user_id: int, topic: Topic) -> bool:
    """Switch one topic; returns whether it is on now. Commits."""
    row = await session.get(UserTopic, (user_id, topic.value))
    if row is None:
        session.add(UserTopic(user_id=user_id, topic=topic.value))
        on = True
    else:
        await session.delete(row)
        on = False
    await session.commit()
    return on


async def extra_municipalities(session: AsyncSession, user_id: int) -> set[int]:
    rows = await session.scalars(
        select(UserMunicipality.municipality_id).where(UserMunicipality.user_id == user_id)
    )
    return set(rows)


async def toggle_municipality(session: AsyncSession, user_id: int, municipality_id: int) -> bool:
    row = await session.get(UserMunicipality, (user_id, municipality_id))
    if row is None:
        session.add(UserMunicipality(user_id=user_id, municipality_id=municipality_id))
        on = True
    else:
        await session.delete(row)
        on = False
    await session.commit()
    return on


async def stop_announcements(session: AsyncSession, user: User) -> None:
    """/stop: no announcements or mass mailings any more, in one step. Reminders for events
    one answered and answers to one's proposals still come: they are not announcements."""
    user.announcements_enabled = False
    await session.commit()


async def resume_announcements(session: AsyncSession, user: User) -> None:
    user.announcements_enabled = True
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


@dataclass(frozen=True)
class Audience:
    """Who a mailing goes to. Empty fields do not filter; given fields combine with AND
    (values inside one field with OR). ``municipality_ids`` matches a person's own
    municipality or one they follow."""

    topics: frozenset[Topic] = field(default_factory=frozenset)
    municipality_ids: frozenset[int] = field(default_factory=frozenset)
    occupations: frozenset[Occupation] = field(default_factory=frozenset)
    event_id: int | None = None
    rsvp_statuses: frozenset[RsvpStatus] = field(default_factory=frozenset)
    checked_in: bool = False
    announcements_only: bool = True  # respect /stop

    @property
    def is_everyone(self) -> bool:
        return not (self.topics or self.municipality_ids or self.occupations) and (
            self.event_id is None
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form (FSM data in Redis, the audit log, ``mass_mailings.audience``)."""
        return {
            "topics": sorted(t.value for t in self.topics),
            "municipality_ids": sorted(self.municipality_ids),
            "occupations": sorted(o.value for o in self.occupations),
            "event_id": self.event_id,
            "rsvp_statuses": sorted(s.value for s in self.rsvp_statuses),
            "checked_in": self.checked_in,
            "announcements_only": self.announcements_only,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Audience:
        """The inverse of ``to_dict``; unknown values (a topic renamed since) are dropped."""
        return cls(
            topics=frozenset(Topic(t) for t in data.get("topics", []) if t in _TOPIC_VALUES),
            municipality_ids=frozenset(int(m) for m in data.get("municipality_ids", [])),
            occupations=frozenset(
                Occupation(o) for o in data.get("occupations", []) if o in _OCCUPATION_VALUES
            ),
            event_id=data.get("event_id"),
            rsvp_statuses=frozenset(
                RsvpStatus(s) for s in data.get("rsvp_statuses", []) if s in _STATUS_VALUES
            ),
            checked_in=bool(data.get("checked_in", False)),
            announcements_only=bool(data.get("announcements_only", True)),
        )


_TOPIC_VALUES = {t.value for t in Topic}
_OCCUPATION_VALUES = {o.value for o in Occupation}
_STATUS_VALUES = {s.value for s in RsvpStatus}


def audience_query(audience: Audience) -> Select[int, int]:
    query = select(User.telegram_id, User.id).where(
        User.is_active.is_(True),
        User.consent_version.is_not(None),
        User.full_name.is_not(None),
    )
    if audience.announcements_only:
        query = query.where(User.announcements_enabled.is_(True))
    if audience.topics:
        query = query.where(
            exists().where(
                UserTopic.user_id == User.id,
                UserTopic.topic.in_([t.value for t in audience.topics]),
            )
        )
    if audience.municipality_ids:
        ids = list(audience.municipality_ids)
        query = query.where(
            or_(
                User.municipality_id.in_(ids),
                exists().where(
                    UserMunicipality.user_id == User.id,
                    UserMunicipality.municipality_id.in_(ids),
                ),
            )
        )
    if audience.occupations:
        query = query.where(User.occupation.in_(list(audience.occupations)))
    if audience.event_id is not None:
        conditions = [Rsvp.user_id == User.id, Rsvp.event_id == audience.event_id]
        if audience.rsvp_statuses:
            conditions.append(Rsvp.status.in_(list(audience.rsvp_statuses)))
        if audience.checked_in:
            conditions.append(Rsvp.checked_in_at.is_not(None))
        query = query.where(exists().where(*conditions))
    return query.order_by(User.id)


async def resolve(session: AsyncSession, audience: Audience) -> list[Recipient]:
    rows = await session.execute(audience_query(audience))
    return [Recipient(chat_id, user_id) for chat_id, user_id in rows]


async def count(session: AsyncSession, audience: Audience) -> int:
    subquery = audience_query(audience).order_by(None).subquery()
    total = await session.scalar(select(func.count()).select_from(subquery))
    return int(total or 0)
