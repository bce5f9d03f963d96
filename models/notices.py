"""Texts of the messages the domain puts into the outbox (reminders, waitlist promotions,
notices). They live with the domain because they are written in the same transaction as the
change that causes them; the interactive UI texts are in ``handlers/texts.py``.

Callback data strings here must match the ``CallbackData`` factories in
``handlers/callbacks.py``; a test checks that they do.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Novokuznetsk")


def local(dt: datetime, tz: ZoneInfo = DEFAULT_TZ) -> str:
    return dt.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def rsvp_callback(event_id: int, answer: str) -> str:
    """Same as ``handlers.callbacks.RsvpCb(event_id=..., answer=...).pack()``."""
    return f"rsvp:{event_id}:{answer}"


def _time_left(starts_at: datetime, now: datetime) -> str:
    minutes = max(1, round((starts_at - now).total_seconds() / 60))
    if minutes >= 20 * 60 and minutes <= 28 * 60:
        return "завтра"
    if minutes >= 2 * 24 * 60:
        return f"через {round(minutes / (24 * 60))} дн."
    if minutes >= 60:
        return f"через {round(minutes / 60)} ч."
    return f"через {minutes} мин."


def reminder_text(
    title: str, starts_at: datetime, place: str | None, now: datetime, tz: ZoneInfo
) -> str:
    """The wording follows the real time left, so a reminder sent late never says "завтра"
    an hour before the start."""
    lines = [
        f"⏰ Напоминание: {_time_left(starts_at, now)} — <b>{escape(title)}</b>",
        f"Начало: {local(starts_at, tz)}",
    ]
    if place:
        lines.append(f"Место: {escape(place)}")
    lines.append("Планы изменились? Ответьте кнопкой ниже.")
    return "\n".join(lines)


def reminder_buttons(event_id: int) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": "✅ Буду", "callback_data": rsvp_callback(event_id, "going")},
            {"text": "❌ Не смогу", "callback_data": rsvp_callback(event_id, "not_going")},
        ]
    ]


def promoted_text(title: str, starts_at: datetime, tz: ZoneInfo) -> str:
    return (
        f"🎉 Освободилось место: вы записаны на <b>{escape(title)}</b> "
        f"({local(starts_at, tz)}). Если планы изменились — отмените запись в карточке события."
    )
