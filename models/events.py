"""Events and RSVPs: capacity, waitlist, deadlines.

A seat is taken by one conditional UPDATE of ``events.going_count`` (``... WHERE going_count
< capacity``): atomic on PostgreSQL (row lock) and SQLite (single writer) alike, so two people
pressing "going" for the last seat can never both get it.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from models import audit, notices
from models.base import Base, str_enum, utcnow
from models.outbox import Content, MailingKind, Recipient, enqueue
from models.users import User

DEFAULT_REMINDER_OFFSETS = [24 * 60, 2 * 60]  # minutes before the start


class EventKind(enum.StrEnum):
    CONFERENCE = "conference"
    MEETING = "meeting"
    SEMINAR = "seminar"
    OTHER = "other"


class EventState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class RsvpStatus(enum.StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NOT_GOING = "not_going"
    WAITLIST = "waitlist"


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, "event_kind"))
    state: Mapped[EventState] = mapped_column(
        str_enum(EventState, "event_state"), default=EventState.DRAFT
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    place: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[int | None]
    going_count: Mapped[int] = mapped_column(default=0)
    rsvp_deadline: Mapped[datetime | None]
    topic: Mapped[str | None] = mapped_column(String(32))
    reminder_offsets: Mapped[list[int]] = mapped_column(
        JSON, default=lambda: list(DEFAULT_REMINDER_OFFSETS)
    )
    created_by: Mapped[int | None] = mapped_column(BigInteger)  # Telegram id of the author
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # A secret for the check-in QR code: it cannot be guessed from the id.
    checkin_token: Mapped[str | None] = mapped_column(String(64))
    # Grows on every edit (the calendar's SEQUENCE: a re-import updates the entry).
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    # Grows when the start moves: reminders are keyed by it, so they are planned anew.
    schedule_version: Mapped[int] = mapped_column(default=0, server_default="0")


class EventMunicipality(Base):
    """Municipalities an event is announced to; none means all of them."""

    __tablename__ = "event_municipalities"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )


class Rsvp(Base):
    __tablename__ = "rsvps"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        Index("ix_rsvps_event_id_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[RsvpStatus] = mapped_column(str_enum(RsvpStatus, "rsvp_status"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    waitlisted_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]


class RsvpRefused(ValueError):
    """An answer that cannot be taken: ``code`` is gone / cancelled / started / deadline."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, slots=True)
class RsvpResult:
    status: RsvpStatus
    waitlist_position: int | None = None
    promoted_user_id: int | None = None


async def _take_seat(session: AsyncSession, event_id: int) -> bool:
    result = await session.execute(
        update(Event)
        .where(
            Event.id == event_id,
            (Event.capacity.is_(None)) | (Event.going_count < Event.capacity),
        )
        .values(going_count=Event.going_count + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def _free_seat(session: AsyncSession, event_id: int) -> None:
    await session.execute(
        update(Event)
        .where(Event.id == event_id, Event.going_count > 0)
        .values(going_count=Event.going_count - 1)
        .execution_options(synchronize_session=False)
    )


async def waitlist_position(session: AsyncSession, event_id: int, user_id: int) -> int | None:
    rsvp = await session.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.user_id == user_id)
    )
    if rsvp is None or rsvp.status is not RsvpStatus.WAITLIST or rsvp.waitlisted_at is None:
        return None
    ahead = await session.scalar(
        select(func.count())
        .select_from(Rsvp)
        .where(
            Rsvp.event_id == event_id,
            Rsvp.status == RsvpStatus.WAITLIST,
            (Rsvp.waitlisted_at < rsvp.waitlisted_at)
            | ((Rsvp.waitlisted_at == rsvp.waitlisted_at) & (Rsvp.id < rsvp.id)),
        )
    )
    return int(ahead or 0) + 1


async def _promote_first(session: AsyncSession, event: Event, tz: ZoneInfo) -> int | None:
    """Give a freed seat to the first on the waitlist and tell them through the outbox."""
    first = await session.scalar(
        select(Rsvp)
        .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLIST)
        .order_by(Rsvp.waitlisted_at, Rsvp.id)
        .limit(1)
    )
    if first is None or not await _take_seat(session, event.id):
        return None
    first.status = RsvpStatus.GOING
    first.waitlisted_at = None
    first.answered_at = utcnow()
    person = await session.get(User, first.user_id)
    if person is not None and person.is_active:
        await enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=f"Место освободилось: {event.title}",
            content=Content(text=notices.promoted_text(event.title, event.starts_at, tz)),
            recipients=[Recipient(person.telegram_id, person.id)],
        )
    return first.user_id


