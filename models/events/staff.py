"""Staff operations on an event: create a draft, publish, edit the time or place, cancel.

Whatever people are told about it (the announcement, the channel post, notices of an edit or
a cancellation) goes into the outbox in the same transaction as the change, rendered by the
caller's ``Renderer``. A refused operation raises ``DomainError`` (``events-errors-*``).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models.base import utcnow
from models.errors import DomainError
from models.events import messages, rules
from models.events.entities import Event, EventMunicipality, EventState, Rsvp, RsvpStatus
from models.events.queries import municipality_ids, municipality_names
from models.outbox import Content, Mailing, MailingKind, Recipient, cancel_mailing, enqueue
from models.rendering import Renderer
from models.subscriptions import subscribers
from models.users import User

ANNOUNCE_HEADER = "events-card-announce-header"
TOLD_OF_EDITS = (RsvpStatus.GOING, RsvpStatus.MAYBE, RsvpStatus.WAITLIST)


async def create(session: AsyncSession, draft: rules.EventDraft, actor_telegram_id: int) -> Event:
    """Save a draft event (not yet announced). Commits."""
    event = Event(
        title=draft.title,
        description=draft.description,
        kind=draft.kind,
        state=EventState.DRAFT,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        place=draft.place,
        capacity=draft.capacity,
        rsvp_deadline=draft.rsvp_deadline,
        topic=draft.topic,
        reminder_offsets=list(draft.reminder_offsets),
        created_by=actor_telegram_id,
        checkin_token=secrets.token_urlsafe(16),
    )
    session.add(event)
    await session.flush()
    session.add_all(
        EventMunicipality(event_id=event.id, municipality_id=m) for m in draft.municipality_ids
    )
    audit.record(session, actor_telegram_id, "event.create", target=f"event:{event.id}")
    await session.commit()
    return event


async def _editable(session: AsyncSession, event_id: int) -> Event:
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise DomainError("events-errors-gone")
    if event.state is EventState.CANCELLED:
        raise DomainError("events-errors-cancelled")
    return event


async def _claim_publication(session: AsyncSession, event: Event) -> None:
    """Move the draft on in the database: of two taps on «publish» (two instances, a
    repeated update), one wins, the other finds it published and is refused."""
    moved = await session.execute(
        update(Event)
        .where(Event.id == event.id, Event.state == EventState.DRAFT)
        .values(state=EventState.PUBLISHED)
        .execution_options(synchronize_session=False)
    )
    if not moved.rowcount:  # type: ignore[attr-defined]
        await session.rollback()
        raise DomainError("events-errors-not_draft")
    event.state = EventState.PUBLISHED


async def publish(
    session: AsyncSession,
    event_id: int,
    actor_telegram_id: int,
    *,
    render: Renderer,
    bot_username: str,
    channel_id: int | None,
    tz: ZoneInfo,
    now: datetime | None = None,
) -> int:
    """Publish a draft: the announcement to subscribers of its topic in its municipalities
    and the channel post go into the outbox in the same transaction. Returns how many
    subscribers it goes to. Commits."""
    now = now or utcnow()
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise DomainError("events-errors-gone")
    if event.state is not EventState.DRAFT:
        raise DomainError("events-errors-not_draft")
    if event.starts_at <= now:
        raise DomainError("events-errors-past")
    await _claim_publication(session, event)
    if event.checkin_token is None:
        event.checkin_token = secrets.token_urlsafe(16)
    names = await municipality_names(session, event.id)
    recipients = await subscribers(
        session,
        topics=frozenset({event.topic_member}),
        municipality_ids=frozenset(await municipality_ids(session, event.id)),
    )
    header = render(ANNOUNCE_HEADER)
    await enqueue(
        session,
        kind=MailingKind.ANNOUNCEMENT,
        title=render.plain("events-announce-title", title=event.title),
        content=Content(
            text=messages.card_text(event, render, tz, names, header=header),
            buttons=messages.announcement_buttons(event.id, render),
        ),
        recipients=recipients,
        created_by=actor_telegram_id,
        dedup_key=f"event:{event.id}:announce",
    )
    if channel_id is not None:
        await _post_to_channel(
            session, event, names, channel_id, actor_telegram_id, render, tz, bot_username
        )
    audit.record(
        session,
        actor_telegram_id,
        "event.publish",
        target=f"event:{event.id}",
        recipients=len(recipients),
        channel=channel_id is not None,
    )
    await session.commit()
    return len(recipients)


async def _post_to_channel(
    session: AsyncSession,
    event: Event,
    names: list[str],
    channel_id: int,
    actor_telegram_id: int,
    render: Renderer,
    tz: ZoneInfo,
    bot_username: str,
) -> None:
    """The channel's copy of the card: its button opens the bot (a channel has no answers)."""
    link = messages.start_link(bot_username, f"event_{event.id}")
    await enqueue(
        session,
        kind=MailingKind.ANNOUNCEMENT,
        title=render.plain("events-channel-title", title=event.title),
        content=Content(
            text=messages.card_text(event, render, tz, names),
            buttons=messages.channel_buttons(link, render),
        ),
        recipients=[Recipient(chat_id=channel_id)],
        created_by=actor_telegram_id,
        dedup_key=f"event:{event.id}:channel",
    )


