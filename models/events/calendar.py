"""An event as an iCalendar (.ics) file: a stable UID, so importing it again updates the
entry rather than adding a second one, and a SEQUENCE that grows with every edit.

A published event is a ``METHOD:REQUEST`` (an update of the entry when re-imported), a
cancelled one ``METHOD:CANCEL`` with ``STATUS:CANCELLED`` (calendars remove it). Alarms
follow the event's reminder offsets. The online link is never in the file (the file is
for anyone who sees the card)."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from zoneinfo import ZoneInfo

from models.base import utcnow
from models.events.entities import BOT_NAME, Event, EventState

DEFAULT_DURATION = timedelta(hours=2)
_TAG = re.compile(r"<[^>]+>")


def uid(event_id: int) -> str:
    return f"event-{event_id}@{BOT_NAME}"


def plain(html_text: str) -> str:
    return unescape(_TAG.sub("", html_text))


def build_ics(event: Event, tz: ZoneInfo) -> bytes:
    from icalendar import Alarm, Calendar
    from icalendar import Event as IcsEvent

    cal = Calendar()
    cal.add("prodid", f"-//{BOT_NAME}//events//RU")
    cal.add("version", "2.0")
    cancelled = event.state is EventState.CANCELLED
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
    item = IcsEvent()
    item.add("uid", uid(event.id))
    item.add("dtstamp", utcnow())
    item.add("sequence", event.sequence)
    item.add("summary", event.title)
    start = event.starts_at.astimezone(tz)
    end = (event.ends_at or event.starts_at + DEFAULT_DURATION).astimezone(tz)
    item.add("dtstart", start)
    item.add("dtend", end)
    if event.place:
        item.add("location", event.place)
    if event.description:
        item.add("description", plain(event.description))
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if not cancelled:
        for minutes in sorted(set(event.reminder_offsets or ()), reverse=True):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", event.title)
            alarm.add("trigger", -timedelta(minutes=minutes))
            item.add_component(alarm)
    cal.add_component(item)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def filename(event: Event) -> str:
    return f"event-{event.id}.ics"