async def rsvp(
    session: AsyncSession,
    event_id: int,
    user: User,
    answer: RsvpStatus,
    *,
    now: datetime | None = None,
    tz: ZoneInfo = notices.DEFAULT_TZ,
) -> RsvpResult:
    """Record a person's answer; "going" on a full event puts them on the waitlist; leaving
    a seat promotes the first on the waitlist. Commits."""
    if answer is RsvpStatus.WAITLIST:
        raise ValueError("the waitlist is not an answer; answer GOING")
    now = now or utcnow()
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None or event.state is EventState.DRAFT:
        raise RsvpRefused("gone")
    if event.state is EventState.CANCELLED:
        raise RsvpRefused("cancelled")
    if event.starts_at <= now:
        raise RsvpRefused("started")
    if event.rsvp_deadline is not None and event.rsvp_deadline <= now:
        raise RsvpRefused("deadline")
    current = await session.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.user_id == user.id)
    )
    before = current.status if current else None
    promoted: int | None = None
    status: RsvpStatus
    if answer is RsvpStatus.GOING:
        if before in (RsvpStatus.GOING, RsvpStatus.WAITLIST):
            status = before
        elif await _take_seat(session, event_id):
            status = RsvpStatus.GOING
        else:
            status = RsvpStatus.WAITLIST
    else:
        status = answer
    if current is None:
        current = Rsvp(event_id=event_id, user_id=user.id, status=status)
        session.add(current)
    if status is RsvpStatus.WAITLIST and before is not RsvpStatus.WAITLIST:
        current.waitlisted_at = now
    elif status is not RsvpStatus.WAITLIST:
        current.waitlisted_at = None
    if status != before:
        current.answered_at = now
    current.status = status
    await session.flush()
    if before is RsvpStatus.GOING and status is not RsvpStatus.GOING:
        await _free_seat(session, event_id)
        promoted = await _promote_first(session, event, tz)
    position = (
        await waitlist_position(session, event_id, user.id)
        if status is RsvpStatus.WAITLIST
        else None
    )
    await session.commit()
    return RsvpResult(status, position, promoted)


async def counts(session: AsyncSession, event_id: int) -> dict[RsvpStatus, int]:
    rows = await session.execute(
        select(Rsvp.status, func.count()).where(Rsvp.event_id == event_id).group_by(Rsvp.status)
    )
    return {RsvpStatus(s): int(n) for s, n in rows}


# --- staff operations: create, publish, edit, cancel ------------------------------------

TITLE_MAX = 200
DESCRIPTION_MAX = 3000  # HTML; leaves room in a 4096-character card
PLACE_MAX = 500
CAPACITY_MAX = 100_000
OFFSET_MAX = 60 * 24 * 30  # reminders at most 30 days ahead
BOT_NAME = "kuzbass-council-bot"

KIND_LABELS: dict[EventKind, str] = {
    EventKind.CONFERENCE: "Конференция",
    EventKind.MEETING: "Совещание",
    EventKind.SEMINAR: "Семинар",
    EventKind.OTHER: "Мероприятие",
}
# Announcements of events go to the "events" topic; sessions of the Council to "council".
TOPIC_LABELS: dict[str, str] = {
    "events": "Конференции и мероприятия",
    "council": "Заседания Совета",
}
DEFAULT_TOPIC = "events"


class EventInvalid(ValueError):
    """A value staff typed that breaks a rule; ``code`` names the rule for the UI."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class EventDraft:
    """Everything the creation dialogue collects, already validated field by field."""

    title: str
    description: str  # HTML (Telegram formatting kept)
    kind: EventKind
    starts_at: datetime
    ends_at: datetime | None
    place: str | None
    capacity: int | None
    rsvp_deadline: datetime | None
    topic: str
    municipality_ids: frozenset[int]
    reminder_offsets: tuple[int, ...]


def parse_local(raw: str, tz: ZoneInfo) -> datetime:
    """``15.12.2026 10:00`` typed in the Council's zone → an aware UTC datetime."""
    text = " ".join(raw.split())
    for pattern in ("%d.%m.%Y %H:%M", "%d.%m.%y %H:%M"):
        try:
            naive = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return naive.replace(tzinfo=tz).astimezone(UTC)
    raise EventInvalid("time_format")


