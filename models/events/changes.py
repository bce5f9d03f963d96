"""Staff change one field of an event at a time, whenever they like: title, description,
time, place, online link, capacity, topic, audience, registration deadline.

A change is claimed by a conditional UPDATE of ``events.sequence`` (the value the staff member
saw in the preview): of two taps on «Сохранить» one saves, the other is refused. In the same
transaction: a change that matters to people (time, place, link, a capacity cut) is told to
those it concerns, saying what it was and what it is now; the channel post follows the card;
time and place get a follow-up post in the channel. The calendar's SEQUENCE is the event's
``sequence``, so the «В календарь» button of a notice gives the updated entry.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models.base import utcnow
from models.errors import DomainError
from models.events import messages, queries, reach, rules
from models.events.entities import (
    EVENT_TOPICS,
    Event,
    EventMunicipality,
    EventState,
    Rsvp,
    RsvpStatus,
)
from models.events.queries import municipality_ids
from models.outbox import Mailing, MailingKind, Recipient, cancel_mailing, enqueue
from models.rendering import Renderer

LINK_SCHEMES = ("https://", "http://")
TOPIC_VALUES = frozenset(topic.value for topic in EVENT_TOPICS)


class EventField(enum.StrEnum):
    TITLE = "title"
    DESCRIPTION = "description"
    TIME = "time"
    PLACE = "place"
    LINK = "link"
    CAPACITY = "capacity"
    TOPIC = "topic"
    AUDIENCE = "audience"
    DEADLINE = "deadline"


# The notice line of each field: «было …, стало …».
LINE_KEYS: dict[EventField, str] = {
    EventField.TITLE: "events-change-title",
    EventField.DESCRIPTION: "events-change-description",
    EventField.TIME: "events-change-time",
    EventField.PLACE: "events-change-place",
    EventField.LINK: "events-change-link",
    EventField.CAPACITY: "events-change-capacity",
    EventField.TOPIC: "events-change-topic",
    EventField.AUDIENCE: "events-change-audience",
    EventField.DEADLINE: "events-change-deadline",
}
# Changes people are told of (with what it was and what it is now).
TOLD = frozenset({EventField.TIME, EventField.PLACE, EventField.LINK})
# Changes that may bring subscribers who never got the announcement into its audience.
WIDENS = frozenset({EventField.TOPIC, EventField.AUDIENCE})
# Changes the channel also gets a short follow-up post for.
FOLLOWED_UP = frozenset({EventField.TIME, EventField.PLACE})


@dataclass(frozen=True, slots=True)
class Change:
    """One field's new value, typed: ``str`` (title, description, topic), ``str | None``
    (place, link), ``int | None`` (capacity), ``datetime | None`` (deadline), a pair of
    ``datetime, datetime | None`` (time: start and end; no end keeps the duration) or a
    ``frozenset[int]`` of municipality ids (audience; empty: all)."""

    field: EventField
    value: Any

    def to_json(self) -> dict[str, Any]:
        value = self.value
        if self.field is EventField.TIME:
            start, end = value
            value = [start.isoformat(), end.isoformat() if end else None]
        elif self.field is EventField.DEADLINE:
            value = value.isoformat() if value else None
        elif self.field is EventField.AUDIENCE:
            value = sorted(value)
        return {"field": self.field.value, "value": value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Change:
        field = EventField(data["field"])
        value = data["value"]
        if field is EventField.TIME:
            start, end = value
            value = (datetime.fromisoformat(start), datetime.fromisoformat(end) if end else None)
        elif field is EventField.DEADLINE:
            value = datetime.fromisoformat(value) if value else None
        elif field is EventField.AUDIENCE:
            value = frozenset(int(x) for x in value)
        return cls(field, value)


@dataclass(frozen=True, slots=True)
class Outcome:
    told: int  # people told of the change
    moved_to_waitlist: int = 0
    promoted: int = 0
    announced: int = 0  # newly in the audience (topic, municipalities): the announcement


def check_link(raw: str) -> str:
    link = raw.strip()
    if not link.lower().startswith(LINK_SCHEMES) or any(c.isspace() for c in link):
        raise DomainError("events-errors-link")
    rules.check_length(link, rules.PLACE_MAX)
    return link


def check_place(raw: str) -> str:
    """A place people see on the public card: a link there would be public, so it is
    refused (the online link is its own field, only for those going)."""
    place = rules.clean_text(raw, rules.PLACE_MAX)
    if "://" in place or "www." in place.lower():
        raise DomainError("events-errors-place_link")
    return place


def _end_for(event: Event, start: datetime, end: datetime | None) -> datetime | None:
    if end is not None:
        return end
    return start + (event.ends_at - event.starts_at) if event.ends_at else None


def validate(event: Event, change: Change, now: datetime) -> Change:
    """The change checked against the event as it is now (and cleaned)."""
    field, value = change.field, change.value
    if field is EventField.TITLE:
        value = rules.clean_text(value, rules.TITLE_MAX)
    elif field is EventField.DESCRIPTION:
        rules.check_length(value, rules.DESCRIPTION_MAX)
    elif field is EventField.TIME:
        start, end = value
        rules.check_start(start, now)
        end = _end_for(event, start, end)
        if end is not None:
            rules.check_end(start, end)
        value = (start, end)
    elif field is EventField.PLACE and value is not None:
        value = check_place(value)
    elif field is EventField.LINK and value is not None:
        value = check_link(value)
    elif field is EventField.CAPACITY and value is not None:
        value = rules.parse_capacity(str(value))
    elif field is EventField.TOPIC and value not in TOPIC_VALUES:
        raise DomainError("events-choose-button")
    elif field is EventField.DEADLINE and value is not None:
        rules.check_deadline(value, event.starts_at, now)
    return Change(field, value)


def current(event: Event, field: EventField, audience: frozenset[int]) -> Any:
    """The field's value on the event, in the shape of ``Change.value``."""
    if field is EventField.TIME:
        return (event.starts_at, event.ends_at)
    if field is EventField.AUDIENCE:
        return audience
    attribute = {
        EventField.LINK: "online_link",
        EventField.DEADLINE: "rsvp_deadline",
    }.get(field, field.value)
    return getattr(event, attribute)


