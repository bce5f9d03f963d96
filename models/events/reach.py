"""Who hears of a change to an event, and how the channel post follows it.

People: everyone who answered (any answer) and everyone the announcement went or is going to
(its deliveries in the outbox say who), active and with consent, once each. The channel: its
post (the delivery of ``event:<id>:channel``) is edited in place once sent, or rewritten in
the outbox while it still waits; time, place and cancellation also get a short follow-up.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from models.errors import DomainError
from models.events import files, messages
from models.events.entities import Event, EventState, Rsvp, RsvpStatus
from models.events.queries import municipality_ids, municipality_names
from models.outbox import (
    OPEN_STATES,
    Content,
    ContentKind,
    Delivery,
    DeliveryState,
    Mailing,
    MailingKind,
    Recipient,
    cancel_mailing,
    enqueue,
)
from models.rendering import Renderer
from models.subscriptions import subscribers
from models.users import User

# Deliveries of the announcement that reached the person or still will.
ANNOUNCED = (DeliveryState.SENT, *OPEN_STATES)
CARD_LIMIT = 4096  # one Telegram message
Buttons = list[list[dict[str, str]]]


def announce_key(event_id: int) -> str:
    return f"event:{event_id}:announce"


def channel_key(event_id: int) -> str:
    return f"event:{event_id}:channel"


def _reachable() -> tuple[ColumnElement[bool], ...]:
    return (User.is_active.is_(True), User.consent_version.is_not(None))


async def answered(
    session: AsyncSession,
    event_id: int,
    statuses: tuple[RsvpStatus, ...] = tuple(RsvpStatus),
) -> list[Recipient]:
    """People who gave one of ``statuses``, by user id."""
    rows = await session.execute(
        select(User.telegram_id, User.id)
        .join(Rsvp, Rsvp.user_id == User.id)
        .where(Rsvp.event_id == event_id, Rsvp.status.in_(statuses), *_reachable())
        .order_by(User.id)
    )
    return [Recipient(chat_id, user_id) for chat_id, user_id in rows]


async def announced(session: AsyncSession, event_id: int) -> list[Recipient]:
    """People the announcement reached or is about to reach."""
    rows = await session.execute(
        select(User.telegram_id, User.id)
        .join(Delivery, Delivery.user_id == User.id)
        .join(Mailing, Mailing.id == Delivery.mailing_id)
        .where(
            Mailing.dedup_key == announce_key(event_id),
            Delivery.state.in_(ANNOUNCED),
            *_reachable(),
        )
        .order_by(User.id)
    )
    return [Recipient(chat_id, user_id) for chat_id, user_id in rows]


async def everyone(session: AsyncSession, event_id: int) -> list[Recipient]:
    """Answered or announced, each person once (answered first)."""
    seen: dict[int, Recipient] = {}
    for person in [*await answered(session, event_id), *await announced(session, event_id)]:
        seen.setdefault(person.chat_id, person)
    return list(seen.values())


async def _channel_post(session: AsyncSession, event_id: int) -> tuple[Mailing, Delivery] | None:
    row = (
        await session.execute(
            select(Mailing, Delivery)
            .join(Delivery, Delivery.mailing_id == Mailing.id)
            .where(Mailing.dedup_key == channel_key(event_id))
            .limit(1)
        )
    ).first()
    return None if row is None else (row[0], row[1])


async def follow_channel(
    session: AsyncSession,
    event_id: int,
    *,
    text: str,
    signup: bool,
    sequence: int,
    title: str,
    created_by: int | None,
) -> int | None:
    """Bring the channel post to ``text``: an edit once it is out, a rewrite of the waiting
    mailing before. Returns the channel's chat id (None: the event was never posted)."""
    found = await _channel_post(session, event_id)
    if found is None:
        return None
    mailing, delivery = found
    buttons = mailing.buttons if signup else None
    if delivery.state in OPEN_STATES:
        await session.execute(
            update(Mailing)
            .where(Mailing.id == mailing.id)
            .values(text=text, buttons=buttons)
            .execution_options(synchronize_session=False)
        )
        return delivery.chat_id
    if delivery.state is not DeliveryState.SENT or delivery.message_id is None:
        return delivery.chat_id
    if await _shown_in_channel(session, event_id, mailing) == (text, buttons):
        return delivery.chat_id  # Telegram refuses an edit that changes nothing
    await enqueue(
        session,
        kind=MailingKind.NOTICE,
        title=title,
        content=Content(
            kind=ContentKind.EDIT,
            text=text,
            copy_message_id=delivery.message_id,
            buttons=buttons,
        ),
        recipients=[Recipient(chat_id=delivery.chat_id)],
        created_by=created_by,
        dedup_key=f"event:{event_id}:channel-edit:{sequence}",
    )
    return delivery.chat_id