def check_start(starts_at: datetime, now: datetime) -> None:
    if starts_at <= now:
        raise EventInvalid("past")
    if starts_at > now + timedelta(days=3 * 365):
        raise EventInvalid("too_far")


def check_end(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise EventInvalid("end_before_start")
    if ends_at - starts_at > timedelta(days=31):
        raise EventInvalid("too_long_event")


def check_deadline(deadline: datetime, starts_at: datetime, now: datetime) -> None:
    if deadline <= now:
        raise EventInvalid("past")
    if deadline > starts_at:
        raise EventInvalid("deadline_after_start")


def clean_text(raw: str, limit: int, code: str = "too_long") -> str:
    value = raw.strip()
    if not value:
        raise EventInvalid("empty")
    if len(value) > limit:
        raise EventInvalid(code, length=len(value), limit=limit)
    return value


def parse_capacity(raw: str) -> int:
    value = raw.strip()
    if not value.isdigit() or not 1 <= int(value) <= CAPACITY_MAX:
        raise EventInvalid("capacity", limit=CAPACITY_MAX)
    return int(value)


def parse_offsets(raw: str) -> tuple[int, ...]:
    """``24, 2`` (hours) or ``30м`` (minutes) → minutes, longest first."""
    result: set[int] = set()
    for part in raw.replace(";", ",").replace(" ", ",").split(","):
        part = part.strip().lower()
        if not part:
            continue
        minutes = part.endswith(("м", "m", "мин"))
        digits = part.rstrip("минm").rstrip("ч").strip()
        if not digits.isdigit():
            raise EventInvalid("offsets")
        value = int(digits) if minutes else int(digits) * 60
        if not 1 <= value <= OFFSET_MAX:
            raise EventInvalid("offsets")
        result.add(value)
    if not result or len(result) > 5:
        raise EventInvalid("offsets")
    return tuple(sorted(result, reverse=True))


def start_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


def event_open_callback(event_id: int) -> str:
    """Same as ``handlers.callbacks.events.EventOpenCb(id=...).pack()``."""
    return f"evo:{event_id}"


def event_answer_callback(event_id: int, answer: str) -> str:
    """Same as ``handlers.callbacks.events.EventAnswerCb(id=..., answer=...).pack()``."""
    return f"eva:{event_id}:{answer}"


ANSWER_BUTTONS = (("going", "✅ Пойду"), ("maybe", "🤔 Возможно"), ("not_going", "❌ Не пойду"))


def _local_range(event: Event, tz: ZoneInfo) -> str:
    start = event.starts_at.astimezone(tz)
    if event.ends_at is None:
        return f"{start:%d.%m.%Y %H:%M}"
    end = event.ends_at.astimezone(tz)
    if end.date() == start.date():
        return f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"
    return f"{start:%d.%m.%Y %H:%M} – {end:%d.%m.%Y %H:%M}"


def card_text(
    event: Event,
    tz: ZoneInfo,
    municipality_names: list[str] | None = None,
    *,
    header: str | None = None,
) -> str:
    """The event card as everyone sees it: in the announcement, the channel and the bot."""
    lines = []
    if header:
        lines.append(header)
    if event.state is EventState.CANCELLED:
        lines.append("🚫 <b>Мероприятие отменено</b>")
    lines.append(f"📅 <b>{escape(event.title)}</b>")
    lines.append(f"{KIND_LABELS[event.kind]} · {TOPIC_LABELS.get(event.topic or '', '—')}")
    lines.append(f"🕒 {_local_range(event, tz)} ({tz.key})")
    if event.place:
        lines.append(f"📍 {escape(event.place)}")
    if event.capacity is not None:
        left = max(0, event.capacity - event.going_count)
        lines.append(f"👥 Мест: {event.capacity}, свободно: {left}")
    if event.rsvp_deadline is not None:
        lines.append(f"⏳ Запись до {notices.local(event.rsvp_deadline, tz)}")
    if municipality_names:
        lines.append("🏙 Для: " + escape(", ".join(municipality_names)))
    if event.description:
        lines.append("")
        lines.append(event.description)
    return "\n".join(lines)


def announcement_buttons(event_id: int) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": label, "callback_data": event_answer_callback(event_id, answer)}
            for answer, label in ANSWER_BUTTONS
        ],
        [{"text": "📅 Подробнее", "callback_data": event_open_callback(event_id)}],
    ]


