"""The tables of events: the event, the municipalities it is announced to, and answers."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, str_enum, utcnow
from models.topics import Topic

DEFAULT_REMINDER_OFFSETS = [24 * 60, 2 * 60]  # minutes before the start
BOT_NAME = "kuzbass-council-bot"
# Announcements of events go to the "events" topic; sessions of the Council to "council".
EVENT_TOPICS: tuple[Topic, ...] = (Topic.EVENTS, Topic.COUNCIL)
DEFAULT_TOPIC = Topic.EVENTS


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
    # A staff-set deadline still ahead when registration was closed by hand: reopening
    # brings it back (instead of leaving registration open until the start).
    deadline_before_close: Mapped[datetime | None]
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
    # The seat change (+1, -1, 0) of the last answer, written by its UPDATE so that RETURNING
    # tells what the statement did (portable: neither database returns old values).
    last_seat_delta: Mapped[int] = mapped_column(default=0, server_default="0")
    # Only those going get it (in the reminder before the start); never on the public card.
    online_link: Mapped[str | None] = mapped_column(String(500))

    @property
    def topic_member(self) -> Topic:
        """The subscription topic of the announcement (the default for old rows)."""
        try:
            return Topic(self.topic or DEFAULT_TOPIC)
        except ValueError:
            return DEFAULT_TOPIC


class EventFile(Base):
    """A file attached to an event (programme, poster): Telegram keeps it, we keep its id."""

    __tablename__ = "event_files"
    __table_args__ = (UniqueConstraint("event_id", "file_unique_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(128))
    is_photo: Mapped[bool] = mapped_column(default=False, server_default=false())
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


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
