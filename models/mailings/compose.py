"""The rules of what an admin composes: URL buttons under the message, the start time, and
the audience as it will be resolved."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.audiences import Audience, count
from models.dates import parse_local
from models.errors import DomainError
from models.events import Event, EventState
from models.mailings.entities import BUTTON_TEXT_MAX, MAX_BUTTONS, URL_MAX


def parse_buttons(raw: str) -> list[list[dict[str, str]]]:
    """Lines "Text | https://..." → one URL button per row. A line that breaks a rule raises
    ``DomainError`` with ``line`` (1-based)."""
    lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
    if not lines:
        raise DomainError("mailing-buttons-empty")
    if len(lines) > MAX_BUTTONS:
        raise DomainError("mailing-buttons-too-many", limit=MAX_BUTTONS)
    rows: list[list[dict[str, str]]] = []
    for number, line in enumerate(lines, start=1):
        if line.count("|") != 1:
            raise DomainError("mailing-button-format", line=number)
        text, url = (part.strip() for part in line.split("|"))
        if not text:
            raise DomainError("mailing-button-no-text", line=number)
        if len(text) > BUTTON_TEXT_MAX:
            raise DomainError("mailing-button-text-long", line=number, limit=BUTTON_TEXT_MAX)
        if not _valid_url(url):
            raise DomainError("mailing-button-url", line=number)
        rows.append([{"text": text, "url": url}])
    return rows


_HOST_RE = re.compile(r"^[a-z0-9а-яё]([a-z0-9а-яё\-]*[a-z0-9а-яё])?(\.[a-z0-9а-яё\-]+)+$", re.I)


def _valid_url(url: str) -> bool:
    if not url or len(url) > URL_MAX or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme == "tg":
        return bool(parts.netloc or parts.path)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return bool(_HOST_RE.match(parts.hostname))


def parse_start(raw: str, tz: ZoneInfo, now: datetime) -> datetime:
    """A typed local start time ("15.12.2026 10:00") → UTC. A time in the past (or within a
    minute) or more than a year ahead is refused; so is text that is not a date."""
    when = parse_local(raw, tz).astimezone(now.tzinfo)
    if when <= now + timedelta(minutes=1):
        raise DomainError("mailing-when-past")
    if when > now + timedelta(days=366):
        raise DomainError("mailing-when-too-far")
    return when


def normalise_audience(audience: Audience) -> Audience:
    """People who answered an event hear about it even after /stop: a change of the event
    they signed up for is not an announcement."""
    return Audience(
        topics=audience.topics,
        municipality_ids=audience.municipality_ids,
        occupations=audience.occupations,
        event_id=audience.event_id,
        rsvp_statuses=audience.rsvp_statuses if audience.event_id is not None else frozenset(),
        checked_in=audience.checked_in and audience.event_id is not None,
        announcements_only=audience.event_id is None,
    )


async def audience_count(session: AsyncSession, audience: Audience) -> int:
    return await count(session, normalise_audience(audience))


async def events_for_audience(session: AsyncSession, limit: int = 8) -> list[Event]:
    """Events an admin may address the participants of: published or cancelled, newest
    first."""
    result = await session.scalars(
        select(Event)
        .where(Event.state != EventState.DRAFT)
        .order_by(Event.starts_at.desc())
        .limit(limit)
    )
    return list(result)
