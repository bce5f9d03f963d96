"""Who a mass mailing goes to: subscribers narrowed by topic, municipality and role, or the
people who answered an event (by their answer, or only those who checked in).

Built on ``models.subscriptions`` (the base query of reachable people) and ``models.events``
(answers); subscriptions itself knows nothing of events, so events can announce through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, exists
from sqlalchemy.ext.asyncio import AsyncSession

from models.events import Rsvp, RsvpStatus
from models.outbox import Recipient
from models.subscriptions import count_of, reachable, recipients_of
from models.topics import Topic
from models.users import Occupation, User


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
    query = reachable(
        topics=audience.topics,
        municipality_ids=audience.municipality_ids,
        announcements_only=audience.announcements_only,
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
    return query


async def resolve(session: AsyncSession, audience: Audience) -> list[Recipient]:
    return await recipients_of(session, audience_query(audience))


async def count(session: AsyncSession, audience: Audience) -> int:
    return await count_of(session, audience_query(audience))
