"""The values staff type when creating or editing an event, checked one by one.

A broken rule raises ``DomainError`` whose code is the key of its explanation
(``events-errors-*``) and whose params are that text's arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from models.errors import DomainError
from models.events.entities import EventKind

TITLE_MAX = 200
DESCRIPTION_MAX = 3000  # HTML; leaves room in a 4096-character card
PLACE_MAX = 500
CAPACITY_MAX = 100_000
OFFSET_MAX = 60 * 24 * 30  # reminders at most 30 days ahead
OFFSETS_MAX = 5
# One reminder offset: a number of hours, or of minutes with a minute suffix.
OFFSET = re.compile(r"(\d+)\s*(?:(?P<minutes>мин|м|m)|ч)?")


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


def check_start(starts_at: datetime, now: datetime) -> None:
    if starts_at <= now:
        raise DomainError("events-errors-past")
    if starts_at > now + timedelta(days=3 * 365):
        raise DomainError("events-errors-too_far")


def check_end(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise DomainError("events-errors-end_before_start", start=starts_at)
    if ends_at - starts_at > timedelta(days=31):
        raise DomainError("events-errors-too_long_event")


def check_deadline(deadline: datetime, starts_at: datetime, now: datetime) -> None:
    if deadline <= now:
        raise DomainError("events-errors-past")
    if deadline > starts_at:
        raise DomainError("events-errors-deadline_after_start", start=starts_at)


def clean_text(raw: str, limit: int) -> str:
    value = raw.strip()
    if not value:
        raise DomainError("events-errors-empty")
    check_length(value, limit)
    return value


def check_length(value: str, limit: int) -> None:
    if len(value) > limit:
        raise DomainError("events-errors-too_long", length=len(value), limit=limit)


def parse_capacity(raw: str) -> int:
    value = raw.strip()
    if not value.isdigit() or not 1 <= int(value) <= CAPACITY_MAX:
        raise DomainError("events-errors-capacity", limit=CAPACITY_MAX)
    return int(value)


def parse_offsets(raw: str) -> tuple[int, ...]:
    """``24, 2`` (hours) or ``30m`` (minutes) → minutes, longest first."""
    result: set[int] = set()
    for part in raw.replace(";", ",").replace(" ", ",").split(","):
        part = part.strip().lower()
        if not part:
            continue
        match = OFFSET.fullmatch(part)
        if match is None:
            raise DomainError("events-errors-offsets")
        value = int(match[1]) if match["minutes"] else int(match[1]) * 60
        if not 1 <= value <= OFFSET_MAX:
            raise DomainError("events-errors-offsets")
        result.add(value)
    if not result or len(result) > OFFSETS_MAX:
        raise DomainError("events-errors-offsets")
    return tuple(sorted(result, reverse=True))