async def municipality_names(session: AsyncSession, event_id: int) -> list[str]:
    from models.municipalities import Municipality

    rows = await session.scalars(
        select(Municipality.name)
        .join(EventMunicipality, EventMunicipality.municipality_id == Municipality.id)
        .where(EventMunicipality.event_id == event_id)
        .order_by(Municipality.sort_order, Municipality.name)
    )
    return list(rows)


async def municipality_ids(session: AsyncSession, event_id: int) -> set[int]:
    rows = await session.scalars(
        select(EventMunicipality.municipality_id).where(EventMunicipality.event_id == event_id)
    )
    return set(rows)


async def create(session: AsyncSession, draft: EventDraft, actor_telegram_id: int) -> Event:
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


async def publish(
    session: AsyncSession,
    event_id: int,
    actor_telegram_id: int,
    *,
    bot_username: str,
    channel_id: int | None,
    tz: ZoneInfo,
    now: datetime | None = None,
) -> int:
    """Publish a draft: the announcement to subscribers of its topic in its municipalities
    and the channel post go into the outbox in the same transaction. Returns how many
    subscribers it goes to. Commits."""
    from models.subscriptions import Audience, Topic, resolve  # subscriptions builds on us

    now = now or utcnow()
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise EventInvalid("gone")
    if event.state is not EventState.DRAFT:
        raise EventInvalid("not_draft")
    if event.starts_at <= now:
        raise EventInvalid("past")
    event.state = EventState.PUBLISHED
    if event.checkin_token is None:
        event.checkin_token = secrets.token_urlsafe(16)
    names = await municipality_names(session, event.id)
    audience = Audience(
        topics=frozenset({Topic(event.topic or DEFAULT_TOPIC)}),
        municipality_ids=frozenset(await municipality_ids(session, event.id)),
    )
    recipients = await resolve(session, audience)
    text = card_text(event, tz, names, header="📣 <b>Анонс</b>")
    await enqueue(
        session,
        kind=MailingKind.ANNOUNCEMENT,
        title=f"Анонс: {event.title}",
        content=Content(text=text, buttons=announcement_buttons(event.id)),
        recipients=recipients,
        created_by=actor_telegram_id,
        dedup_key=f"event:{event.id}:announce",
    )
    if channel_id is not None:
        link = start_link(bot_username, f"event_{event.id}")
        await enqueue(
            session,
            kind=MailingKind.ANNOUNCEMENT,
            title=f"Анонс в канале: {event.title}",
            content=Content(
                text=card_text(event, tz, names),
                buttons=[[{"text": "📝 Записаться в боте", "url": link}]],
            ),
            recipients=[Recipient(chat_id=channel_id)],
            created_by=actor_telegram_id,
            dedup_key=f"event:{event.id}:channel",
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
    from models.outbox import Mailing, cancel_mailing

    ids = await session.scalars(
        select(Mailing.id).where(Mailing.dedup_key.like(f"reminder:{event_id}:%"))
    )
    return sum([await cancel_mailing(session, mailing_id) for mailing_id in ids.all()])


async def edit(
    session: AsyncSession,
    event_id: int,
    actor_telegram_id: int,
    *,
    tz: ZoneInfo,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    place: str | None = None,
    now: datetime | None = None,
) -> int:
    """Change the time and/or the place. Those who answered going, maybe or are on the
    waitlist are told (through the outbox); a new start re-plans reminders. Returns how many
    people are told. Commits."""
    now = now or utcnow()
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise EventInvalid("gone")
    if event.state is EventState.CANCELLED:
        raise EventInvalid("cancelled")
    before = {"starts_at": event.starts_at.isoformat(), "place": event.place}
    changes: list[str] = []
    if starts_at is not None:
        check_start(starts_at, now)
        end = ends_at or (starts_at + (event.ends_at - event.starts_at) if event.ends_at else None)
        if end is not None:
            check_end(starts_at, end)
        if starts_at != event.starts_at or end != event.ends_at:
            if event.rsvp_deadline is not None and event.rsvp_deadline > starts_at:
                event.rsvp_deadline = starts_at
            event.starts_at = starts_at
            event.ends_at = end
            event.schedule_version += 1
            await _drop_unsent_reminders(session, event.id)
            changes.append(f"🕒 Новое время: {_local_range(event, tz)}")
    if place is not None:
        place = clean_text(place, PLACE_MAX)
        if place != event.place:
            event.place = place
            changes.append(f"📍 Новое место: {escape(place)}")
    if not changes:
        raise EventInvalid("unchanged")
    event.sequence += 1
    told: list[Recipient] = []
    if event.state is EventState.PUBLISHED:
        told = await _answered(
            session, event.id, (RsvpStatus.GOING, RsvpStatus.MAYBE, RsvpStatus.WAITLIST)
        )
        text = "\n".join([f"✏️ Изменения в мероприятии <b>{escape(event.title)}</b>", *changes])
        await enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=f"Изменение: {event.title}",
            content=Content(
                text=text,
                buttons=[[{"text": "📅 Открыть", "callback_data": event_open_callback(event.id)}]],
            ),
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
    session: AsyncSession, event_id: int, actor_telegram_id: int, *, tz: ZoneInfo
) -> int:
    """Cancel an event: everyone who answered is told, unsent reminders are dropped.
    Returns how many people are told. Commits."""
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise EventInvalid("gone")
    if event.state is EventState.CANCELLED:
        raise EventInvalid("cancelled")
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
            title=f"Отмена: {event.title}",
            content=Content(
                text=(
                    f"🚫 Мероприятие <b>{escape(event.title)}</b> "
                    f"({notices.local(event.starts_at, tz)}) отменено. Приносим извинения."
                )
            ),
            recipients=told,
            created_by=actor_telegram_id,
            dedup_key=f"event:{event.id}:cancel",
        )
    audit.record(session, actor_telegram_id, "event.cancel", target=f"event:{event.id}")
    await session.commit()
    return len(told)