async def _shown_in_channel(
    session: AsyncSession, event_id: int, post: Mailing
) -> tuple[str | None, Buttons | None]:
    """What the channel post shows: its latest edit, or the post as sent."""
    last = await session.scalar(
        select(Mailing)
        .where(Mailing.dedup_key.like(f"event:{event_id}:channel-edit:%"))
        .order_by(Mailing.id.desc())
        .limit(1)
    )
    shown = last or post
    return shown.text, shown.buttons or None


async def channel_chat(session: AsyncSession, event_id: int) -> int | None:
    found = await _channel_post(session, event_id)
    return None if found is None else found[1].chat_id


async def by_user_ids(session: AsyncSession, user_ids: list[int]) -> list[Recipient]:
    if not user_ids:
        return []
    rows = await session.execute(
        select(User.telegram_id, User.id)
        .where(User.id.in_(user_ids), *_reachable())
        .order_by(User.id)
    )
    return [Recipient(chat_id, user_id) for chat_id, user_id in rows]


async def rewrite_announcement(session: AsyncSession, event_id: int, text: str) -> None:
    """Announcements not sent yet go out with the card as it is now."""
    await session.execute(
        update(Mailing)
        .where(Mailing.dedup_key == announce_key(event_id))
        .values(text=text)
        .execution_options(synchronize_session=False)
    )


async def stop_announcement(session: AsyncSession, event_id: int) -> int:
    """A cancelled event is not announced any more: what is not sent yet is cancelled, so
    the cancellation goes only to those who heard of the event."""
    ids = await session.scalars(
        select(Mailing.id).where(Mailing.dedup_key.like(f"{announce_key(event_id)}%"))
    )
    return sum([await cancel_mailing(session, i) for i in ids.all()])


async def refresh_posts(
    session: AsyncSession, event: Event, render: Renderer, tz: ZoneInfo, actor: int | None
) -> None:
    """The channel post shows the card as it is now (no signup link once cancelled), and
    announcements still waiting in the outbox go out with the new card."""
    names = await municipality_names(session, event.id)
    await follow_channel(
        session,
        event.id,
        text=messages.card_text(event, render, tz, names),
        signup=event.state is EventState.PUBLISHED,
        sequence=event.sequence,
        title=render.plain("events-channel-edit-title", title=event.title),
        created_by=actor,
    )
    header = render("events-card-announce-header")
    await rewrite_announcement(
        session, event.id, messages.card_text(event, render, tz, names, header=header)
    )


async def follow_up(
    session: AsyncSession, event: Event, line: str, render: Renderer, actor: int | None
) -> None:
    """A short post in the channel under the edited one: what changed."""
    chat_id = await channel_chat(session, event.id)
    if chat_id is None:
        return
    await enqueue(
        session,
        kind=MailingKind.NOTICE,
        title=render.plain("events-channel-followup-title", title=event.title),
        content=Content(text="\n".join([render("events-edited-notice", title=event.title), line])),
        recipients=[Recipient(chat_id=chat_id)],
        created_by=actor,
        dedup_key=f"event:{event.id}:channel-followup:{event.sequence}",
    )


async def announce_to_newcomers(
    session: AsyncSession, event: Event, render: Renderer, tz: ZoneInfo, actor: int
) -> int:
    """Subscribers the new topic or municipalities reach get the announcement (the same
    mailing: those who had it are not sent it twice) and its files."""
    recipients = await subscribers(
        session,
        topics=frozenset({event.topic_member}),
        municipality_ids=frozenset(await municipality_ids(session, event.id)),
    )
    had = {r.chat_id for r in await announced(session, event.id)}
    newcomers = [r for r in recipients if r.chat_id not in had]
    if not newcomers:
        return 0
    names = await municipality_names(session, event.id)
    header = render("events-card-announce-header")
    await enqueue(
        session,
        kind=MailingKind.ANNOUNCEMENT,
        title=render.plain("events-announce-title", title=event.title),
        content=Content(text=messages.card_text(event, render, tz, names, header=header)),
        recipients=newcomers,
        created_by=actor,
        dedup_key=announce_key(event.id),
    )
    await files.announce_files(session, event.id, newcomers, render, actor)
    return len(newcomers)


async def check_card(session: AsyncSession, event: Event, render: Renderer, tz: ZoneInfo) -> None:
    """The announcement stays one Telegram message (as the creation dialogue checks)."""
    names = await municipality_names(session, event.id)
    header = render("events-card-announce-header")
    card = messages.card_text(event, render, tz, names, header=header)
    if len(card) > CARD_LIMIT:
        await session.rollback()
        raise DomainError("events-errors-card_too_long", over=len(card) - CARD_LIMIT)
