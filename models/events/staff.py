"""Staff operations on an event: create a draft, publish, cancel, delete a draft, close or
reopen registration, duplicate. Changing one field is ``changes.apply``.

Whatever people are told about it (the announcement, the channel post, notices of an edit or
a cancellation) goes into the outbox in the same transaction as the change, rendered by the
caller's ``Renderer``. A refused operation raises ``DomainError`` (``events-errors-*``).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models.base import DEFAULT_TZ, utcnow
from models.errors import DomainError
from models.events import changes, files, messages, reach, rules
from models.events.entities import DEFAULT_TOPIC, Event, EventMunicipality, EventState
from models.events.queries import municipality_ids, municipality_names
from models.outbox import Content, MailingKind, Recipient, enqueue
from models.rendering import Renderer
from models.subscriptions import subscribers

ANNOUNCE_HEADER = "events-card-announce-header"
DUPLICATE_STEP = timedelta(days=7)


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
        dedup_key=reach.announce_key(event.id),
    )
    await files.announce_files(session, event.id, recipients, render, actor_telegram_id)
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
        dedup_key=reach.channel_key(event.id),
    )


async def cancel(
    session: AsyncSession,
    event_id: int,
    actor_telegram_id: int,
    *,
    render: Renderer,
    tz: ZoneInfo = DEFAULT_TZ,
) -> int:
    """Cancel an event (see ``changes.cancel``). Returns how many people are told."""
    return await changes.cancel(session, event_id, actor_telegram_id, render=render, tz=tz)


async def delete_draft(session: AsyncSession, event_id: int, actor_telegram_id: int) -> str:
    """Delete a draft for good (a conditional DELETE: only while it is a draft). Returns its
    title. Commits."""
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise DomainError("events-errors-gone")
    title = event.title
    gone = await session.execute(
        delete(Event)
        .where(Event.id == event_id, Event.state == EventState.DRAFT)
        .execution_options(synchronize_session=False)
    )
    if not gone.rowcount:  # type: ignore[attr-defined]
        await session.rollback()
        raise DomainError("events-errors-not_draft")
    session.expunge(event)
    audit.record(session, actor_telegram_id, "event.delete", target=f"event:{event_id}")
    await session.commit()
    return title


async def set_registration(
    session: AsyncSession,
    event_id: int,
    actor_telegram_id: int,
    *,
    open_: bool,
    render: Renderer,
    tz: ZoneInfo,
    now: datetime | None = None,
) -> Event:
    """Close registration by hand (the deadline becomes now, so «Пойду» is refused and the
        card says it is closed) or reopen it: the deadline staff had set comes back if it is
    still ahead, otherwise there is none. The channel post follows. Commits."""
    now = now or utcnow()
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise DomainError("events-errors-gone")
    if event.state is not EventState.PUBLISHED:
        raise DomainError("events-errors-not_published")
    closed = event.rsvp_deadline is not None and event.rsvp_deadline <= now
    if open_ == (not closed):
        key = "events-errors-registration_open" if open_ else "events-errors-registration_closed"
        raise DomainError(key)
    event = await changes.claim(session, event_id, event.sequence)
    if open_:
        kept = event.deadline_before_close
        event.rsvp_deadline = kept if kept is not None and kept > now else None
        event.deadline_before_close = None
    else:
        deadline = event.rsvp_deadline
        event.deadline_before_close = deadline if deadline and deadline > now else None
        event.rsvp_deadline = now
    await reach.refresh_posts(session, event, render, tz, actor_telegram_id)
    audit.record(
        session,
        actor_telegram_id,
        "event.registration.open" if open_ else "event.registration.close",
        target=f"event:{event.id}",
    )
    await session.commit()
    return event


def _shifted(moment: datetime, steps: int) -> datetime:
    return moment + DUPLICATE_STEP * steps


async def duplicate(
    session: AsyncSession, event_id: int, actor_telegram_id: int, *, now: datetime | None = None
) -> Event:
    """A new draft with the same fields, audience and files, moved on by whole weeks (at
    least one) so that it starts in the future: staff then fix the date. Commits."""
    now = now or utcnow()
    source = await session.get(Event, event_id, populate_existing=True)
    if source is None:
        raise DomainError("events-errors-gone")
    steps = 1
    while _shifted(source.starts_at, steps) <= now:
        steps += 1
    draft = rules.EventDraft(
        title=source.title,
        description=source.description,
        kind=source.kind,
        starts_at=_shifted(source.starts_at, steps),
        ends_at=_shifted(source.ends_at, steps) if source.ends_at else None,
        place=source.place,
        capacity=source.capacity,
        rsvp_deadline=_shifted(source.rsvp_deadline, steps) if source.rsvp_deadline else None,
        topic=source.topic or DEFAULT_TOPIC.value,
        municipality_ids=frozenset(await municipality_ids(session, source.id)),
        reminder_offsets=tuple(source.reminder_offsets or ()),
    )
    copy = await create(session, draft, actor_telegram_id)
    copy.online_link = source.online_link
    await files.copy_files(session, source.id, copy.id)
    audit.record(
        session, actor_telegram_id, "event.duplicate", target=f"event:{copy.id}", source=source.id
    )
    await session.commit()
    return copy