def shown(field: EventField, value: Any, render: Renderer, names: list[str]) -> str:
    """A value as people read it in a notice or a preview (plain text)."""
    if field is EventField.TIME:
        return render.span(value[0], value[1])
    if field is EventField.AUDIENCE:
        return ", ".join(names) if value else render.plain("events-change-all-municipalities")
    if field is EventField.TOPIC:
        return render.label(next(topic for topic in EVENT_TOPICS if topic.value == value))
    if field is EventField.DEADLINE:
        return render.when(value) if value else render.plain("events-change-until-start")
    if field is EventField.CAPACITY:
        return str(value) if value is not None else render.plain("events-change-no-limit")
    if value is None or value == "":
        return render.plain("events-change-empty")
    return str(value)


async def _open(session: AsyncSession, event_id: int) -> Event:
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise DomainError("events-errors-gone")
    if event.state is EventState.CANCELLED:
        raise DomainError("events-errors-cancelled")
    return event


async def claim(session: AsyncSession, event_id: int, seen_sequence: int) -> Event:
    """Take the event for one change: ``sequence`` moves on only if it is still the one the
    staff member saw (the row stays locked until commit). A second tap is refused."""
    moved = await session.execute(
        update(Event)
        .where(
            Event.id == event_id,
            Event.sequence == seen_sequence,
            Event.state != EventState.CANCELLED,
        )
        .values(sequence=Event.sequence + 1)
        .execution_options(synchronize_session=False)
    )
    if not moved.rowcount:  # type: ignore[attr-defined]
        await session.rollback()
        await _open(session, event_id)
        raise DomainError("events-errors-changed_meanwhile")
    return await _open(session, event_id)


async def drop_unsent_reminders(session: AsyncSession, event_id: int) -> int:
    ids = await session.scalars(
        select(Mailing.id).where(Mailing.dedup_key.like(f"reminder:{event_id}:%"))
    )
    return sum([await cancel_mailing(session, mailing_id) for mailing_id in ids.all()])


async def _set_time(session: AsyncSession, event: Event, value: Any) -> None:
    start, end = value
    if event.rsvp_deadline is not None and event.rsvp_deadline > start:
        event.rsvp_deadline = start
    if event.deadline_before_close is not None and event.deadline_before_close > start:
        event.deadline_before_close = start
    event.starts_at, event.ends_at = start, end
    event.schedule_version += 1
    await drop_unsent_reminders(session, event.id)


async def _set_audience(session: AsyncSession, event: Event, ids: frozenset[int]) -> None:
    await session.execute(delete(EventMunicipality).where(EventMunicipality.event_id == event.id))
    session.add_all(EventMunicipality(event_id=event.id, municipality_id=m) for m in ids)
    await session.flush()