# --- queries --------------------------------------------------------------------------


async def get(session: AsyncSession, event_id: int) -> Event | None:
    return await session.get(Event, event_id, populate_existing=True)


async def answer_of(session: AsyncSession, event_id: int, user_id: int) -> Rsvp | None:
    return await session.scalar(
        select(Rsvp).where(Rsvp.event_id == event_id, Rsvp.user_id == user_id)
    )


def _not_over(now: datetime) -> ColumnElement[bool]:
    return func.coalesce(Event.ends_at, Event.starts_at) > now


async def upcoming_for(
    session: AsyncSession, user: User | None, *, now: datetime | None = None
) -> list[Event]:
    """Published events not over yet; those for the person's municipalities and topics
    first, then by start."""
    from models.subscriptions import UserMunicipality, UserTopic

    now = now or utcnow()
    found = list(
        (
            await session.scalars(
                select(Event)
                .where(Event.state == EventState.PUBLISHED, _not_over(now))
                .order_by(Event.starts_at, Event.id)
                .limit(500)
            )
        ).all()
    )
    if not found or user is None or not user.has_consent:
        return found
    ids = [e.id for e in found]
    audiences: dict[int, set[int]] = {}
    for event_id, municipality_id in await session.execute(
        select(EventMunicipality.event_id, EventMunicipality.municipality_id).where(
            EventMunicipality.event_id.in_(ids)
        )
    ):
        audiences.setdefault(event_id, set()).add(municipality_id)
    mine = set(
        (
            await session.scalars(
                select(UserMunicipality.municipality_id).where(UserMunicipality.user_id == user.id)
            )
        ).all()
    )
    if user.municipality_id is not None:
        mine.add(user.municipality_id)
    topics = set(
        (await session.scalars(select(UserTopic.topic).where(UserTopic.user_id == user.id))).all()
    )

    def rank(event: Event) -> int:
        audience = audiences.get(event.id)
        score = 0
        if audience is not None and audience & mine:
            score -= 2  # addressed to the person's municipality
        elif audience is None:
            score -= 1  # for everyone
        if (event.topic or DEFAULT_TOPIC) in topics:
            score -= 1
        return score

    return sorted(found, key=rank)  # stable: by start within a rank