async def _answered(
    session: AsyncSession, event_id: int, statuses: tuple[RsvpStatus, ...]
) -> list[Recipient]:
    rows = await session.execute(
        select(User.telegram_id, User.id)
        .join(Rsvp, Rsvp.user_id == User.id)
        .where(
            Rsvp.event_id == event_id,
            Rsvp.status.in_(statuses),
            User.is_active.is_(True),
            User.consent_version.is_not(None),
        )
        .order_by(User.id)
    )
    return [Recipient(chat_id, user_id) for chat_id, user_id in rows]


async def _drop_unsent_reminders(session: AsyncSession, event_id: int) -> int:
    ids = await session.scalars(
        select(Mailing.id).where(Mailing.dedup_key.like(f"reminder:{event_id}:%"))
    )
    return sum([await cancel_mailing(session, mailing_id) for mailing_id in ids.all()])


async def _move(
    session: AsyncSession,
    event: Event,
    starts_at: datetime,
    ends_at: datetime | None,
    now: datetime,
) -> bool:
    """A new start (and end; without one the duration is kept). True when it changed."""
    rules.check_start(starts_at, now)
    end = ends_at or (starts_at + (event.ends_at - event.starts_at) if event.ends_at else None)
    if end is not None:
        rules.check_end(starts_at, end)
    if starts_at == event.starts_at and end == event.ends_at:
        return False
    if event.rsvp_deadline is not None and event.rsvp_deadline > starts_at:
        event.rsvp_deadline = starts_at
    event.starts_at = starts_at
    event.ends_at = end
    event.schedule_version += 1
    await _drop_unsent_reminders(session, event.id)
    return True


async def edit(
    session: AsyncSession,
    event_id: int,
    actor_telegram_id: int,
    *,
    render: Renderer,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    place: str | None = None,
    now: datetime | None = None,
) -> int:
    """Change the time and/or the place. Those who answered going, maybe or are on the
    waitlist are told (through the outbox); a new start re-plans reminders. Returns how many
    people are told. Commits."""
    now = now or utcnow()
    event = await _editable(session, event_id)
    before = {"starts_at": event.starts_at.isoformat(), "place": event.place}
    changes: list[str] = []
    if starts_at is not None and await _move(session, event, starts_at, ends_at, now):
        changes.append(
            render("events-edited-time", when=render.span(event.starts_at, event.ends_at))
        )
    if place is not None:
        place = rules.clean_text(place, rules.PLACE_MAX)
        if place != event.place:
            event.place = place
            changes.append(render("events-edited-place", place=place))
    if not changes:
        raise DomainError("events-errors-unchanged")
    event.sequence += 1
    told: list[Recipient] = []
    if event.state is EventState.PUBLISHED:
        told = await _answered(session, event.id, TOLD_OF_EDITS)
        await enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=render.plain("events-edited-title", title=event.title),
            content=messages.edited_content(event, changes, render),
            recipients=told,
            created_by=actor_telegram_id,
        )
    audit.record(
        session,
        actor_telegram_id,
        "event.edit",
        target=f"event:{event.id}",
        before=before,
        after={"starts_at": event.starts_at.isoformat(), "place": event.place},
    )
    await session.commit()
    return len(told)


async def cancel(
    session: AsyncSession, event_id: int, actor_telegram_id: int, *, render: Renderer
) -> int:
    """Cancel an event: everyone who answered is told, unsent reminders are dropped.
    Returns how many people are told. Commits."""
    event = await _editable(session, event_id)
    was_published = event.state is EventState.PUBLISHED
    event.state = EventState.CANCELLED
    event.sequence += 1
    await _drop_unsent_reminders(session, event.id)
    told: list[Recipient] = []
    if was_published:
        told = await _answered(session, event.id, tuple(RsvpStatus))
        await enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=render.plain("events-cancelled-title", title=event.title),
            content=messages.cancelled_content(event, render),
            recipients=told,
            created_by=actor_telegram_id,
            dedup_key=f"event:{event.id}:cancel",
        )
    audit.record(session, actor_telegram_id, "event.cancel", target=f"event:{event.id}")
    await session.commit()
    return len(told)