async def _going(session: AsyncSession, event_id: int) -> int:
    rows = await session.scalars(
        select(Rsvp.id).where(Rsvp.event_id == event_id, Rsvp.status == RsvpStatus.GOING)
    )
    return len(rows.all())


async def _cut(session: AsyncSession, event: Event, capacity: int, now: datetime) -> list[int]:
    """Seats over the new capacity go back, latest signed up first, to the head of the
    waitlist (in the order they had signed up). Returns their user ids."""
    excess = await _going(session, event.id) - capacity
    if excess <= 0:
        return []
    moved = list(
        (
            await session.scalars(
                select(Rsvp)
                .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.GOING)
                .order_by(Rsvp.answered_at.desc(), Rsvp.id.desc())
                .limit(excess)
            )
        ).all()
    )
    first_waiting = await session.scalar(
        select(Rsvp.waitlisted_at)
        .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLIST)
        .order_by(Rsvp.waitlisted_at)
        .limit(1)
    )
    head = min(first_waiting or now, now)
    for ahead, rsvp in enumerate(reversed(moved)):  # earliest signed up gets the front
        rsvp.status = RsvpStatus.WAITLIST
        rsvp.waitlisted_at = head - timedelta(milliseconds=len(moved) - ahead)
    return [rsvp.user_id for rsvp in moved]


async def _promote(session: AsyncSession, event: Event, now: datetime) -> list[int]:
    """Seats a larger capacity opens go to the waitlist, first come first served."""
    free = None if event.capacity is None else event.capacity - await _going(session, event.id)
    if free is not None and free <= 0:
        return []
    query = (
        select(Rsvp)
        .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLIST)
        .order_by(Rsvp.waitlisted_at, Rsvp.id)
    )
    waiting = list((await session.scalars(query.limit(free) if free else query)).all())
    for rsvp in waiting:
        rsvp.status, rsvp.waitlisted_at, rsvp.answered_at = RsvpStatus.GOING, None, now
    return [rsvp.user_id for rsvp in waiting]


async def _set_capacity(
    session: AsyncSession, event: Event, capacity: int | None, now: datetime
) -> tuple[list[int], list[int]]:
    event.capacity = capacity
    moved = await _cut(session, event, capacity, now) if capacity is not None else []
    promoted = [] if moved else await _promote(session, event, now)
    await session.flush()
    event.going_count = await _going(session, event.id)
    return moved, promoted


async def _set(
    session: AsyncSession, event: Event, change: Change, now: datetime
) -> tuple[list[int], list[int]]:
    """Write the new value; returns who moved to the waitlist and who got a seat."""
    field, value = change.field, change.value
    if field is EventField.TIME:
        await _set_time(session, event, value)
    elif field is EventField.AUDIENCE:
        await _set_audience(session, event, value)
    elif field is EventField.CAPACITY:
        return await _set_capacity(session, event, value, now)
    elif field is EventField.LINK:
        event.online_link = value
    elif field is EventField.DEADLINE:
        event.rsvp_deadline = value
        event.deadline_before_close = None  # a deadline set anew replaces the kept one
    else:
        setattr(event, field.value, value)
    return [], []


async def _line(
    session: AsyncSession, change: Change, before: Any, audience: frozenset[int], render: Renderer
) -> tuple[str, str, str]:
    """«было … стало …»: the notice line (HTML) and both values as plain text."""
    new_ids = change.value if change.field is EventField.AUDIENCE else audience
    names = queries.audience_names
    was = shown(change.field, before, render, await names(session, audience))
    now = shown(change.field, change.value, render, await names(session, new_ids))
    return render(LINE_KEYS[change.field], was=was, now=now), was, now