async def answered_by(
    session: AsyncSession, user_id: int, *, now: datetime | None = None
) -> list[tuple[Event, Rsvp]]:
    """What the person answered: upcoming first (soonest first), then the last past ones."""
    now = now or utcnow()
    rows = (
        await session.execute(
            select(Event, Rsvp)
            .join(Rsvp, Rsvp.event_id == Event.id)
            .where(Rsvp.user_id == user_id, Event.state != EventState.DRAFT)
            .order_by(Event.starts_at.desc())
            .limit(50)
        )
    ).all()
    upcoming = sorted(
        ((e, r) for e, r in rows if (e.ends_at or e.starts_at) > now), key=lambda p: p[0].starts_at
    )
    past = [(e, r) for e, r in rows if (e.ends_at or e.starts_at) <= now][:10]
    return upcoming + past


async def staff_list(
    session: AsyncSession, *, past: bool, now: datetime | None = None, limit: int = 30
) -> list[Event]:
    now = now or utcnow()
    query = select(Event)
    if past:
        query = query.where(~_not_over(now)).order_by(Event.starts_at.desc())
    else:
        query = query.where(_not_over(now)).order_by(Event.starts_at)
    return list((await session.scalars(query.limit(limit))).all())


async def counts_by_municipality(
    session: AsyncSession, event_id: int
) -> dict[str, dict[RsvpStatus, int]]:
    from models.municipalities import Municipality

    rows = await session.execute(
        select(Municipality.name, Rsvp.status, func.count())
        .select_from(Rsvp)
        .join(User, User.id == Rsvp.user_id)
        .outerjoin(Municipality, Municipality.id == User.municipality_id)
        .where(Rsvp.event_id == event_id)
        .group_by(Municipality.name, Rsvp.status)
    )
    result: dict[str, dict[RsvpStatus, int]] = {}
    for name, status, n in rows:
        result.setdefault(name or "—", {})[RsvpStatus(status)] = int(n)
    return dict(sorted(result.items()))


async def checked_in_count(session: AsyncSession, event_id: int) -> int:
    n = await session.scalar(
        select(func.count())
        .select_from(Rsvp)
        .where(Rsvp.event_id == event_id, Rsvp.checked_in_at.is_not(None))
    )
    return int(n or 0)


# --- check-in -------------------------------------------------------------------------


class CheckIn(enum.StrEnum):
    DONE = "done"
    ALREADY = "already"
    WRONG_TOKEN = "wrong_token"
    NOT_TODAY = "not_today"
    CANCELLED = "cancelled"
    GONE = "gone"


async def check_in(
    session: AsyncSession,
    event_id: int,
    token: str,
    user: User,
    *,
    tz: ZoneInfo,
    now: datetime | None = None,
) -> tuple[CheckIn, Event | None]:
    """Mark the person as attended when the QR code's token is right and it is the event's
    day (in ``tz``). Someone who had not answered "going" becomes "going". Commits."""
    now = now or utcnow()
    event = await session.get(Event, event_id, populate_existing=True)
    if event is None or event.state is EventState.DRAFT:
        return CheckIn.GONE, None
    if event.checkin_token is None or not secrets.compare_digest(
        event.checkin_token.encode(), token.encode()
    ):
        return CheckIn.WRONG_TOKEN, event
    if event.state is EventState.CANCELLED:
        return CheckIn.CANCELLED, event
    today = now.astimezone(tz).date()
    first = event.starts_at.astimezone(tz).date()
    last = (event.ends_at or event.starts_at).astimezone(tz).date()
    if not first <= today <= last:
        return CheckIn.NOT_TODAY, event
    current = await answer_of(session, event.id, user.id)
    if current is not None and current.checked_in_at is not None:
        return CheckIn.ALREADY, event
    if current is None:
        current = Rsvp(event_id=event.id, user_id=user.id, status=RsvpStatus.GOING)
        current.answered_at = now
        session.add(current)
        await _count_in(session, event.id)
    elif current.status is not RsvpStatus.GOING:
        current.status = RsvpStatus.GOING
        current.waitlisted_at = None
        await _count_in(session, event.id)
    current.checked_in_at = now
    await session.commit()
    return CheckIn.DONE, event


async def _count_in(session: AsyncSession, event_id: int) -> None:
    """Someone who came takes a seat even past the capacity: they are in the room."""
    await session.execute(
        update(Event)
        .where(Event.id == event_id)
        .values(going_count=Event.going_count + 1)
        .execution_options(synchronize_session=False)
    )