async def apply(
    session: AsyncSession,
    event_id: int,
    actor_telegram_id: int,
    change: Change,
    *,
    seen_sequence: int,
    render: Renderer,
    tz: ZoneInfo,
    now: datetime | None = None,
) -> Outcome:
    """Change one field (checked again here), tell people and the channel. Commits."""
    now = now or utcnow()
    event = await _open(session, event_id)
    audience = frozenset(await municipality_ids(session, event.id))
    change = validate(event, change, now)
    before = current(event, change.field, audience)
    if before == change.value:
        raise DomainError("events-errors-unchanged")
    event = await claim(session, event_id, seen_sequence)
    line, was, became = await _line(session, change, before, audience, render)
    moved, promoted = await _set(session, event, change, now)
    await reach.check_card(session, event, render, tz)
    told = announced = 0
    if event.state is EventState.PUBLISHED:
        told = await _tell(session, event, change.field, line, render)
        told += await _tell_seats(session, event, moved, promoted, render)
        await reach.refresh_posts(session, event, render, tz, actor_telegram_id)
        if change.field in FOLLOWED_UP:
            await reach.follow_up(session, event, line, render, actor_telegram_id)
        if change.field in WIDENS:
            announced = await reach.announce_to_newcomers(
                session, event, render, tz, actor_telegram_id
            )
    audit.record(
        session,
        actor_telegram_id,
        "event.change",
        target=f"event:{event.id}",
        field=change.field.value,
        before=was,
        after=became,
        told=told,
    )
    await session.commit()
    return Outcome(told, len(moved), len(promoted), announced)


async def _tell(
    session: AsyncSession, event: Event, field: EventField, line: str, render: Renderer
) -> int:
    """Time and place: everyone who answered or got the announcement. The link: those
    going (nobody else ever sees it)."""
    if field not in TOLD:
        return 0
    if field is EventField.LINK:
        recipients = await reach.answered(session, event.id, (RsvpStatus.GOING,))
        content = messages.link_content(event, render)
    else:
        recipients = await reach.everyone(session, event.id)
        content = messages.change_content(event, [line], render)
    await enqueue(
        session,
        kind=MailingKind.NOTICE,
        title=render.plain("events-edited-title", title=event.title),
        content=content,
        recipients=recipients,
        dedup_key=f"event:{event.id}:change:{event.sequence}",
    )
    return len(recipients)


async def _tell_seats(
    session: AsyncSession,
    event: Event,
    moved: list[int],
    promoted: list[int],
    render: Renderer,
) -> int:
    """A capacity cut tells those moved to the waitlist; a larger one those who got in."""
    told = 0
    for user_ids, key, content in (
        (moved, "events-moved-title", messages.moved_content(event, render)),
        (promoted, "events-promoted-title", messages.promoted_content(event, render)),
    ):
        recipients = await reach.by_user_ids(session, user_ids)
        if not recipients:
            continue
        await enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=render.plain(key, title=event.title),
            content=content,
            recipients=recipients,
            dedup_key=f"event:{event.id}:{key}:{event.sequence}",
        )
        told += len(recipients)
    return told


async def cancel(
    session: AsyncSession,
    event_id: int,
    actor_telegram_id: int,
    *,
    render: Renderer,
    tz: ZoneInfo,
) -> int:
    """Cancel: a conditional UPDATE (of two taps one cancels), unsent reminders and
    announcements dropped, everyone who answered or got the announcement told with a
    CANCEL calendar entry, the channel post edited (no signup) and followed up. Returns
    how many people are told. Commits."""
    event = await _open(session, event_id)
    was_published = event.state is EventState.PUBLISHED
    event = await _claim_cancel(session, event_id)
    await drop_unsent_reminders(session, event.id)
    told: list[Recipient] = []
    if was_published:
        await reach.stop_announcement(session, event.id)
        told = await reach.everyone(session, event.id)
        await enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=render.plain("events-cancelled-title", title=event.title),
            content=messages.cancelled_content(event, render),
            recipients=told,
            created_by=actor_telegram_id,
            dedup_key=f"event:{event.id}:cancel",
        )
        await reach.refresh_posts(session, event, render, tz, actor_telegram_id)
        line = render("events-channel-cancelled", start=event.starts_at)
        await reach.follow_up(session, event, line, render, actor_telegram_id)
    audit.record(
        session, actor_telegram_id, "event.cancel", target=f"event:{event.id}", told=len(told)
    )
    await session.commit()
    return len(told)


async def _claim_cancel(session: AsyncSession, event_id: int) -> Event:
    moved = await session.execute(
        update(Event)
        .where(Event.id == event_id, Event.state != EventState.CANCELLED)
        .values(state=EventState.CANCELLED, sequence=Event.sequence + 1)
        .execution_options(synchronize_session=False)
    )
    if not moved.rowcount:  # type: ignore[attr-defined]
        await session.rollback()
        await _open(session, event_id)  # gone or cancelled: its refusal
        raise DomainError("events-errors-cancelled")
    event = await session.get(Event, event_id, populate_existing=True)
    assert event is not None  # it was just updated, in this transaction
    return event
